/**
 * The rows a batch of submissions writes, inserted with one multi-row
 * statement per table instead of one statement per row: that is what lets a
 * group commit reach thousands of submissions a second. Plain portable SQL
 * (`INSERT ... ON CONFLICT ... DO UPDATE`) that PostgreSQL runs too.
 */
import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
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
  countAction(key: Omit<ActionCountsTable, 'actions' | 'amount'>, amount = 0): void {
    const id = JSON.stringify([key.bucket, key.kind, key.form, key.source]);
    const earlier = this.counts.get(id);
    if (earlier) {
      earlier.actions++;
      earlier.amount += amount;
    } else this.counts.set(id, { ...key, actions: 1, amount });
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
   */
  takeStatements(db: Kysely<Database>): CompiledQuery[] {
    const statements: CompiledQuery[] = [];
    const add = <T extends object>(rows: T[], compile: (rows: T[]) => CompiledQuery, valuesOf: (row: T) => unknown[] = Object.values) => {
      for (const chunk of chunks(rows)) statements.push(compileRows(chunk, compile, valuesOf));
    };
    // Rows in key order: concurrent batches (several relays on PostgreSQL) then lock shared rows in the same order.
    add(
      sortBy([...this.people.values()], (row) => row.email_hash),
      (rows) => upsertPeople(db, rows).compile(),
    );
    add(
      sortBy(this.actions, (row) => row.id),
      (rows) => insertActions(db, rows).compile(),
      ({ person_email_hash, ...row }) => [...Object.values(row), person_email_hash],
    );
    add(this.consentEvents, (rows) => db.insertInto('consent_events').values(rows).compile());
    add(this.outbox, (rows) => db.insertInto('outbox').values(rows).compile());
    add(
      sortBy(this.idempotency, (row) => row.key),
      (rows) => db.insertInto('idempotency_records').values(rows).compile(),
    );
    // No `on conflict`: a signature another relay spent meanwhile must fail this submission (see `CommitQueue`).
    add(
      sortBy(this.spentChallenges, (row) => row.signature),
      (rows) => db.insertInto('spent_challenges').values(rows).compile(),
    );
    add(this.confirmations, (rows) => db.insertInto('confirmations').values(rows).compile());
    add(this.mail, (rows) => db.insertInto('mail_queue').values(rows).compile());
    // In key order like every shared row, so concurrent batches on PostgreSQL cannot deadlock on the counters.
    add(
      sortBy([...this.counts.values()], (row) => `${row.bucket}\u0000${row.kind}\u0000${row.form}\u0000${row.source}`),
      (rows) => addCounts(db, rows).compile(),
    );
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

/**
 * Inserts actions, each finding its person by email hash (a contact, with no
 * person, looks up `NULL` and finds none).
 */
function insertActions(db: Kysely<Database>, rows: BufferedAction[]) {
  return db.insertInto('actions').values(
    rows.map(({ person_email_hash, ...row }) => ({
      ...row,
      person_id: db.selectFrom('people').select('people.id').where('people.email_hash', '=', person_email_hash),
    })),
  );
}

/**
 * Compiles a multi-row insert from Kysely's compilation of its first row:
 * building Kysely's query tree for hundreds of rows costs more than writing
 * them. `valuesOf` lists a row's parameters in the order Kysely binds them;
 * whenever the first row shows otherwise, Kysely compiles every row itself.
 * Numbered placeholders (PostgreSQL's `$1`) are renumbered row by row.
 */
export function compileRows<T>(rows: T[], compile: (rows: T[]) => CompiledQuery, valuesOf: (row: T) => unknown[]): CompiledQuery {
  const first = compile(rows.slice(0, 1));
  if (rows.length === 1) return first;
  const tuple = valuesTuple(first.sql);
  const firstValues = valuesOf(rows[0]!);
  const matches = firstValues.length === first.parameters.length && firstValues.every((value, i) => value === first.parameters[i]);
  if (!tuple || !matches || tuple.before.includes('$') || tuple.after.includes('$')) return compile(rows);
  const width = firstValues.length;
  const numbered = tuple.text.includes('$');
  const texts = rows.map((_, row) =>
    numbered && row > 0 ? tuple.text.replace(/\$(\d+)/g, (_match, n: string) => `$${Number(n) + row * width}`) : tuple.text,
  );
  return CompiledQuery.raw(`${tuple.before}${texts.join(', ')}${tuple.after}`, rows.flatMap(valuesOf));
}

/** Splits `insert ... values (...) rest` around its one row tuple (parameters only, so no quotes to skip). */
function valuesTuple(sql: string): { before: string; text: string; after: string } | undefined {
  const start = sql.indexOf(' values (');
  if (start < 0) return undefined;
  const open = start + ' values '.length;
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

/** `rows` sorted by a text key (a copy). */
function sortBy<T>(rows: T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
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
