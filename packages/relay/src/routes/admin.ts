/**
 * Admin endpoints: the only way personal data leaves the relay. Every call
 * needs an admin token and is logged (route and token id, never the data).
 * Emails travel in POST bodies, never in URLs.
 */
import { type FieldIssue, NETWORKS, personSchema, toFieldIssues } from '@tract/sdk/schema';
import type { Context, Hono } from 'hono';
import { routePath } from 'hono/route';
import * as z from 'zod/mini';
import { erasePerson, exportPerson, recordWithdrawal, updatePerson } from '../admin/people.js';
import { authenticate } from '../auth/tokens.js';
import { COLUMN_OF_FIELD, confirmedColumns, type PersonColumns } from '../confirmation/person-fields.js';
import type { RelayContext } from '../context.js';
import { isSuppressed, suppressEmail } from '../db/suppression.js';
import { HttpError } from '../http/errors.js';
import { localeOf } from '../http/messages.js';
import { readJsonObject, requireJson } from '../http/request.js';

export const MAX_PAGE = 100;
const DAY_MS = 86_400_000;
const OUTBOX_STATUSES = ['pending', 'delivering', 'delivered', 'failed', 'dead'] as const;

const emailBody = z.strictObject({ email: z.string().check(z.minLength(3), z.maxLength(254), z.regex(/^[^@\s]+@[^@\s]+$/)) });
const shortText = z.string().check(z.minLength(1), z.maxLength(2048));
const contactCriteria = z.strictObject({
  network: z.optional(z.enum(NETWORKS)),
  handle: z.optional(shortText),
  profileUrl: z.optional(shortText),
  name: z.optional(shortText),
});
const erasureBody = z.strictObject({ email: z.optional(emailBody.shape.email), contact: z.optional(contactCriteria) });
const updateBody = z.strictObject({ email: emailBody.shape.email, person: z.record(z.string(), z.unknown()) });
const suppressionBody = z.strictObject({
  email: emailBody.shape.email,
  reason: z._default(z.string().check(z.minLength(1), z.maxLength(200)), 'opt_out'),
});

function badInput(path: string, code: 'invalid_input' | 'too_large' | 'invalid_email', message: string): HttpError {
  return new HttpError(400, 'invalid_input', { issues: [{ path, code, message }] });
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 50;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw badInput('limit', 'invalid_input', `limit must be an integer from 1 to ${MAX_PAGE}.`);
  if (limit > MAX_PAGE) throw badInput('limit', 'too_large', `limit is at most ${MAX_PAGE} per page: follow nextCursor for more.`);
  return limit;
}

function decodeCursor(raw: string | undefined): { createdAt: string; id: string } | undefined {
  if (!raw) return undefined;
  const [createdAt, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id) throw badInput('cursor', 'invalid_input', 'cursor is not one this relay issued.');
  return { createdAt, id };
}

async function readEmail(c: Context, timeoutMs: number) {
  requireJson(c);
  const parsed = z.safeParse(emailBody, await readJsonObject(c, timeoutMs));
  if (!parsed.success) throw badInput('email', 'invalid_email', 'Send {"email": "<address>"}.');
  return parsed.data.email;
}

/** Actions with their person's email: what an admin reads, one row or a page at a time. */
function actionsWithEmail(ctx: RelayContext) {
  return ctx.db
    .selectFrom('actions')
    .leftJoin('people', 'people.id', 'actions.person_id')
    .select([
      'actions.id',
      'actions.kind',
      'actions.status',
      'actions.confirmation',
      'actions.target_id',
      'actions.data',
      'actions.created_at',
      'actions.expires_at',
      'people.email',
    ]);
}

export function adminRoutes(app: Hono, ctx: RelayContext): void {
  app.use('/v1/admin/*', async (c, next) => {
    const session = await authenticate(ctx.db, c.req.header('authorization'), ctx.now());
    if (!session) throw new HttpError(401, 'unauthorized');
    if (session.role !== 'admin') throw new HttpError(403, 'forbidden');
    c.header('Cache-Control', 'no-store');
    ctx.log(
      JSON.stringify({
        time: ctx.now().toISOString(),
        event: 'admin_access',
        method: c.req.method,
        route: routePath(c, -1),
        tokenId: session.tokenId,
      }),
    );
    await next();
  });

  app.get('/v1/admin/actions', async (c) => {
    const limit = parseLimit(c.req.query('limit'));
    const cursor = decodeCursor(c.req.query('cursor'));
    let query = actionsWithEmail(ctx)
      .orderBy('actions.created_at')
      .orderBy('actions.id')
      .limit(limit + 1);
    if (cursor) {
      query = query.where((eb) =>
        eb.or([
          eb('actions.created_at', '>', cursor.createdAt),
          eb.and([eb('actions.created_at', '=', cursor.createdAt), eb('actions.id', '>', cursor.id)]),
        ]),
      );
    }
    const rows = await query.execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({
      actions: page.map(toAdminAction),
      nextCursor: rows.length > limit && last ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
    });
  });

  app.get('/v1/admin/actions/:id', async (c) => {
    const row = await actionsWithEmail(ctx).where('actions.id', '=', c.req.param('id').toLowerCase()).executeTakeFirst();
    if (!row) throw new HttpError(404, 'not_found');
    return c.json(toAdminAction(row));
  });

  app.post('/v1/admin/people/export', async (c) =>
    c.json(await exportPerson(ctx.db, ctx.hashKey, await readEmail(c, ctx.config.bodyTimeoutMs))),
  );

  app.post('/v1/admin/people/erase', async (c) => {
    requireJson(c);
    const parsed = z.safeParse(erasureBody, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    const request = parsed.success ? parsed.data : undefined;
    const contact = request?.contact;
    if (!request || (request.email === undefined && contact === undefined)) {
      throw badInput(
        'email',
        'invalid_email',
        'Send {"email": "<address>"}, or {"contact": {"network"?, "handle"?, "profileUrl"?, "name"?}} naming a clipped contact, or both.',
      );
    }
    if (contact && contact.handle === undefined && contact.profileUrl === undefined && contact.name === undefined) {
      throw badInput('contact', 'invalid_input', 'contact needs a handle, a profileUrl or a name: a network alone names everyone on it.');
    }
    const now = ctx.now();
    const { report, walEmptied } = await erasePerson(
      ctx.db,
      ctx.hashKey,
      request,
      now,
      new Date(now.getTime() + ctx.config.retention.donationDays * DAY_MS),
    );
    if (!walEmptied) ctx.log(JSON.stringify({ time: ctx.now().toISOString(), event: 'erasure_wal_busy' }));
    return c.json({ erased: report, walEmptied });
  });

  app.post('/v1/admin/people/update', async (c) => {
    requireJson(c);
    const parsed = z.safeParse(updateBody, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    if (!parsed.success) throw badInput('person', 'invalid_input', 'Send {"email": "<address>", "person": {"givenName": "...", ...}}.');
    const { email, person } = parsed.data;
    const { fields, clear } = personUpdate(person, email, localeOf(c.req.header('accept-language')));
    const record = await updatePerson(ctx.db, ctx.hashKey, email, fields, clear, ctx.now());
    if (!record) throw new HttpError(404, 'not_found');
    return c.json({ person: record });
  });

  app.post('/v1/admin/suppression', async (c) => {
    requireJson(c);
    const parsed = z.safeParse(suppressionBody, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    if (!parsed.success) throw badInput('email', 'invalid_email', 'Send {"email": "<address>", "reason": "<why>"}.');
    const now = ctx.now();
    await suppressEmail(ctx.db, ctx.hashKey, parsed.data.email, parsed.data.reason, now);
    await recordWithdrawal(
      ctx.db,
      ctx.hashKey.emailHash(parsed.data.email),
      'admin',
      now,
      new Date(now.getTime() + ctx.config.retention.donationDays * DAY_MS),
    );
    return c.json({ suppressed: true }, 201);
  });

  app.post('/v1/admin/suppression/check', async (c) => {
    const email = await readEmail(c, ctx.config.bodyTimeoutMs);
    return c.json({ suppressed: await isSuppressed(ctx.db, ctx.hashKey.emailHash(email)) });
  });

  app.get('/v1/admin/outbox', async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !(OUTBOX_STATUSES as readonly string[]).includes(status)) {
      throw badInput('status', 'invalid_input', `status is one of ${OUTBOX_STATUSES.join(', ')}.`);
    }
    const limit = parseLimit(c.req.query('limit'));
    let query = ctx.db.selectFrom('outbox').selectAll().orderBy('created_at').orderBy('id').limit(limit);
    query = status ? query.where('status', '=', status as (typeof OUTBOX_STATUSES)[number]) : query.where('status', '!=', 'delivered');
    const counts = await ctx.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('status')
      .execute();
    return c.json({
      counts: Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, Number(counts.find((row) => row.status === s)?.count ?? 0)])),
      deliveries: await query.execute(),
    });
  });
}

/**
 * Reads the `person` of an update: the SDK's person schema validates the
 * fields given (with the record's email, which this endpoint never changes),
 * and `null` empties a field.
 */
function personUpdate(
  person: Record<string, unknown>,
  email: string,
  locale: string,
): { fields: Partial<PersonColumns>; clear: (keyof PersonColumns)[] } {
  const fr = locale === 'fr';
  const issues: FieldIssue[] = [];
  if ('email' in person) {
    issues.push({
      path: 'person.email',
      code: 'unknown_field',
      message: fr
        ? 'L’adresse ne change pas ici : elle identifie la personne et son consentement.'
        : 'The address cannot change here: it is what identifies the person and their consent.',
    });
  }
  const clear: (keyof PersonColumns)[] = [];
  const given: Record<string, unknown> = { email };
  for (const [field, value] of Object.entries(person)) {
    if (field === 'email') continue;
    if (value === null && Object.hasOwn(COLUMN_OF_FIELD, field)) clear.push(COLUMN_OF_FIELD[field as keyof typeof COLUMN_OF_FIELD]);
    else given[field] = value;
  }
  const parsed = z.safeParse(personSchema, given);
  if (!parsed.success) issues.push(...toFieldIssues(parsed.error.issues, locale).map((i) => ({ ...i, path: `person.${i.path}` })));
  if (issues.length > 0 || !parsed.success) throw new HttpError(400, 'invalid_input', { issues });
  return { fields: confirmedColumns(parsed.data), clear };
}

function toAdminAction(row: {
  id: string;
  kind: string;
  status: string;
  confirmation: string;
  target_id: string | null;
  data: string;
  created_at: string;
  expires_at: string;
  email: string | null;
}) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    confirmation: row.confirmation,
    targetId: row.target_id,
    email: row.email,
    data: JSON.parse(row.data) as unknown,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
