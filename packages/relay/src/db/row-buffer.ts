/**
 * The rows a batch of submissions writes, inserted with one multi-row
 * statement per table instead of one statement per row: that is what lets a
 * group commit reach thousands of submissions a second. Plain portable SQL
 * (`INSERT ... ON CONFLICT ... DO UPDATE`) that PostgreSQL runs too.
 */
import type { CompiledQuery, Insertable, Kysely, Transaction } from 'kysely';
import type {
  ActionsTable,
  ConsentEventsTable,
  Database,
  IdempotencyRecordsTable,
  OutboxTable,
  PeopleTable,
  SpentChallengesTable,
} from './schema.js';

/** An action whose `person_id` is resolved from the person's email hash at write time. */
export type BufferedAction = Omit<Insertable<ActionsTable>, 'person_id'> & { person_email_hash: string | null };

// Enough rows per statement to amortise it, few enough to stay under any driver's parameter limit.
const CHUNK = 400;

export class RowBuffer {
  private people = new Map<string, Insertable<PeopleTable>>();
  private actions: BufferedAction[] = [];
  private consentEvents: Insertable<ConsentEventsTable>[] = [];
  private outbox: Insertable<OutboxTable>[] = [];
  private idempotency: Insertable<IdempotencyRecordsTable>[] = [];
  private spentChallenges: Insertable<SpentChallengesTable>[] = [];

  /** Upserts a person by email hash; later fields fill in, earlier ones are kept when absent. */
  addPerson(row: Insertable<PeopleTable>): void {
    const earlier = this.people.get(row.email_hash);
    this.people.set(row.email_hash, earlier ? mergePerson(earlier, row) : row);
  }

  addAction(row: BufferedAction): void {
    this.actions.push(row);
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

  /**
   * The statements that write every buffered row, in order, and empties the
   * buffer. Actions find their person by email hash in a subquery, so the
   * statements need nothing from each other and can run in one round trip.
   */
  takeStatements(db: Kysely<Database>): CompiledQuery[] {
    const statements: CompiledQuery[] = [];
    for (const rows of chunks([...this.people.values()])) statements.push(upsertPeople(db, rows).compile());
    for (const rows of chunks(this.actions)) {
      const values = rows.map(({ person_email_hash, ...row }) => ({
        ...row,
        person_id: person_email_hash
          ? db.selectFrom('people').select('people.id').where('people.email_hash', '=', person_email_hash)
          : null,
      }));
      statements.push(db.insertInto('actions').values(values).compile());
    }
    for (const rows of chunks(this.consentEvents)) statements.push(db.insertInto('consent_events').values(rows).compile());
    for (const rows of chunks(this.outbox)) statements.push(db.insertInto('outbox').values(rows).compile());
    for (const rows of chunks(this.idempotency)) statements.push(db.insertInto('idempotency_records').values(rows).compile());
    for (const rows of chunks(this.spentChallenges)) {
      statements.push(
        db
          .insertInto('spent_challenges')
          .values(rows)
          .onConflict((oc) => oc.column('signature').doNothing())
          .compile(),
      );
    }
    this.people.clear();
    this.actions = [];
    this.consentEvents = [];
    this.outbox = [];
    this.idempotency = [];
    this.spentChallenges = [];
    return statements;
  }

  /** Writes every buffered row in `trx` and empties the buffer. */
  async write(trx: Transaction<Database>): Promise<void> {
    for (const statement of this.takeStatements(trx)) await trx.executeQuery(statement);
  }
}

/** Inserts people, or fills in what an earlier action from the same email left out. */
function upsertPeople(db: Kysely<Database>, rows: Insertable<PeopleTable>[]) {
  return db
    .insertInto('people')
    .values(rows)
    .onConflict((oc) =>
      oc.column('email_hash').doUpdateSet((eb) => ({
        email: eb.ref('excluded.email'),
        given_name: eb.fn.coalesce('excluded.given_name', 'people.given_name'),
        family_name: eb.fn.coalesce('excluded.family_name', 'people.family_name'),
        phone: eb.fn.coalesce('excluded.phone', 'people.phone'),
        postal_code: eb.fn.coalesce('excluded.postal_code', 'people.postal_code'),
        country: eb.fn.coalesce('excluded.country', 'people.country'),
        language: eb.fn.coalesce('excluded.language', 'people.language'),
        updated_at: eb.ref('excluded.updated_at'),
        expires_at: eb
          .case()
          .when('excluded.expires_at', '>', eb.ref('people.expires_at'))
          .then(eb.ref('excluded.expires_at'))
          .else(eb.ref('people.expires_at'))
          .end(),
      })),
    );
}

function mergePerson(earlier: Insertable<PeopleTable>, later: Insertable<PeopleTable>): Insertable<PeopleTable> {
  return {
    ...earlier,
    email: later.email,
    given_name: later.given_name ?? earlier.given_name ?? null,
    family_name: later.family_name ?? earlier.family_name ?? null,
    phone: later.phone ?? earlier.phone ?? null,
    postal_code: later.postal_code ?? earlier.postal_code ?? null,
    country: later.country ?? earlier.country ?? null,
    language: later.language ?? earlier.language ?? null,
    updated_at: later.updated_at,
    expires_at: latestInstant(later.expires_at, earlier.expires_at),
  };
}

/** The later of two ISO UTC instants (they sort as text). */
function latestInstant(a: string, b: string): string {
  return a < b ? b : a;
}

function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
}
