/**
 * Finding people for the console, from indexes only. Emails are stored in
 * clear on the person's record (the relay must be able to mail and export
 * them; only tombstones and the suppression list keep keyed hashes alone), so
 * a search by email is a prefix range on `people.email`'s index; names match
 * the start of the family or given name (indexes on `lower(...)`), postal
 * codes their start. Filters (kind, form, source, date range, consent
 * purpose) are `EXISTS` lookups through the person's own actions or consent
 * events, each an index probe. Pages follow a cursor on the order's key.
 */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface PeopleFilter {
  q?: string | undefined;
  /** What `q` searches; guessed from it when absent (an `@`: email, a digit first: postal code, else a name). */
  by?: 'email' | 'name' | 'postal_code' | undefined;
  kind?: string | undefined;
  form?: string | undefined;
  source?: string | undefined;
  purpose?: string | undefined;
  /** ISO instants, inclusive start and exclusive end, on the actions' time. */
  from?: string | undefined;
  to?: string | undefined;
}

export type SearchMode = 'email' | 'postal_code' | 'name' | 'newest';

/** Above every character an email, name or postal code holds: the end of a prefix range. */
const PREFIX_END = '\uffff';

export function searchModeOf(q: string | undefined, by?: PeopleFilter['by']): SearchMode {
  const query = q?.trim() ?? '';
  if (!query) return 'newest';
  if (by) return by;
  if (query.includes('@')) return 'email';
  if (/^[0-9]/.test(query)) return 'postal_code';
  return 'name';
}

/** A page cursor: the order key and id of the last row shown. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

export function decodePeopleCursor(raw: string | undefined): [string, string] | undefined | 'invalid' {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {}
  return 'invalid';
}

type PeopleEb = ExpressionBuilder<Database, 'people'>;

function filters(eb: PeopleEb, filter: PeopleFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.kind || filter.form || filter.source || filter.from || filter.to) {
    let actions = eb.selectFrom('actions').select('actions.id').whereRef('actions.person_id', '=', 'people.id');
    if (filter.kind) actions = actions.where('actions.kind', '=', filter.kind);
    if (filter.form)
      actions = actions.where((a) => a.or([a('actions.target_id', '=', filter.form!), a('actions.kind', '=', filter.form!)]));
    if (filter.source) actions = actions.where('actions.source', '=', filter.source);
    if (filter.from) actions = actions.where('actions.created_at', '>=', filter.from);
    if (filter.to) actions = actions.where('actions.created_at', '<', filter.to);
    conditions.push(eb.exists(actions));
  }
  if (filter.purpose) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('consent_events')
          .select('consent_events.id')
          .whereRef('consent_events.subject_hash', '=', 'people.email_hash')
          .where('consent_events.kind', '=', 'grant')
          .where('consent_events.purpose', '=', filter.purpose),
      ),
    );
  }
  return conditions;
}

const PERSON_COLUMNS = [
  'people.id',
  'people.email',
  'people.given_name',
  'people.family_name',
  'people.postal_code',
  'people.locality',
  'people.created_at',
  'people.confirmed_at',
] as const;

/** One page of people matching `filter`, and the cursor of the next page (null at the end). */
export async function searchPeople(
  db: Kysely<Database> | Transaction<Database>,
  filter: PeopleFilter,
  limit: number,
  cursor: [string, string] | undefined,
) {
  const mode = searchModeOf(filter.q, filter.by);
  const q = filter.q?.trim() ?? '';
  let query = db
    .selectFrom('people')
    .select(PERSON_COLUMNS)
    .where((eb) => eb.and(filters(eb, filter)))
    .limit(limit + 1);
  let keyOf: (row: { id: string; email: string; postal_code: string | null; family_name: string | null }) => string;
  if (mode === 'email') {
    const prefix = q.toLowerCase();
    query = query.where('people.email', '>=', prefix).where('people.email', '<', prefix + PREFIX_END);
    if (cursor)
      query = query.where((eb) =>
        eb.or([eb('people.email', '>', cursor[0]), eb.and([eb('people.email', '=', cursor[0]), eb('people.id', '>', cursor[1])])]),
      );
    query = query.orderBy('people.email').orderBy('people.id');
    keyOf = (row) => row.email;
  } else if (mode === 'postal_code') {
    query = query.where('people.postal_code', '>=', q).where('people.postal_code', '<', q + PREFIX_END);
    if (cursor)
      query = query.where((eb) =>
        eb.or([
          eb('people.postal_code', '>', cursor[0]),
          eb.and([eb('people.postal_code', '=', cursor[0]), eb('people.id', '>', cursor[1])]),
        ]),
      );
    query = query.orderBy('people.postal_code').orderBy('people.id');
    keyOf = (row) => row.postal_code ?? '';
  } else if (mode === 'name') {
    const prefix = q.toLowerCase();
    const family = sql<string>`lower(people.family_name)`;
    const given = sql<string>`lower(people.given_name)`;
    query = query.where((eb) =>
      eb.or([
        eb.and([eb(family, '>=', prefix), eb(family, '<', prefix + PREFIX_END)]),
        eb.and([eb(given, '>=', prefix), eb(given, '<', prefix + PREFIX_END)]),
      ]),
    );
    if (cursor) query = query.where('people.id', '<', cursor[1]);
    query = query.orderBy('people.id', 'desc');
    keyOf = () => '';
  } else {
    if (cursor) query = query.where('people.id', '<', cursor[1]);
    query = query.orderBy('people.id', 'desc');
    keyOf = () => '';
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    mode,
    people: page.map((row) => ({
      id: row.id,
      email: row.email,
      givenName: row.given_name,
      familyName: row.family_name,
      postalCode: row.postal_code,
      locality: row.locality,
      createdAt: row.created_at,
      confirmedAt: row.confirmed_at,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last), last.id) : null,
  };
}

/**
 * Everyone matching `filter` for a CSV export, a page at a time (newest
 * first), leaving out every suppressed address: the suppression list is
 * checked before any export.
 */
export async function* exportRows(trx: Transaction<Database>, filter: PeopleFilter, maxRows: number) {
  let after: [string, string] | undefined;
  let sent = 0;
  while (sent < maxRows) {
    const size = Math.min(1000, maxRows - sent);
    let query = trx
      .selectFrom('people')
      .selectAll('people')
      .where((eb) => eb.and(filters(eb, filter)))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('suppression').select('suppression.email_hash').whereRef('suppression.email_hash', '=', 'people.email_hash')),
        ),
      )
      .orderBy('people.id', 'desc')
      .limit(size);
    const mode = searchModeOf(filter.q, filter.by);
    const q = filter.q?.trim() ?? '';
    if (mode === 'email')
      query = query.where('people.email', '>=', q.toLowerCase()).where('people.email', '<', q.toLowerCase() + PREFIX_END);
    if (mode === 'postal_code') query = query.where('people.postal_code', '>=', q).where('people.postal_code', '<', q + PREFIX_END);
    if (mode === 'name') {
      const prefix = q.toLowerCase();
      const family = sql<string>`lower(people.family_name)`;
      const given = sql<string>`lower(people.given_name)`;
      query = query.where((eb) =>
        eb.or([
          eb.and([eb(family, '>=', prefix), eb(family, '<', prefix + PREFIX_END)]),
          eb.and([eb(given, '>=', prefix), eb(given, '<', prefix + PREFIX_END)]),
        ]),
      );
    }
    if (after) query = query.where('people.id', '<', after[1]);
    const rows = await query.execute();
    for (const row of rows) yield row;
    sent += rows.length;
    if (rows.length < size) return;
    after = ['', rows[rows.length - 1]!.id];
  }
}

/** A person's page: their record, actions (newest first), consent proof, suppression and deliveries. */
export async function personPage(trx: Transaction<Database>, id: string) {
  const person = await trx.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!person) return undefined;
  const actions = await trx
    .selectFrom('actions')
    .select([
      'id',
      'kind',
      'target_id',
      'status',
      'confirmation',
      'source',
      'origin',
      'amount_minor',
      'seats',
      'data',
      'created_at',
      'expires_at',
    ])
    .where('person_id', '=', id)
    .orderBy('created_at', 'desc')
    .execute();
  const consent = await trx
    .selectFrom('consent_events')
    .selectAll()
    .where('subject_hash', '=', person.email_hash)
    .orderBy('recorded_at', 'desc')
    .execute();
  const suppression = await trx.selectFrom('suppression').selectAll().where('email_hash', '=', person.email_hash).executeTakeFirst();
  const deliveries =
    actions.length === 0
      ? []
      : await trx
          .selectFrom('outbox')
          .selectAll()
          .where(
            'action_id',
            'in',
            actions.map((a) => a.id),
          )
          .orderBy('created_at', 'desc')
          .execute();
  return {
    person: {
      id: person.id,
      email: person.email,
      givenName: person.given_name,
      familyName: person.family_name,
      phone: person.phone,
      addressLines: person.address_lines === null ? null : (JSON.parse(person.address_lines) as string[]),
      locality: person.locality,
      postalCode: person.postal_code,
      country: person.country,
      language: person.language,
      createdAt: person.created_at,
      updatedAt: person.updated_at,
      confirmedAt: person.confirmed_at,
      expiresAt: person.expires_at,
    },
    actions: actions.map((a) => ({
      id: a.id,
      kind: a.kind,
      targetId: a.target_id,
      status: a.status,
      confirmation: a.confirmation,
      source: a.source,
      origin: a.origin,
      amountMinor: a.amount_minor,
      seats: a.seats,
      data: JSON.parse(a.data) as unknown,
      createdAt: a.created_at,
      expiresAt: a.expires_at,
    })),
    consent: consent.map((e) => ({
      id: e.id,
      kind: e.kind,
      purpose: e.purpose,
      textVersion: e.text_version,
      textHash: e.text_hash,
      language: e.text_language,
      channel: e.channel,
      origin: e.origin,
      actionId: e.action_id,
      confirmation: e.confirmation,
      recordedAt: e.recorded_at,
    })),
    suppression: suppression ? { reason: suppression.reason, since: suppression.created_at } : null,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      actionId: d.action_id,
      backend: d.backend,
      status: d.status,
      attempts: d.attempts,
      lastError: d.last_error,
      updatedAt: d.updated_at,
      deliveredAt: d.delivered_at,
    })),
  };
}
