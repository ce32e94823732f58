/**
 * Admin endpoints: the only way personal data leaves the relay. Every call
 * needs an admin token and is logged (route and token id, never the data).
 * Emails travel in POST bodies, never in URLs.
 */
import { type FieldIssue, NETWORKS, personSchema, toFieldIssues } from '@tract/sdk/schema';
import type { Context, Hono } from 'hono';
import type { Kysely, Transaction } from 'kysely';
import * as z from 'zod/mini';
import { erasePerson, exportPerson, recordWithdrawal, updatePerson } from '../admin/people.js';
import { seatHolders } from '../admin/seats.js';
import { authenticate, type Session } from '../auth/tokens.js';
import { COLUMN_OF_FIELD, confirmedColumns, type PersonColumns } from '../confirmation/person-fields.js';
import { audit, auditedRead } from '../console/audit.js';
import type { RelayContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { isSuppressed, suppressEmail } from '../db/suppression.js';
import { routePattern } from '../http/access-log.js';
import { HttpError } from '../http/errors.js';
import { type Locale, localeOf } from '../http/messages.js';
import { wholeNumberParam } from '../http/query.js';
import { readJsonObject, requireJson } from '../http/request.js';

export const MAX_PAGE = 100;

/**
 * What an organizer token may call under `/v1/admin/`: who it is, the
 * aggregate counts, and the contacts it clipped itself. Everything else there
 * reads or changes supporters' data: admin only.
 */
const ORGANIZER_PATHS = [/^\/v1\/admin\/session$/, /^\/v1\/admin\/overview$/, /^\/v1\/admin\/contacts(\/[^/]+)?$/];

/** The session each admin request was authenticated with. */
const sessions = new WeakMap<Request, Session>();

export function sessionOf(c: Context): Session {
  const session = sessions.get(c.req.raw);
  if (!session) throw new HttpError(401, 'unauthorized');
  return session;
}
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

export function badInput(path: string, code: 'invalid_input' | 'invalid_email', message: string): HttpError {
  return new HttpError(400, 'invalid_input', { issues: [{ path, code, message }] });
}

export function localeOfRequest(c: Context): Locale {
  return localeOf(c.req.header('accept-language'));
}

export function parseLimit(c: Context): number {
  return wholeNumberParam(c.req.query('limit'), 'limit', { min: 1, max: MAX_PAGE, fallback: 50 }, localeOfRequest(c));
}

export function decodeCursor(c: Context): { createdAt: string; id: string } | undefined {
  const raw = c.req.query('cursor');
  if (!raw) return undefined;
  const [createdAt, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id) {
    const fr = localeOfRequest(c) === 'fr';
    throw badInput(
      'cursor',
      'invalid_input',
      fr ? 'cursor n’est pas un curseur donné par ce relais.' : 'cursor is not one this relay issued.',
    );
  }
  return { createdAt, id };
}

async function readEmail(c: Context, timeoutMs: number) {
  requireJson(c);
  const parsed = z.safeParse(emailBody, await readJsonObject(c, timeoutMs));
  if (!parsed.success) {
    const fr = localeOfRequest(c) === 'fr';
    throw badInput('email', 'invalid_email', fr ? 'Envoyez {"email": "<adresse>"}.' : 'Send {"email": "<address>"}.');
  }
  return parsed.data.email;
}

/** Actions with their person's email: what an admin reads, one row or a page at a time. */
function actionsWithEmail(db: Kysely<Database> | Transaction<Database>) {
  return db
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
    const organizerMay = session.role === 'organizer' && ORGANIZER_PATHS.some((pattern) => pattern.test(c.req.path));
    if (session.role !== 'admin' && !organizerMay) throw new HttpError(403, 'forbidden');
    sessions.set(c.req.raw, session);
    c.header('Cache-Control', 'no-store');
    ctx.log(
      JSON.stringify({
        time: ctx.now().toISOString(),
        event: 'admin_access',
        method: c.req.method,
        route: routePattern(c),
        tokenId: session.tokenId,
      }),
    );
    await next();
  });

  app.get('/v1/admin/session', (c) => {
    const session = sessionOf(c);
    return c.json({ tokenId: session.tokenId, role: session.role, name: session.name });
  });

  app.get('/v1/admin/actions', async (c) => {
    const limit = parseLimit(c);
    const cursor = decodeCursor(c);
    let query = actionsWithEmail(ctx.db)
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
    const rows = await auditedRead(
      ctx.db,
      sessionOf(c),
      ctx.now(),
      (trx) => trx.executeQuery(query.compile()).then((result) => result.rows),
      (read) => ({ event: 'actions.list', target: '/v1/admin/actions', records: Math.min(read.length, limit) }),
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({
      actions: page.map(toAdminAction),
      nextCursor: rows.length > limit && last ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
    });
  });

  app.get('/v1/admin/actions/:id', async (c) => {
    const id = c.req.param('id').toLowerCase();
    const row = await auditedRead(
      ctx.db,
      sessionOf(c),
      ctx.now(),
      (trx) => actionsWithEmail(trx).where('actions.id', '=', id).executeTakeFirst(),
      (read) => ({ event: 'actions.read', target: id, records: read ? 1 : 0 }),
    );
    if (!row) throw new HttpError(404, 'not_found');
    return c.json(toAdminAction(row));
  });

  app.post('/v1/admin/people/export', async (c) => {
    const email = await readEmail(c, ctx.config.bodyTimeoutMs);
    const session = sessionOf(c);
    const now = ctx.now();
    const result = await auditedRead(
      ctx.db,
      session,
      now,
      (trx) => exportPerson(trx, ctx.hashKey, email),
      (read) => ({ event: 'person.access_export', target: read.person?.id ?? null, records: read.person ? 1 : 0 }),
    );
    return c.json(result);
  });

  app.post('/v1/admin/people/erase', async (c) => {
    requireJson(c);
    const parsed = z.safeParse(erasureBody, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    const request = parsed.success ? parsed.data : undefined;
    const contact = request?.contact;
    const fr = localeOfRequest(c) === 'fr';
    if (!request || (request.email === undefined && contact === undefined)) {
      const shape = '{"contact": {"network"?, "handle"?, "profileUrl"?, "name"?}}';
      throw badInput(
        'email',
        'invalid_email',
        fr
          ? `Envoyez {"email": "<adresse>"}, ou ${shape} pour un contact relevé, ou les deux.`
          : `Send {"email": "<address>"}, or ${shape} naming a clipped contact, or both.`,
      );
    }
    if (contact && contact.handle === undefined && contact.profileUrl === undefined && contact.name === undefined) {
      throw badInput(
        'contact',
        'invalid_input',
        fr
          ? 'contact demande un handle, un profileUrl ou un name : un réseau seul désigne tout le monde.'
          : 'contact needs a handle, a profileUrl or a name: a network alone names everyone on it.',
      );
    }
    const now = ctx.now();
    const { report, walEmptied } = await erasePerson(
      ctx.db,
      ctx.hashKey,
      request,
      now,
      new Date(now.getTime() + ctx.config.retention.donationDays * DAY_MS),
      (trx, erased) => audit(trx, sessionOf(c), { event: 'person.erase', records: erased.people + erased.contacts, detail: erased }, now),
    );
    if (!walEmptied) ctx.log(JSON.stringify({ time: ctx.now().toISOString(), event: 'erasure_wal_busy' }));
    return c.json({ erased: report, walEmptied });
  });

  app.post('/v1/admin/people/update', async (c) => {
    requireJson(c);
    const parsed = z.safeParse(updateBody, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    if (!parsed.success) {
      const fr = localeOfRequest(c) === 'fr';
      throw badInput(
        'person',
        'invalid_input',
        fr
          ? 'Envoyez {"email": "<adresse>", "person": {"givenName": "...", ...}}.'
          : 'Send {"email": "<address>", "person": {"givenName": "...", ...}}.',
      );
    }
    const { email, person } = parsed.data;
    const { fields, clear } = personUpdate(person, email, localeOfRequest(c));
    const record = await updatePerson(ctx.db, ctx.hashKey, email, fields, clear, ctx.now());
    if (!record) throw new HttpError(404, 'not_found');
    await audit(ctx.db, sessionOf(c), { event: 'person.update', target: record.id, records: 1, detail: Object.keys(person) }, ctx.now());
    return c.json({ person: record });
  });

  app.post('/v1/admin/suppression', async (c) => {
    requireJson(c);
    const parsed = z.safeParse(suppressionBody, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    if (!parsed.success) {
      const fr = localeOfRequest(c) === 'fr';
      const example = fr ? '{"email": "<adresse>", "reason": "<motif>"}' : '{"email": "<address>", "reason": "<why>"}';
      throw badInput('email', 'invalid_email', fr ? `Envoyez ${example}.` : `Send ${example}.`);
    }
    const now = ctx.now();
    await suppressEmail(ctx.db, ctx.hashKey, parsed.data.email, parsed.data.reason, now);
    await recordWithdrawal(
      ctx.db,
      ctx.hashKey.emailHash(parsed.data.email),
      'admin',
      now,
      new Date(now.getTime() + ctx.config.retention.donationDays * DAY_MS),
    );
    await audit(ctx.db, sessionOf(c), { event: 'person.suppress', records: 1, detail: { reason: parsed.data.reason } }, now);
    return c.json({ suppressed: true }, 201);
  });

  app.post('/v1/admin/suppression/check', async (c) => {
    const email = await readEmail(c, ctx.config.bodyTimeoutMs);
    const suppressed = await isSuppressed(ctx.db, ctx.hashKey.emailHash(email));
    await audit(ctx.db, sessionOf(c), { event: 'suppression.check', records: 1 }, ctx.now());
    return c.json({ suppressed });
  });

  app.get('/v1/admin/events/:id/seats', async (c) => {
    const event = ctx.config.events.find((e) => e.id === c.req.param('id'));
    if (!event) throw new HttpError(404, 'not_found');
    const limit = parseLimit(c);
    const holders = await auditedRead(
      ctx.db,
      sessionOf(c),
      ctx.now(),
      (trx) => seatHolders(trx, event, limit),
      (read) => ({ event: 'seats.list', target: event.id, records: read.holders.length }),
    );
    return c.json(holders);
  });

  app.get('/v1/admin/outbox', async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !(OUTBOX_STATUSES as readonly string[]).includes(status)) {
      const list = OUTBOX_STATUSES.join(', ');
      throw badInput(
        'status',
        'invalid_input',
        localeOfRequest(c) === 'fr' ? `status vaut l’une de ces valeurs : ${list}.` : `status is one of ${list}.`,
      );
    }
    const limit = parseLimit(c);
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
