/**
 * The rows a batch of submissions writes, inserted with one multi-row
 * statement per table instead of one statement per row: that is what lets a
 * group commit reach thousands of submissions a second. Plain portable SQL
 * (`INSERT ... ON CONFLICT ... DO UPDATE`) that PostgreSQL runs too.
 */
import { CompiledQuery, type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { isPostgres } from './dialect.js';
import type {
  ActionCountsTable,
  ActionsTable,
  ConfirmationsTable,
  ConsentEventsTable,
  Database,
  IdempotencyRecordsTable,
  MailQueueTable,
  OutboxTable,
  PeopleTable,
  SpentChallengesTable,
} from './schema.js';

/** An action whose `person_id` is resolved from the person's email hash at write time. */
export type BufferedAction = Omit<Insertable<ActionsTable>, 'person_id'> & { person_email_hash: string | null };

// Enough rows per statement to amortise it, few enough to stay under any driver's parameter limit.
const CHUNK = 256;

export class RowBuffer {
  private people = new Map<string, Insertable<PeopleTable>>();
  private actions: BufferedAction[] = [];
  private consentEvents: Insertable<ConsentEventsTable>[] = [];
  private outbox: Insertable<OutboxTable>[] = [];
  private idempotency: Insertable<IdempotencyRecordsTable>[] = [];
  private spentChallenges: Insertable<SpentChallengesTable>[] = [];
  private confirmations: Insertable<ConfirmationsTable>[] = [];
  private mail: Insertable<MailQueueTable>[] = [];
  private counts = new Map<string, ActionCountsTable>();

  /**
   * Creates a person's record unless one exists for the email hash. An
   * existing record (in the database or earlier in this batch) keeps every
   * field: only its expiry can move later.
   */
  addPerson(row: Insertable<PeopleTable>): void {
    const earlier = this.people.get(row.email_hash);
    this.people.set(row.email_hash, earlier ? { ...earlier, expires_at: latestInstant(row.expires_at, earlier.expires_at) } : row);
  }

  addAction(row: BufferedAction): void {
    this.actions.push(row);
  }

  /** Counts one action in its hour, kind, form and source (`action_counts`). */
  countAction(key: CountKey, amount = 0): void {
    for (const row of countRows(key, 1, amount)) {
      const id = countId(row);
      const earlier = this.counts.get(id);
      if (earlier) {
        earlier.actions += row.actions;
        earlier.amount += row.amount;
      } else this.counts.set(id, row);
    }
  }

  addConsentEvents(rows: Insertable<ConsentEventsTable>[]): void {
    this.consentEvents.push(...rows);
  }

  addOutbox(row: Insertable<OutboxTable>): void {
    this.outbox.push(row);
  }

  addIdempotencyRecord(row: Insertable<IdempotencyRecordsTable>): void {
    this.idempotency.push(row);
  }

  addSpentChallenge(row: Insertable<SpentChallengesTable>): void {
    this.spentChallenges.push(row);
  }

  addConfirmation(row: Insertable<ConfirmationsTable>): void {
    this.confirmations.push(row);
  }

  addMail(row: Insertable<MailQueueTable>): void {
    this.mail.push(row);
  }

  /**
   * The statements that write every buffered row, in order, and empties the
   * buffer. Actions find their person by email hash in a subquery, so the
   * statements need nothing from each other and can run in one round trip.
   * With `literal`, values are written into the statements' text (see `compileRows`).
   */
  takeStatements(db: Kysely<Database>, literal?: (value: unknown) => string): CompiledQuery[] {
    const statements: CompiledQuery[] = [];
    const dialect = isPostgres(db) ? 'postgres' : 'sqlite';
    const add = <T extends object>(rows: T[], statement: RowStatement<T>) => {
      for (const chunk of chunks(rows)) statements.push(compileRows(chunk, statement, dialect, literal));
    };
    // Rows in key order: concurrent batches (several relays on PostgreSQL) then lock shared rows in the same order.
    add(
      sortBy([...this.people.values()], (row) => row.email_hash),
      { name: 'people', compile: (rows) => upsertPeople(db, rows).compile() },
    );
    add(
      sortBy(this.actions, (row) => row.id),
      { name: 'actions', compile: (rows) => insertActions(db, rows) },
    );
    add(this.consentEvents, { name: 'consent_events', compile: (rows) => db.insertInto('consent_events').values(rows).compile() });
    add(this.outbox, { name: 'outbox', compile: (rows) => db.insertInto('outbox').values(rows).compile() });
    add(
      sortBy(this.idempotency, (row) => row.key),
      { name: 'idempotency_records', compile: (rows) => db.insertInto('idempotency_records').values(rows).compile() },
    );
    // No `on conflict`: a signature another relay spent meanwhile must fail this submission (see `CommitQueue`).
    add(
      sortBy(this.spentChallenges, (row) => row.signature),
      { name: 'spent_challenges', compile: (rows) => db.insertInto('spent_challenges').values(rows).compile() },
    );
    add(this.confirmations, { name: 'confirmations', compile: (rows) => db.insertInto('confirmations').values(rows).compile() });
    add(this.mail, { name: 'mail_queue', compile: (rows) => db.insertInto('mail_queue').values(rows).compile() });
    // In key order like every shared row, so concurrent batches on PostgreSQL cannot deadlock on the counters.
    add(sortBy([...this.counts.values()], countId), { name: 'action_counts', compile: (rows) => addCounts(db, rows).compile() });
    this.people.clear();
    this.counts.clear();
    this.actions = [];
    this.consentEvents = [];
    this.outbox = [];
    this.idempotency = [];
    this.spentChallenges = [];
    this.confirmations = [];
    this.mail = [];
    return statements;
  }

  /** Writes every buffered row in `trx` and empties the buffer. */
  async write(trx: Transaction<Database>): Promise<void> {
    for (const statement of this.takeStatements(trx)) await trx.executeQuery(statement);
  }
}

/** Integer columns of `actions`: a `VALUES` list types its values itself, and PostgreSQL calls an all-null column text. */
const INTEGER_ACTION_COLUMNS = new Set(['amount_minor', 'seats']);

/**
 * Inserts actions, each finding its person by email hash (a contact, with no
 * person, has a null hash and finds none): the rows as a `VALUES` list joined
 * to `people` once. A subquery per row made PostgreSQL plan one subplan per
 * action, a sixth of its time under load.
 */
function insertActions(db: Kysely<Database>, rows: BufferedAction[]): CompiledQuery {
  const keys = Object.keys(rows[0]!) as (keyof BufferedAction)[];
  const columns = keys.filter((key) => key !== 'person_email_hash');
  const selected = columns.map((column) =>
    INTEGER_ACTION_COLUMNS.has(column) ? sql`cast(batch.${sql.ref(column)} as integer)` : sql`batch.${sql.ref(column)}`,
  );
  const tuples = rows.map((row) => sql`(${sql.join(keys.map((key) => row[key]))})`);
  const list = (names: string[]) => sql.join(names.map((name) => sql.ref(name)));
  return sql`with batch (${list(keys)}) as (values ${sql.join(tuples)}) insert into actions (${list(columns)}, person_id) select ${sql.join(
    selected,
  )}, people.id from batch left join people on people.email_hash = batch.person_email_hash`.compile(db);
}

/** A multi-row insert as Kysely compiles it for one row: the text around its row tuple, and the tuple in pieces. */
interface RowTemplate {
  before: string;
  after: string;
  /** The tuple as compiled, for `?` placeholders: the same text for every row. */
  text: string;
  /** The tuple's text between its placeholders, and which parameter each one takes: [text, n, text, n, ..., text]. */
  pieces: (string | undefined)[];
  /** The row's keys, in the order Kysely binds them. */
  keys: string[];
}

/**
 * Templates by statement, database and row keys: a batch's statements are
 * the same few every time, and compiling even one row with Kysely took 3 %
 * of the relay's time under load.
 */
const templates = new Map<string, RowTemplate | null>();

/** One kind of multi-row insert: `name` tells it apart in the template cache. */
export interface RowStatement<T> {
  name: string;
  /** Compiles `rows`, binding each row's values in its key order (as Kysely's `values` does). */
  compile(rows: T[]): CompiledQuery;
}

/**
 * Compiles a multi-row insert from a template of Kysely's compilation of one
 * row: building Kysely's query tree for hundreds of rows costs more than
 * writing them. Whenever a row does not bind in its key order (checked on
 * the first row) or has other keys than the first, Kysely compiles every row
 * itself. Numbered placeholders (PostgreSQL's `$1`) are renumbered row by
 * row. With `literal`, the values are written into the text instead
 * (PostgreSQL's one-round-trip script, see `postgresScriptRunner`): straight
 * from the rows, without numbering placeholders only to replace them.
 */
export function compileRows<T extends object>(
  rows: T[],
  statement: RowStatement<T>,
  dialect: string,
  literal?: (value: unknown) => string,
): CompiledQuery {
  const valuesOf = Object.values as (row: T) => unknown[];
  const keys = Object.keys(rows[0]!);
  const cacheKey = `${statement.name}\u0000${dialect}\u0000${keys.join(',')}`;
  let template = templates.get(cacheKey);
  if (template === undefined) {
    template = templateOf(statement.compile(rows.slice(0, 1)), valuesOf(rows[0]!), keys);
    templates.set(cacheKey, template);
  }
  if (!template || !rows.every((row) => hasKeys(row, template.keys))) return statement.compile(rows);
  const { before, after, pieces } = template;
  const placeholders = (pieces.length - 1) / 2;
  const width = keys.length;
  const texts = new Array<string>(rows.length);
  const parameters: unknown[] = [];
  if (!literal && pieces[1] === undefined) {
    // `?` placeholders (SQLite) bind in order: every row's tuple is the first one's text.
    texts.fill(template.text);
    for (const row of rows) for (const value of valuesOf(row)) parameters.push(value);
    return CompiledQuery.raw(`${before}${texts.join(', ')}${after}`, parameters);
  }
  for (let row = 0; row < rows.length; row++) {
    const values = valuesOf(rows[row]!);
    let text = pieces[0]!;
    for (let i = 0; i < placeholders; i++) {
      // `?` (SQLite) binds in order; `$n` names its parameter.
      const numbered = pieces[2 * i + 1];
      const index = numbered === undefined ? i : Number(numbered) - 1;
      text += literal ? literal(values[index]) : numbered === undefined ? '?' : `$${index + 1 + row * width}`;
      text += pieces[2 * i + 2]!;
    }
    texts[row] = text;
    if (!literal) for (const value of values) parameters.push(value);
  }
  return CompiledQuery.raw(`${before}${texts.join(', ')}${after}`, parameters);
}

/** The template of a one-row compilation, or null when its parameters are not the row's values in key order. */
function templateOf(first: CompiledQuery, firstValues: unknown[], keys: string[]): RowTemplate | null {
  const tuple = valuesTuple(first.sql);
  const matches = firstValues.length === first.parameters.length && firstValues.every((value, i) => value === first.parameters[i]);
  if (!tuple || !matches || tuple.before.includes('$') || tuple.after.includes('$')) return null;
  return { before: tuple.before, after: tuple.after, text: tuple.text, pieces: tuple.text.split(/\$(\d+)|\?/), keys };
}

/** Whether `row` has exactly `keys`, in that order (no allocation: this runs for every row). */
function hasKeys(row: object, keys: string[]): boolean {
  let i = 0;
  for (const key in row) if (key !== keys[i++]) return false;
  return i === keys.length;
}

/** Splits `insert ... values (...) rest` around its one row tuple (parameters only, so no quotes to skip). */
function valuesTuple(sql: string): { before: string; text: string; after: string } | undefined {
  const found = /[ (]values \(/.exec(sql);
  if (!found) return undefined;
  const open = found.index + ' values '.length;
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')' && --depth === 0) return { before: sql.slice(0, open), text: sql.slice(open, i + 1), after: sql.slice(i + 1) };
  }
  return undefined;
}

/**
 * Inserts people; a person already on record keeps every field, and only
 * their expiry moves to the later of the two (a new action keeps them longer).
 */
function upsertPeople(db: Kysely<Database>, rows: Insertable<PeopleTable>[]) {
  return db
    .insertInto('people')
    .values(rows)
    .onConflict((oc) =>
      oc.column('email_hash').doUpdateSet((eb) => ({
        expires_at: eb
          .case()
          .when('excluded.expires_at', '>', eb.ref('people.expires_at'))
          .then(eb.ref('excluded.expires_at'))
          .else(eb.ref('people.expires_at'))
          .end(),
      })),
    );
}

/** An action's counter key: its hour (`2026-12-06T19`), kind, form and source. */
export type CountKey = Omit<ActionCountsTable, 'actions' | 'amount'>;

/** The counter rows `actions` actions add to: their hour's and their day's. */
export function countRows(key: CountKey, actions: number, amount: number): ActionCountsTable[] {
  // Hour before day (`2026-12-06T19` sorts before `day:2026-12-06`): the key order every writer upserts the counters in.
  return [
    { ...key, actions, amount },
    { ...key, bucket: `day:${key.bucket.slice(0, 10)}`, actions, amount },
  ];
}

/** A counter row's key as one text (the NUL separator appears in none of its parts), in the order rows are locked. */
function countId(row: ActionCountsTable): string {
  return `${row.bucket}\u0000${row.kind}\u0000${row.form}\u0000${row.source}`;
}

/** `rows` sorted by a text key (a copy), each key computed once. */
function sortBy<T>(rows: T[], key: (row: T) => string): T[] {
  if (rows.length < 2) return [...rows];
  return rows
    .map((row) => ({ row, key: key(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);
}

/** Adds to the counters (each key at most once per statement, as PostgreSQL requires of an upsert). */
export function addCounts(db: Kysely<Database>, rows: ActionCountsTable[]) {
  return db
    .insertInto('action_counts')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['bucket', 'kind', 'form', 'source']).doUpdateSet((eb) => ({
        actions: eb('action_counts.actions', '+', eb.ref('excluded.actions')),
        amount: eb('action_counts.amount', '+', eb.ref('excluded.amount')),
      })),
    );
}

/** The later of two ISO UTC instants (they sort as text). */
function latestInstant(a: string, b: string): string {
  return a < b ? b : a;
}

/**
 * Splits rows into chunks whose sizes are powers of two, largest first (93
 * rows: 64, 16, 8, 4, 1). A statement's text depends on its row count, and the
 * SQLite worker keeps prepared statements by text: with any size allowed,
 * nearly every batch parsed and planned new statements of a thousand
 * parameters; with nine sizes per table they are all reused.
 */
export function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let start = 0; start < rows.length; ) {
    let size = CHUNK;
    while (size > rows.length - start) size /= 2;
    yield rows.slice(start, start + size);
    start += size;
  }
}
