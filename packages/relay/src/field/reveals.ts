/**
 * Reveals: the phone number (call lists) or street address (door lists) of
 * one member of the volunteer's open slice, once per slice, each written to
 * the audit log, at a human pace. The pace check and the audit row are one
 * transaction, so concurrent reveals cannot slip past the limits together.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { audit } from '../console/audit.js';
import { isPostgres } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { HOUR_MS, NEVER, PACE_WINDOW_MS } from './limits.js';
import type { FieldList } from './slices.js';

export type RevealOutcome =
  | { kind: 'revealed'; phone?: string; address?: { lines: string[]; postalCode: string | null; locality: string | null } }
  /** The volunteer holds no open slice (never took one, or its reservation ended). */
  | { kind: 'no_slice' }
  /** Not a member of the volunteer's open slice (or erased since): nothing to tell. */
  | { kind: 'not_found' }
  | { kind: 'already_revealed' }
  /** Suppressed since the slice was taken, or its number or address is gone. */
  | { kind: 'gone' }
  | { kind: 'too_fast'; retryAfterSeconds: number; limit: 'hour' | 'average' };

/** Runs work in a transaction: the relay's group commit, so concurrent reveals share one disk flush. */
export type InTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

export async function reveal(
  run: InTransaction,
  list: FieldList,
  volunteer: { tokenId: string; name: string },
  ref: string,
  now: Date,
  retentionEnd: Date,
): Promise<RevealOutcome> {
  const at = now.toISOString();
  try {
    return await run((trx) => revealIn(trx, list, volunteer, ref, at, now, retentionEnd));
  } catch (error) {
    // Two reveals of the same member raced past the check (relays sharing PostgreSQL): the unique index let one through.
    if (isUniqueViolation(error)) return { kind: 'already_revealed' };
    throw error;
  }
}

async function revealIn(
  trx: Transaction<Database>,
  list: FieldList,
  volunteer: { tokenId: string; name: string },
  ref: string,
  at: string,
  now: Date,
  retentionEnd: Date,
): Promise<RevealOutcome> {
  const { tokenId } = volunteer;
  // A no-op write on the volunteer's row: on PostgreSQL it locks that row, so one volunteer's
  // concurrent reveals count their pace one after the other (SQLite runs writers one at a time).
  if (isPostgres(trx)) {
    await trx
      .updateTable('field_volunteers')
      .set((eb) => ({ flags: eb.ref('flags') }))
      .where('token_id', '=', tokenId)
      .execute();
  }
  const member = await trx
    .selectFrom('field_members')
    .innerJoin('people', 'people.id', 'field_members.person_id')
    .innerJoin('field_slices', 'field_slices.id', 'field_members.slice_id')
    // In the same read: an earlier reveal in this slice, and a suppression since the slice was taken.
    .leftJoin('field_reveals', (join) =>
      join.onRef('field_reveals.slice_id', '=', 'field_slices.id').onRef('field_reveals.member_id', '=', 'field_members.id'),
    )
    .leftJoin('suppression', 'suppression.email_hash', 'people.email_hash')
    .select([
      'field_members.id',
      'field_slices.id as slice_id',
      'field_reveals.id as earlier_reveal',
      'suppression.email_hash as suppressed',
      'field_members.person_id',
      'field_members.state',
      'people.email_hash',
      'people.phone',
      'people.address_lines',
      'people.postal_code',
      'people.locality',
    ])
    .where('field_members.id', '=', ref)
    .where('field_members.token_id', '=', tokenId)
    .where('field_slices.token_id', '=', tokenId)
    .where('field_slices.closed_at', 'is', null)
    .where('field_slices.reserved_until', '>', at)
    .executeTakeFirst();
  if (!member) {
    const open = await trx
      .selectFrom('field_slices')
      .select('id')
      .where('token_id', '=', tokenId)
      .where('closed_at', 'is', null)
      .where('reserved_until', '>', at)
      .executeTakeFirst();
    return open ? { kind: 'not_found' } : { kind: 'no_slice' };
  }
  const slice = { id: member.slice_id };
  if (member.earlier_reveal !== null) return { kind: 'already_revealed' };

  const pace = await paceOf(trx, tokenId, now);
  const hourCap = list.reveals_per_hour;
  const windowCap =
    list.reveal_min_average_seconds > 0 ? Math.floor(PACE_WINDOW_MS / 1000 / list.reveal_min_average_seconds) : Number.POSITIVE_INFINITY;
  if (pace.lastHour.length >= hourCap) {
    return {
      kind: 'too_fast',
      limit: 'hour',
      retryAfterSeconds: secondsUntil(pace.lastHour[pace.lastHour.length - hourCap]!, HOUR_MS, now),
    };
  }
  if (pace.lastWindow.length >= windowCap) {
    const oldest = pace.lastWindow[pace.lastWindow.length - windowCap]!;
    return { kind: 'too_fast', limit: 'average', retryAfterSeconds: secondsUntil(oldest, PACE_WINDOW_MS, now) };
  }

  const suppressed = member.suppressed !== null;
  const lines = member.address_lines ? (JSON.parse(member.address_lines) as string[]) : [];
  const reachable = list.kind === 'call' ? member.phone !== null : lines.length > 0;
  if (suppressed || !reachable || member.state === 'removed') {
    await trx.updateTable('field_members').set({ state: 'removed', available_at: NEVER }).where('id', '=', ref).execute();
    return { kind: 'gone' };
  }
  // Reached meanwhile by the volunteer who held them before this slice (their phone's queue posted late).
  if (member.state === 'done') return { kind: 'gone' };

  await trx
    .insertInto('field_reveals')
    .values({
      id: randomUUID(),
      list_id: list.id,
      slice_id: slice.id,
      member_id: ref,
      token_id: tokenId,
      revealed_at: at,
      expires_at: retentionEnd.toISOString(),
    })
    .execute();
  await trx.updateTable('field_members').set({ revealed_at: at }).where('id', '=', ref).execute();
  // The console's audit log too, in the same transaction: the number leaves only if both entries are stored.
  await audit(
    trx,
    { tokenId, role: 'volunteer', name: volunteer.name, scope: list.id },
    { event: 'field.reveal', target: ref, records: 1, detail: { list: list.id, slice: slice.id } },
    now,
  );
  return list.kind === 'call'
    ? { kind: 'revealed', phone: member.phone! }
    : { kind: 'revealed', address: { lines, postalCode: member.postal_code, locality: member.locality } };
}

/** A unique index refused the row (SQLite and PostgreSQL spell it differently). */
export function isUniqueViolation(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}

/** The volunteer's reveals of the last hour and of the last pace window, oldest first. */
async function paceOf(db: Kysely<Database>, tokenId: string, now: Date): Promise<{ lastHour: string[]; lastWindow: string[] }> {
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  const windowStart = new Date(now.getTime() - PACE_WINDOW_MS).toISOString();
  const rows = await db
    .selectFrom('field_reveals')
    .select('revealed_at')
    .where('token_id', '=', tokenId)
    .where('revealed_at', '>', hourAgo)
    .orderBy('revealed_at')
    .execute();
  const lastHour = rows.map((row) => row.revealed_at);
  return { lastHour, lastWindow: lastHour.filter((instant) => instant > windowStart) };
}

/** Seconds until the reveal at `instant` leaves a window of `windowMs`. */
function secondsUntil(instant: string, windowMs: number, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(instant) + windowMs - now.getTime()) / 1000));
}

/** Counts a pace refusal against the volunteer: the console shows them flagged. */
export async function flagVolunteer(db: Kysely<Database>, tokenId: string, now: Date): Promise<void> {
  await db
    .updateTable('field_volunteers')
    .set((eb) => ({ flagged_at: now.toISOString(), flags: eb('flags', '+', 1) }))
    .where('token_id', '=', tokenId)
    .execute();
}
