/**
 * The audit log: who read which personal data or changed what, when, with
 * which token, how many records. Append-only (nothing in the relay updates or
 * deletes a row of it). A read of personal data writes its entry in the same
 * transaction as the read: the data leaves only if its entry is stored.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Session } from '../auth/tokens.js';
import type { Database } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';

export type AuditEvent =
  | 'actions.list'
  | 'actions.read'
  | 'people.list'
  | 'people.export_csv'
  | 'donations.export_csv'
  | 'donations.list'
  | 'person.read'
  | 'person.access_export'
  | 'person.update'
  | 'person.erase'
  | 'person.suppress'
  | 'suppression.check'
  | 'seats.list'
  | 'contacts.list'
  | 'contact.update'
  | 'deliveries.list'
  | 'delivery.retry'
  | 'token.create'
  | 'token.revoke'
  | 'field.reveal'
  | 'field.list.create'
  | 'field.volunteer.invite'
  | 'field.volunteer.revoke';

export interface AuditEntry {
  event: AuditEvent;
  /** A route, a person's or token's id: never an email. */
  target?: string | null;
  records: number;
  /** The filter of a list or an export, the counts of an erasure. */
  detail?: unknown;
}

export async function audit(db: Kysely<Database> | Transaction<Database>, session: Session, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: timeOrderedId(now.getTime()),
      at: now.toISOString(),
      token_id: session.tokenId,
      token_name: session.name,
      role: session.role,
      event: entry.event,
      target: entry.target ?? null,
      records: entry.records,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    })
    .execute();
}

/**
 * Runs `read` and writes its audit entry in one transaction; the entry's
 * record count comes from what was read.
 */
export function auditedRead<T>(
  db: Kysely<Database>,
  session: Session,
  now: Date,
  read: (trx: Transaction<Database>) => Promise<T>,
  entryOf: (result: T) => AuditEntry,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await read(trx);
    await audit(trx, session, entryOf(result), now);
    return result;
  });
}

/** Entries newest first, a page at a time (`before`: the id of the last entry of the previous page). */
export async function auditPage(db: Kysely<Database>, limit: number, before: string | undefined, event?: string) {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before) query = query.where('id', '<', before);
  if (event) query = query.where('event', '=', event);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at,
      tokenId: row.token_id,
      tokenName: row.token_name,
      role: row.role,
      event: row.event,
      target: row.target,
      records: row.records,
      detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
    })),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** How many entries of `event` a token wrote since `since` (the export cap). */
export async function auditCount(db: Kysely<Database> | Transaction<Database>, tokenId: string, event: AuditEvent, since: Date) {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('token_id', '=', tokenId)
    .where('event', '=', event)
    .where('at', '>=', since.toISOString())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
