/**
 * Building a call or door list: the filter picks people, and the inclusion
 * rules hold by construction, whatever the filter says: a call list holds
 * only people with a phone who granted the `phone` purpose; a door list only
 * people with a street address in the given postal areas who granted `post`
 * or asked to be visited (a form tagged `visit`); nobody suppressed, erased, whose consent
 * was withdrawn, or reached within the cool-down. The people chosen are a
 * snapshot: later signups join a new list, not this one.
 */
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';
import { DAY_MS } from './limits.js';
import type { FieldListKind } from './tables.js';

/** Which people a list is built from (every part optional but the postal areas of a door list). */
export interface ListFilter {
  /** Action kinds the person took (signup, petition_signature, rsvp, donation). */
  actionKinds?: string[];
  /** Petition or event ids ("forms") the person acted on. */
  targets?: string[];
  /** Campaign sources: matched against the action's `source.refcode`, `utmSource` or `utmCampaign`. */
  sources?: string[];
  postalCodePrefixes?: string[];
  /** Actions taken in this range (ISO instants, inclusive). */
  from?: string;
  to?: string;
  /** Support levels (1-5) recorded on earlier calls or visits. */
  supportLevels?: number[];
}

/** The survey questions volunteers ask beside the outcome. */
export interface ListQuestions {
  supportLevel: boolean;
  willVolunteer: boolean;
  yardSign: boolean;
  note: boolean;
}

export interface NewList {
  kind: FieldListKind;
  name: string;
  filter: ListFilter;
  script: { fr: string; en: string };
  questions: ListQuestions;
  sliceSize: number;
  reservationMinutes: number;
  cooldownDays: number;
  revealsPerHour: number;
  revealMinAverageSeconds: number;
}

/** The consent purposes that let a list include a person (a door list also takes people who asked for a visit). */
export const PURPOSES_OF: Record<FieldListKind, string[]> = { call: ['phone'], door: ['post'] };

/** Rows inserted per statement while copying the snapshot (well under SQLite's and PostgreSQL's bind limits). */
const INSERT_CHUNK = 500;

/** Creates the list and its snapshot of people; resolves with its id and size. */
export async function createList(
  db: Kysely<Database>,
  input: NewList,
  createdBy: string | null,
  now: Date,
  expiresAt: Date,
): Promise<{ id: string; size: number }> {
  const people = await eligiblePeople(db, input.kind, input.filter, input.cooldownDays, now);
  const ordered = input.kind === 'door' ? people.sort(byAddress) : shuffle(people);
  const id = randomUUID();
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('field_lists')
      .values({
        id,
        kind: input.kind,
        name: input.name,
        filter: JSON.stringify(input.filter),
        script: JSON.stringify(input.script),
        questions: JSON.stringify(input.questions),
        slice_size: input.sliceSize,
        reservation_minutes: input.reservationMinutes,
        cooldown_days: input.cooldownDays,
        reveals_per_hour: input.revealsPerHour,
        reveal_min_average_seconds: input.revealMinAverageSeconds,
        size: ordered.length,
        created_by: createdBy,
        created_at: at,
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    // Written in person order (the person indexes then grow at their end), each row carrying its place
    // in the list's order; member ids are time-ordered too (their random part keeps them unguessable).
    const rows = ordered.map((person, position) => ({ person, position })).sort((a, b) => (a.person.id < b.person.id ? -1 : 1));
    const stamp = now.getTime();
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await trx
        .insertInto('field_members')
        .values(
          rows.slice(start, start + INSERT_CHUNK).map(({ person, position }, index) => ({
            id: timeOrderedId(stamp + start + index),
            list_id: id,
            person_id: person.id,
            position,
            state: 'pool' as const,
            available_at: '',
            slice_id: null,
            token_id: null,
            revealed_at: null,
            outcome: null,
            support_level: null,
            done_at: null,
          })),
        )
        .execute();
    }
  });
  return { id, size: ordered.length };
}

interface Candidate {
  id: string;
  postal_code: string | null;
  locality: string | null;
  address_lines: string | null;
}

/** Everyone the filter and the inclusion rules let onto a list of `kind` at `now`. */
export async function eligiblePeople(
  db: Kysely<Database>,
  kind: FieldListKind,
  filter: ListFilter,
  cooldownDays: number,
  now: Date,
): Promise<Candidate[]> {
  const base = candidatesQuery(db, kind, filter, cooldownDays, now);
  let candidates = await base.where((eb) => consentGranted(eb, PURPOSES_OF[kind], now.toISOString())).execute();
  if (kind === 'door') {
    // Or they asked for a visit: their form filed them under the `visit` tag.
    const known = new Set(candidates.map((person) => person.id));
    const asked = [...(await peopleWhoAskedForVisits(db))].filter((id) => !known.has(id));
    for (let start = 0; start < asked.length; start += INSERT_CHUNK) {
      candidates = candidates.concat(await base.where('people.id', 'in', asked.slice(start, start + INSERT_CHUNK)).execute());
    }
  }
  if (!filter.sources?.length) return candidates;
  const fromSources = await peopleFromSources(db, filter);
  return candidates.filter((person) => fromSources.has(person.id));
}

/** The tag a form gives people who ask for a visit (`<tract-signup tags="visit">`): a door list may include them. */
export const VISIT_TAG = 'visit';

/** Every rule but consent: reachable, in the filter, not suppressed, not reached within the cool-down. */
function candidatesQuery(db: Kysely<Database>, kind: FieldListKind, filter: ListFilter, cooldownDays: number, now: Date) {
  const at = now.toISOString();
  const cooledSince = new Date(now.getTime() - cooldownDays * DAY_MS).toISOString();
  let query = db
    .selectFrom('people')
    .select(['people.id', 'people.postal_code', 'people.locality', 'people.address_lines'])
    .where('people.expires_at', '>', at)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('suppression').select('suppression.email_hash').whereRef('suppression.email_hash', '=', 'people.email_hash'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('field_calls')
            .select('field_calls.person_id')
            .whereRef('field_calls.person_id', '=', 'people.id')
            .where('field_calls.called_at', '>', cooledSince),
        ),
      ),
    )
    .where((eb) => eb.exists(matchingActions(eb, filter)));
  if (kind === 'call') query = query.where('people.phone', 'is not', null);
  else query = query.where('people.address_lines', 'is not', null);
  const prefixes = filter.postalCodePrefixes ?? [];
  if (prefixes.length > 0) {
    query = query.where((eb) => eb.or(prefixes.map((prefix) => eb('people.postal_code', 'like', `${prefix}%`))));
  }
  const levels = filter.supportLevels ?? [];
  if (levels.length > 0) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('field_members as earlier')
          .select('earlier.id')
          .whereRef('earlier.person_id', '=', 'people.id')
          .where('earlier.support_level', 'in', levels),
      ),
    );
  }
  return query;
}

/** A live grant of one of `purposes` that no later withdrawal or erasure ended. */
function consentGranted(eb: ExpressionBuilder<Database, 'people'>, purposes: string[], at: string) {
  return eb.exists(
    eb
      .selectFrom('consent_events as g')
      .select('g.id')
      .whereRef('g.subject_hash', '=', 'people.email_hash')
      .where('g.kind', '=', 'grant')
      .where('g.purpose', 'in', purposes)
      .where('g.expires_at', '>', at)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('consent_events as w')
              .select('w.id')
              .whereRef('w.subject_hash', '=', 'g.subject_hash')
              .where('w.kind', 'in', ['withdrawal', 'erasure'])
              .where((w) => w.or([w('w.purpose', 'is', null), w('w.purpose', '=', w.ref('g.purpose'))]))
              .whereRef('w.recorded_at', '>=', 'g.recorded_at'),
          ),
        ),
      ),
  );
}

/** People with an accepted action tagged `visit` (a LIKE narrows the rows portably; the JSON decides). */
async function peopleWhoAskedForVisits(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('actions')
    .select(['actions.person_id', 'actions.data'])
    .where('actions.person_id', 'is not', null)
    .where('actions.confirmation', '!=', 'pending')
    .where('actions.data', 'like', `%"${VISIT_TAG}"%`)
    .execute();
  const people = new Set<string>();
  for (const row of rows) {
    const tags = (JSON.parse(row.data) as { tags?: unknown }).tags;
    if (Array.isArray(tags) && tags.includes(VISIT_TAG)) people.add(row.person_id!);
  }
  return people;
}

/** Accepted (or confirmed) actions matching the filter's kinds, forms and dates, for the person in the outer query. */
function matchingActions(eb: ExpressionBuilder<Database, 'people'>, filter: ListFilter) {
  let actions = eb
    .selectFrom('actions')
    .select('actions.id')
    .whereRef('actions.person_id', '=', 'people.id')
    .where('actions.confirmation', '!=', 'pending');
  if (filter.actionKinds?.length) actions = actions.where('actions.kind', 'in', filter.actionKinds);
  if (filter.targets?.length) actions = actions.where('actions.target_id', 'in', filter.targets);
  if (filter.from) actions = actions.where('actions.created_at', '>=', filter.from);
  if (filter.to) actions = actions.where('actions.created_at', '<=', filter.to);
  return actions;
}

/**
 * The people with a matching action from one of the filter's sources. Sources
 * live in each action's JSON data, which SQLite and PostgreSQL query
 * differently: they are read here instead.
 */
async function peopleFromSources(db: Kysely<Database>, filter: ListFilter): Promise<Set<string>> {
  const wanted = new Set(filter.sources);
  let query = db
    .selectFrom('actions')
    .select(['actions.person_id', 'actions.data'])
    .where('actions.person_id', 'is not', null)
    .where('actions.confirmation', '!=', 'pending');
  if (filter.actionKinds?.length) query = query.where('actions.kind', 'in', filter.actionKinds);
  if (filter.targets?.length) query = query.where('actions.target_id', 'in', filter.targets);
  if (filter.from) query = query.where('actions.created_at', '>=', filter.from);
  if (filter.to) query = query.where('actions.created_at', '<=', filter.to);
  const people = new Set<string>();
  for (const row of await query.execute()) {
    const source = (JSON.parse(row.data) as { source?: { refcode?: string; utmSource?: string; utmCampaign?: string } }).source;
    if (source && [source.refcode, source.utmSource, source.utmCampaign].some((value) => value !== undefined && wanted.has(value))) {
      people.add(row.person_id!);
    }
  }
  return people;
}

/** Door lists walk street by street. */
function byAddress(a: Candidate, b: Candidate): number {
  return (
    (a.postal_code ?? '').localeCompare(b.postal_code ?? '') ||
    (a.locality ?? '').localeCompare(b.locality ?? '') ||
    (a.address_lines ?? '').localeCompare(b.address_lines ?? '')
  );
}

/** Call lists in random order, so consecutive slices do not all come from the same signup day. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
