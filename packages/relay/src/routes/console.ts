/**
 * The admin endpoints behind the organizer console (documented in the relay
 * README's Admin API table). `routes/admin.ts` authenticates every
 * `/v1/admin/` request first; an organizer token reaches only the overview
 * (without donors) and its own contacts. Every read of personal data writes
 * its audit entry in the transaction that reads it.
 */
import { type Contact, contactSchema, toFieldIssues } from '@tract/sdk/schema';
import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { createToken, listTokens, revokeToken, type Session } from '../auth/tokens.js';
import { audit, auditCount, auditedRead, auditPage } from '../console/audit.js';
import { BOM, csvLine } from '../console/csv.js';
import { BUCKETS, type Bucket, donorsNearCap, overview, RANGES, type Range } from '../console/overview.js';
import { decodePeopleCursor, exportRows, type PeopleFilter, personPage, searchPeople } from '../console/people.js';
import type { RelayContext } from '../context.js';
import type { OutboxStatus } from '../db/schema.js';
import { HttpError } from '../http/errors.js';
import { localeOf } from '../http/messages.js';
import { wholeNumberParam } from '../http/query.js';
import { readJsonObject, requireJson } from '../http/request.js';
import { lastPurgeRuns } from '../retention/purge-runs.js';
import { MAX_PAGE, sessionOf } from './admin.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'delivering', 'delivered', 'failed', 'dead'];
const CONTACT_SCAN_PAGE = 500;

const CSV_COLUMNS = [
  'id',
  'email',
  'given_name',
  'family_name',
  'phone',
  'address_lines',
  'postal_code',
  'locality',
  'country',
  'language',
  'created_at',
  'confirmed_at',
] as const;

const tokenBody = z.strictObject({
  role: z.enum(['admin', 'organizer']),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  expiresAt: z.optional(z.iso.datetime()),
});

const contactEdit = z.strictObject({
  tags: z.optional(z.array(z.string())),
  supportLevel: z.optional(z.nullable(z.number())),
  note: z.optional(z.nullable(z.string())),
  informed: z.optional(z.boolean()),
});

function fr(c: Context): boolean {
  return localeOf(c.req.header('accept-language')) === 'fr';
}

function bad(c: Context, path: string, en: string, frText: string): HttpError {
  return new HttpError(400, 'invalid_input', { issues: [{ path, code: 'invalid_input', message: fr(c) ? frText : en }] });
}

function oneOf<T extends string>(c: Context, name: string, values: readonly T[], fallback: T): T {
  const raw = c.req.query(name);
  if (raw === undefined) return fallback;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  const list = values.join(', ');
  throw bad(c, name, `${name} is one of ${list}.`, `${name} vaut l’une de ces valeurs : ${list}.`);
}

function limitOf(c: Context, fallback = 50): number {
  return wholeNumberParam(c.req.query('limit'), 'limit', { min: 1, max: MAX_PAGE, fallback }, localeOf(c.req.header('accept-language')));
}

/** A search's parameters, from a JSON body: emails (and their prefixes) travel in bodies, never in URLs. */
type Params = Record<string, unknown>;

/** A date filter: an ISO date (`2026-12-01`, the day's start in UTC) or instant. */
function instantOf(c: Context, params: Params, name: string): string | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const date =
    typeof raw !== 'string' ? new Date(Number.NaN) : /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T00:00:00Z`) : new Date(raw);
  if (typeof raw !== 'string' || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    throw bad(c, name, `${name} is a date such as 2026-12-01.`, `${name} est une date comme 2026-12-01.`);
  }
  return date.toISOString();
}

function textOf(c: Context, params: Params, name: string, max = 200): string | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw bad(c, name, `${name} is text.`, `${name} est un texte.`);
  const value = raw.trim();
  if (!value) return undefined;
  if (value.length > max) throw bad(c, name, `${name} is at most ${max} characters.`, `${name} fait au plus ${max} caractères.`);
  return value;
}

function text(c: Context, name: string, max = 200): string | undefined {
  return textOf(c, c.req.query(), name, max);
}

async function searchParams(c: Context, timeoutMs: number): Promise<Params> {
  requireJson(c);
  return (await readJsonObject(c, timeoutMs)) as Params;
}

const FILTER_NAMES = new Set(['q', 'by', 'kind', 'form', 'source', 'purpose', 'from', 'to', 'cursor', 'limit']);

function peopleFilter(c: Context, params: Params): PeopleFilter {
  const unknown = Object.keys(params).find((name) => !FILTER_NAMES.has(name));
  if (unknown) {
    const list = [...FILTER_NAMES].join(', ');
    throw bad(c, unknown, `${unknown} is not a filter; filters are ${list}.`, `${unknown} n’est pas un filtre ; les filtres sont ${list}.`);
  }
  const by = textOf(c, params, 'by', 20);
  if (by !== undefined && !['email', 'name', 'postal_code'].includes(by)) {
    throw bad(c, 'by', 'by is one of email, name, postal_code.', 'by vaut l’une de ces valeurs : email, name, postal_code.');
  }
  const filter: PeopleFilter = {
    q: textOf(c, params, 'q', 254),
    by: by as PeopleFilter['by'],
    kind: textOf(c, params, 'kind', 40),
    form: textOf(c, params, 'form'),
    source: textOf(c, params, 'source'),
    purpose: textOf(c, params, 'purpose', 100),
    from: instantOf(c, params, 'from'),
    to: instantOf(c, params, 'to'),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as PeopleFilter;
}

function bodyLimit(c: Context, params: Params): number {
  const raw = params.limit;
  if (raw === undefined) return 50;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_PAGE) {
    throw bad(c, 'limit', `limit is a whole number from 1 to ${MAX_PAGE}.`, `limit est un nombre entier de 1 à ${MAX_PAGE}.`);
  }
  return raw;
}

function requireAdmin(session: Session): void {
  if (session.role !== 'admin') throw new HttpError(403, 'forbidden');
}

export function consoleRoutes(app: Hono, ctx: RelayContext): void {
  app.get('/v1/admin/overview', async (c) => {
    const range = oneOf<Range>(c, 'range', RANGES, '30d');
    const bucket = oneOf<Bucket>(c, 'bucket', BUCKETS, range === '24h' ? 'hour' : 'day');
    return c.json(await overview(ctx.db, ctx.config, range, bucket, ctx.now()));
  });

  app.get('/v1/admin/overview/donors', async (c) => {
    const session = sessionOf(c);
    requireAdmin(session);
    const now = ctx.now();
    // Donors near the cap are people: their names leave with an audit entry.
    const donors = await auditedRead(
      ctx.db,
      session,
      now,
      (trx) => donorsNearCap(trx, ctx.config, now),
      (read) => ({ event: 'people.list', target: '/v1/admin/overview/donors', records: read.donors.length }),
    );
    return c.json(donors);
  });

  app.post('/v1/admin/people/search', async (c) => {
    const session = sessionOf(c);
    const params = await searchParams(c, ctx.config.bodyTimeoutMs);
    const filter = peopleFilter(c, params);
    const limit = bodyLimit(c, params);
    const cursor = decodePeopleCursor(textOf(c, params, 'cursor', 2000));
    if (cursor === 'invalid')
      throw bad(c, 'cursor', 'cursor is not one this relay issued.', 'cursor n’est pas un curseur donné par ce relais.');
    const result = await auditedRead(
      ctx.db,
      session,
      ctx.now(),
      (trx) => searchPeople(trx, filter, limit, cursor),
      (read) => ({ event: 'people.list', target: '/v1/admin/people/search', records: read.people.length, detail: filter }),
    );
    return c.json(result);
  });

  app.post('/v1/admin/people/csv', async (c) => {
    const session = sessionOf(c);
    const filter = peopleFilter(c, await searchParams(c, ctx.config.bodyTimeoutMs));
    const now = ctx.now();
    const { exportsPerHour, exportMaxRows } = ctx.config.console;
    const body = await ctx.db.transaction().execute(async (trx) => {
      const done = await auditCount(trx, session.tokenId, 'people.export_csv', new Date(now.getTime() - HOUR_MS));
      if (done >= exportsPerHour) return undefined;
      let csv = BOM + csvLine(CSV_COLUMNS);
      let rows = 0;
      for await (const row of exportRows(trx, filter, exportMaxRows)) {
        const lines = row.address_lines === null ? null : (JSON.parse(row.address_lines) as string[]).join('\n');
        csv += csvLine(CSV_COLUMNS.map((column) => (column === 'address_lines' ? lines : row[column])));
        rows++;
      }
      await audit(trx, session, { event: 'people.export_csv', target: '/v1/admin/people/csv', records: rows, detail: filter }, now);
      return csv;
    });
    if (body === undefined) {
      throw new HttpError(429, 'rate_limited', {
        retryAfter: HOUR_MS / 1000,
        issues: [
          {
            path: 'export',
            code: 'too_many',
            message: fr(c)
              ? `Ce jeton a déjà fait ${exportsPerHour} exports cette heure-ci (console.exportsPerHour). Réessayez plus tard.`
              : `This token already made ${exportsPerHour} exports in the last hour (console.exportsPerHour). Try again later.`,
          },
        ],
      });
    }
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="people-${now.toISOString().slice(0, 10)}.csv"`);
    return c.body(body);
  });

  app.get('/v1/admin/people/:id{[0-9a-f-]{36}}', async (c) => {
    const session = sessionOf(c);
    const id = c.req.param('id');
    const page = await auditedRead(
      ctx.db,
      session,
      ctx.now(),
      (trx) => personPage(trx, id),
      (read) => ({ event: 'person.read', target: id, records: read ? 1 : 0 }),
    );
    if (!page) throw new HttpError(404, 'not_found');
    return c.json(page);
  });

  app.get('/v1/admin/contacts', async (c) => {
    const session = sessionOf(c);
    const limit = limitOf(c);
    const filter = {
      network: text(c, 'network', 40),
      tag: text(c, 'tag', 100),
      supportLevel: text(c, 'supportLevel', 1),
      interaction: text(c, 'interaction', 40),
      organizer: text(c, 'organizer', 100),
    };
    // An organizer sees its own contacts, whatever it asks for.
    const tokenId = session.role === 'admin' ? filter.organizer : session.tokenId;
    const before = c.req.query('cursor');
    const result = await auditedRead(
      ctx.db,
      session,
      ctx.now(),
      async (trx) => {
        const found: { id: string; tokenId: string | null; organizer: string | null; contact: Contact; createdAt: string }[] = [];
        let after = before;
        let more = true;
        while (found.length <= limit && more) {
          let query = trx
            .selectFrom('actions')
            .leftJoin('tokens', 'tokens.id', 'actions.token_id')
            .select(['actions.id', 'actions.token_id', 'tokens.name', 'actions.data', 'actions.created_at'])
            .where('actions.kind', '=', 'contact')
            .orderBy('actions.id', 'desc')
            .limit(CONTACT_SCAN_PAGE);
          if (tokenId) query = query.where('actions.token_id', '=', tokenId);
          if (after) query = query.where('actions.id', '<', after);
          const rows = await query.execute();
          more = rows.length === CONTACT_SCAN_PAGE;
          for (const row of rows) {
            after = row.id;
            const contact = JSON.parse(row.data) as Contact;
            if (filter.network && contact.network !== filter.network) continue;
            if (filter.interaction && contact.interaction !== filter.interaction) continue;
            if (filter.supportLevel && String(contact.supportLevel ?? '') !== filter.supportLevel) continue;
            if (filter.tag && !(contact.tags ?? []).includes(filter.tag)) continue;
            found.push({ id: row.id, tokenId: row.token_id, organizer: row.name, contact, createdAt: row.created_at });
            if (found.length > limit) break;
          }
        }
        const page = found.slice(0, limit);
        return { contacts: page, nextCursor: found.length > limit ? (page[page.length - 1]?.id ?? null) : null };
      },
      (read) => ({ event: 'contacts.list', target: '/v1/admin/contacts', records: read.contacts.length, detail: { ...filter, tokenId } }),
    );
    return c.json(result);
  });

  app.post('/v1/admin/contacts/:id', async (c) => {
    const session = sessionOf(c);
    requireJson(c);
    const parsed = z.safeParse(contactEdit, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    if (!parsed.success) {
      throw bad(
        c,
        'contact',
        'Send {"tags"?: [...], "supportLevel"?: 1..5 or null, "note"?: "..." or null, "informed"?: true or false}.',
        'Envoyez {"tags"?: [...], "supportLevel"?: 1..5 ou null, "note"?: "..." ou null, "informed"?: true ou false}.',
      );
    }
    const id = c.req.param('id');
    const now = ctx.now();
    const updated = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('actions')
        .select(['id', 'data', 'token_id'])
        .where('id', '=', id)
        .where('kind', '=', 'contact')
        .executeTakeFirst();
      // Another organizer's contact is as absent as no contact: its existence is not this token's business.
      if (!row || (session.role !== 'admin' && row.token_id !== session.tokenId)) return undefined;
      const edit = parsed.data;
      const merged: Record<string, unknown> = { ...(JSON.parse(row.data) as Record<string, unknown>) };
      for (const [key, value] of Object.entries(edit)) {
        if (value === null) delete merged[key];
        else if (value !== undefined) merged[key] = value;
      }
      const valid = z.safeParse(contactSchema, merged);
      if (!valid.success) throw new HttpError(400, 'invalid_input', { issues: toFieldIssues(valid.error.issues, fr(c) ? 'fr' : 'en') });
      await trx
        .updateTable('actions')
        .set({ data: JSON.stringify(valid.data) })
        .where('id', '=', id)
        .execute();
      await audit(trx, session, { event: 'contact.update', target: id, records: 1, detail: Object.keys(edit) }, now);
      return valid.data;
    });
    if (!updated) throw new HttpError(404, 'not_found');
    return c.json({ id, contact: updated });
  });

  app.get('/v1/admin/deliveries', async (c) => {
    requireAdmin(sessionOf(c));
    const status = c.req.query('status');
    if (status !== undefined && status !== '' && !(OUTBOX_STATUSES as readonly string[]).includes(status)) {
      const list = OUTBOX_STATUSES.join(', ');
      throw bad(c, 'status', `status is one of ${list}.`, `status vaut l’une de ces valeurs : ${list}.`);
    }
    const limit = limitOf(c);
    const before = c.req.query('cursor');
    let query = ctx.db
      .selectFrom('outbox')
      .innerJoin('actions', 'actions.id', 'outbox.action_id')
      .select([
        'outbox.id',
        'outbox.action_id',
        'outbox.backend',
        'outbox.status',
        'outbox.attempts',
        'outbox.next_attempt_at',
        'outbox.last_error',
        'outbox.created_at',
        'outbox.updated_at',
        'outbox.delivered_at',
        'actions.kind',
        'actions.target_id',
        'actions.person_id',
      ])
      .orderBy('outbox.id', 'desc')
      .limit(limit + 1);
    if (status) query = query.where('outbox.status', '=', status as OutboxStatus);
    if (before) query = query.where('outbox.id', '<', before);
    const rows = await query.execute();
    const page = rows.slice(0, limit);
    return c.json({
      deliveries: page.map((row) => ({
        id: row.id,
        actionId: row.action_id,
        personId: row.person_id,
        kind: row.kind,
        targetId: row.target_id,
        backend: row.backend,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at,
        answer: row.last_error,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        deliveredAt: row.delivered_at,
      })),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    });
  });

  app.post('/v1/admin/deliveries/:id/retry', async (c) => {
    const session = sessionOf(c);
    requireAdmin(session);
    const id = c.req.param('id');
    const now = ctx.now();
    const at = now.toISOString();
    const outcome = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('outbox').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
      if (!row) return 'missing' as const;
      if (row.status !== 'failed' && row.status !== 'dead') return row.status;
      await trx.updateTable('outbox').set({ status: 'pending', next_attempt_at: at, updated_at: at }).where('id', '=', id).execute();
      await audit(trx, session, { event: 'delivery.retry', target: id, records: 1, detail: { from: row.status } }, now);
      return 'retried' as const;
    });
    if (outcome === 'missing') throw new HttpError(404, 'not_found');
    if (outcome !== 'retried') {
      throw bad(
        c,
        'status',
        `Only a failed or dead delivery can be retried; this one is ${outcome}.`,
        `Seule une livraison en échec ou abandonnée peut être relancée ; celle-ci est ${outcome}.`,
      );
    }
    return c.json({ id, status: 'pending', nextAttemptAt: at });
  });

  app.get('/v1/admin/audit', async (c) => {
    requireAdmin(sessionOf(c));
    return c.json(await auditPage(ctx.db, limitOf(c), c.req.query('cursor') || undefined, text(c, 'event', 40)));
  });

  app.get('/v1/admin/tokens', async (c) => {
    requireAdmin(sessionOf(c));
    return c.json({ tokens: await listTokens(ctx.db) });
  });

  app.post('/v1/admin/tokens', async (c) => {
    const session = sessionOf(c);
    requireAdmin(session);
    requireJson(c);
    const parsed = z.safeParse(tokenBody, await readJsonObject(c, ctx.config.bodyTimeoutMs));
    if (!parsed.success) {
      throw bad(
        c,
        parsed.error.issues[0]?.path.join('.') || 'token',
        'Send {"role": "admin" or "organizer", "name": "<1 to 100 characters>", "expiresAt"?: "<ISO instant>"}.',
        'Envoyez {"role": "admin" ou "organizer", "name": "<1 à 100 caractères>", "expiresAt"?: "<instant ISO>"}.',
      );
    }
    const now = ctx.now();
    const { role, name, expiresAt } = parsed.data;
    if (expiresAt && new Date(expiresAt) <= now) {
      throw bad(c, 'expiresAt', 'expiresAt is in the past.', 'expiresAt est dans le passé.');
    }
    const created = await createToken(ctx.db, role, name, {
      now,
      createdBy: session.tokenId,
      ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}),
    });
    await audit(ctx.db, session, { event: 'token.create', target: created.id, records: 0, detail: { role, name } }, now);
    return c.json({ id: created.id, token: created.token, role, name }, 201);
  });

  app.post('/v1/admin/tokens/:id/revoke', async (c) => {
    const session = sessionOf(c);
    requireAdmin(session);
    const id = c.req.param('id');
    const now = ctx.now();
    if (!(await revokeToken(ctx.db, id, now))) throw new HttpError(404, 'not_found');
    await audit(ctx.db, session, { event: 'token.revoke', target: id, records: 0 }, now);
    return c.json({ id, revokedAt: now.toISOString() });
  });

  app.get('/v1/admin/retention', async (c) => {
    requireAdmin(sessionOf(c));
    const now = ctx.now();
    const { retention } = ctx.config;
    const soon = async (table: 'actions' | 'people' | 'consent_events', days: number) => {
      const row = await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('expires_at', '<', new Date(now.getTime() + days * DAY_MS).toISOString())
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    };
    return c.json({
      schedule: [
        { records: 'signups_signatures_rsvps', rule: 'campaign_end', expiresAt: retention.campaignEndsAt },
        { records: 'contacts', rule: 'days', days: retention.contactDays },
        { records: 'donations', rule: 'days', days: retention.donationDays },
        { records: 'unconfirmed', rule: 'days', days: retention.unconfirmedDays },
        { records: 'idempotency', rule: 'days', days: retention.idempotencyDays },
      ],
      expiring: {
        within7Days: { actions: await soon('actions', 7), people: await soon('people', 7), consentEvents: await soon('consent_events', 7) },
        within30Days: {
          actions: await soon('actions', 30),
          people: await soon('people', 30),
          consentEvents: await soon('consent_events', 30),
        },
      },
      purges: await lastPurgeRuns(ctx.db, 5),
    });
  });
}
