/**
 * Field mode for admins, under `/v1/admin/field/*` (the admin middleware of
 * `admin.ts` checks the token and logs each call): build lists, invite and
 * revoke volunteers, follow progress, pace and flags, read the reveal audit log.
 */
import { toFieldIssues } from '@tract/sdk/schema';
import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { authenticate } from '../auth/tokens.js';
import { audit } from '../console/audit.js';
import type { RelayContext } from '../context.js';
import { DAY_MS, FIELD_LIMITS, HOUR_MS } from '../field/limits.js';
import { createList } from '../field/lists.js';
import { listProgress, listVolunteers, revealLog } from '../field/progress.js';
import { createInvitation, revokeVolunteer } from '../field/volunteers.js';
import { HttpError } from '../http/errors.js';
import { localeOf } from '../http/messages.js';
import { readJsonObject, requireJson } from '../http/request.js';

const bounded = (limits: { fallback: number; min: number; max: number }) =>
  z._default(z.number().check(z.int(), z.gte(limits.min), z.lte(limits.max)), limits.fallback);
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const isoInstant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/));

const listBody = z.strictObject({
  kind: z.enum(['call', 'door']),
  name: text(120),
  filter: z._default(
    z.strictObject({
      actionKinds: z.optional(z.array(z.enum(['signup', 'petition_signature', 'rsvp', 'donation'])).check(z.maxLength(4))),
      targets: z.optional(z.array(text(100)).check(z.maxLength(50))),
      sources: z.optional(z.array(text(100)).check(z.maxLength(50))),
      postalCodePrefixes: z.optional(z.array(z.string().check(z.regex(/^[0-9A-Za-z]{1,10}$/))).check(z.maxLength(200))),
      from: z.optional(isoInstant),
      to: z.optional(isoInstant),
      supportLevels: z.optional(z.array(z.number().check(z.int(), z.gte(1), z.lte(5))).check(z.maxLength(5))),
    }),
    {},
  ),
  script: z.strictObject({ fr: text(10_000), en: text(10_000) }),
  questions: z._default(
    z.strictObject({
      supportLevel: z._default(z.boolean(), true),
      willVolunteer: z._default(z.boolean(), true),
      yardSign: z._default(z.boolean(), true),
      note: z._default(z.boolean(), true),
    }),
    { supportLevel: true, willVolunteer: true, yardSign: true, note: true },
  ),
  sliceSize: bounded(FIELD_LIMITS.sliceSize),
  reservationMinutes: bounded(FIELD_LIMITS.reservationMinutes),
  cooldownDays: bounded(FIELD_LIMITS.cooldownDays),
  revealsPerHour: bounded(FIELD_LIMITS.revealsPerHour),
  revealMinAverageSeconds: bounded(FIELD_LIMITS.revealMinAverageSeconds),
});

const invitationBody = z.strictObject({ name: text(120), validDays: bounded(FIELD_LIMITS.invitationDays) });

export function fieldAdminRoutes(app: Hono, ctx: RelayContext): void {
  const parse = async <T>(c: Context, schema: z.ZodMiniType<T>): Promise<T> => {
    requireJson(c);
    const parsed = z.safeParse(schema, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    if (!parsed.success)
      throw new HttpError(400, 'invalid_input', { issues: toFieldIssues(parsed.error.issues, localeOf(c.req.header('accept-language'))) });
    return parsed.data;
  };
  /** The admin's session (the admin middleware already let only admins through). */
  const adminOf = async (c: Context) => {
    const session = await authenticate(ctx.db, c.req.header('authorization'), ctx.now());
    if (!session) throw new HttpError(401, 'unauthorized');
    return session;
  };
  const listOr404 = async (id: string) => {
    const list = await ctx.db.selectFrom('field_lists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!list) throw new HttpError(404, 'not_found');
    return list;
  };

  app.post('/v1/admin/field/lists', async (c) => {
    const input = await parse(c, listBody);
    if (input.kind === 'door' && !input.filter.postalCodePrefixes?.length) {
      const fr = localeOf(c.req.header('accept-language')) === 'fr';
      throw new HttpError(400, 'invalid_input', {
        issues: [
          {
            path: 'filter.postalCodePrefixes',
            code: 'required',
            message: fr
              ? 'Une liste de porte-à-porte couvre des codes postaux : indiquez-en au moins un début.'
              : 'A door list covers postal areas: give at least one postal code prefix.',
          },
        ],
      });
    }
    const now = ctx.now();
    const admin = await adminOf(c);
    const created = await createList(ctx.db, input, admin.tokenId, now, new Date(ctx.config.retention.campaignEndsAt));
    await audit(
      ctx.db,
      admin,
      { event: 'field.list.create', target: created.id, records: created.size, detail: { kind: input.kind, filter: input.filter } },
      now,
    );
    return c.json(created, 201);
  });

  app.get('/v1/admin/field/lists', async (c) => {
    const lists = await ctx.db.selectFrom('field_lists').selectAll().orderBy('created_at', 'desc').limit(100).execute();
    return c.json({
      lists: await Promise.all(lists.map(async (list) => ({ ...listSummary(list), progress: await listProgress(ctx.db, list) }))),
    });
  });

  app.get('/v1/admin/field/lists/:id', async (c) => {
    const list = await listOr404(c.req.param('id'));
    const now = ctx.now();
    return c.json({
      ...listSummary(list),
      script: JSON.parse(list.script) as unknown,
      questions: JSON.parse(list.questions) as unknown,
      filter: JSON.parse(list.filter) as unknown,
      progress: await listProgress(ctx.db, list),
      volunteers: await listVolunteers(ctx.db, list.id, now, new Date(now.getTime() - HOUR_MS)),
    });
  });

  app.post('/v1/admin/field/lists/:id/invitations', async (c) => {
    const list = await listOr404(c.req.param('id'));
    const input = await parse(c, invitationBody);
    const now = ctx.now();
    const admin = await adminOf(c);
    const invitation = await createInvitation(
      ctx.db,
      list.id,
      input.name,
      admin.tokenId,
      now,
      new Date(now.getTime() + input.validDays * DAY_MS),
    );
    await audit(
      ctx.db,
      admin,
      { event: 'field.volunteer.invite', target: invitation.volunteerId, records: 0, detail: { list: list.id } },
      now,
    );
    return c.json({ ...invitation, path: `/field/#invitation=${invitation.invitation}` }, 201);
  });

  app.post('/v1/admin/field/volunteers/:id/revoke', async (c) => {
    const now = ctx.now();
    if (!(await revokeVolunteer(ctx.db, c.req.param('id'), now))) throw new HttpError(404, 'not_found');
    await audit(ctx.db, await adminOf(c), { event: 'field.volunteer.revoke', target: c.req.param('id'), records: 0 }, now);
    return c.json({ revoked: true });
  });

  app.get('/v1/admin/field/lists/:id/reveals', async (c) => {
    const list = await listOr404(c.req.param('id'));
    return c.json({ reveals: await revealLog(ctx.db, list.id, 200) });
  });
}

function listSummary(list: {
  id: string;
  kind: string;
  name: string;
  size: number;
  slice_size: number;
  reservation_minutes: number;
  cooldown_days: number;
  reveals_per_hour: number;
  reveal_min_average_seconds: number;
  created_at: string;
}) {
  return {
    id: list.id,
    kind: list.kind,
    name: list.name,
    size: list.size,
    sliceSize: list.slice_size,
    reservationMinutes: list.reservation_minutes,
    cooldownDays: list.cooldown_days,
    revealsPerHour: list.reveals_per_hour,
    revealMinAverageSeconds: list.reveal_min_average_seconds,
    createdAt: list.created_at,
  };
}
