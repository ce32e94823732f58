/**
 * Slices: a volunteer takes at most `slice_size` people from the pool, held
 * for `reservation_minutes`, one open slice at a time. Taking members is one
 * conditional UPDATE (`available_at <= now` both in the choice and in the
 * update itself), so two volunteers never hold the same person: SQLite runs
 * writers one at a time, and PostgreSQL re-checks the condition on a row
 * another transaction just took and skips it. When a reservation ends, its
 * members' `available_at` has passed and they are back in the pool.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { skipLocked } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { type InTransaction, isUniqueViolation } from './reveals.js';
import type { FieldListsTable } from './tables.js';

export type FieldList = Selectable<FieldListsTable>;

export interface OpenSlice {
  id: string;
  reservedUntil: string;
}

/** The volunteer's open slice at `now`, after closing any whose reservation ended. */
export async function openSlice(db: Kysely<Database>, tokenId: string, now: Date): Promise<OpenSlice | undefined> {
  const at = now.toISOString();
  const row = await db
    .selectFrom('field_slices')
    .select(['id', 'reserved_until'])
    .where('token_id', '=', tokenId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.reserved_until > at) return { id: row.id, reservedUntil: row.reserved_until };
  await db
    .updateTable('field_slices')
    .set({ closed_at: row.reserved_until })
    .where('id', '=', row.id)
    .where('closed_at', 'is', null)
    .execute();
  return undefined;
}

export type TakeOutcome = { kind: 'taken'; slice: OpenSlice; size: number } | { kind: 'already_open' } | { kind: 'empty' };

/**
 * Gives the volunteer a new slice of `list`, unless one is open or the pool
 * is empty. `run` is the relay's group commit: concurrent requests share one
 * transaction and run one after the other inside it.
 */
export async function takeSlice(run: InTransaction, list: FieldList, tokenId: string, now: Date, retentionEnd: Date): Promise<TakeOutcome> {
  const at = now.toISOString();
  const reservedUntil = new Date(now.getTime() + list.reservation_minutes * 60_000).toISOString();
  const id = randomUUID();
  try {
    return await run(async (trx): Promise<TakeOutcome> => {
      const current = await openSlice(trx, tokenId, now);
      if (current) return { kind: 'already_open' };
      await trx
        .insertInto('field_slices')
        .values({
          id,
          list_id: list.id,
          token_id: tokenId,
          created_at: at,
          reserved_until: reservedUntil,
          closed_at: null,
          expires_at: retentionEnd.toISOString(),
        })
        .execute();
      let size = 0;
      // On PostgreSQL, a request racing another may find the members it chose already taken (the
      // re-check skips them) and take fewer: it chooses again from what is left, until the slice is
      // full or nobody is available.
      for (let attempt = 0; attempt < 10 && size < list.slice_size; attempt++) {
        const taken = await claimMembers(trx, list.id, id, tokenId, at, reservedUntil, list.slice_size - size);
        size += taken;
        if (taken === 0 && !(await anyAvailable(trx, list.id, at))) break;
      }
      if (size === 0) {
        await trx.deleteFrom('field_slices').where('id', '=', id).execute();
        return { kind: 'empty' };
      }
      return { kind: 'taken', slice: { id, reservedUntil }, size };
    });
  } catch (error) {
    // The unique index on open slices: the same volunteer's request on another relay opened one first.
    if (isUniqueViolation(error)) return { kind: 'already_open' };
    throw error;
  }
}

/** Gives up to `count` available members of the list to the slice; resolves with how many it took. */
async function claimMembers(
  db: Kysely<Database>,
  listId: string,
  sliceId: string,
  tokenId: string,
  at: string,
  reservedUntil: string,
  count: number,
): Promise<number> {
  const claimed = await db
    .updateTable('field_members')
    .set({ slice_id: sliceId, token_id: tokenId, available_at: reservedUntil, revealed_at: null })
    .where('id', 'in', (eb) =>
      // On PostgreSQL the choice skips rows another request is taking right now (SKIP LOCKED).
      skipLocked(
        db,
        eb
          .selectFrom('field_members as pool')
          .select('pool.id')
          .where('pool.list_id', '=', listId)
          .where('pool.available_at', '<=', at)
          .orderBy('pool.available_at')
          .orderBy('pool.position')
          .limit(count),
      ),
    )
    .where('available_at', '<=', at)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows);
}

async function anyAvailable(db: Kysely<Database>, listId: string, at: string): Promise<boolean> {
  const row = await db
    .selectFrom('field_members')
    .select('id')
    .where('list_id', '=', listId)
    .where('available_at', '<=', at)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Closes the volunteer's open slice early: the people not reached go back to the pool now. */
export async function closeSlice(db: Kysely<Database>, tokenId: string, now: Date): Promise<boolean> {
  const current = await openSlice(db, tokenId, now);
  if (!current) return false;
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('field_slices').set({ closed_at: at }).where('id', '=', current.id).execute();
    await trx
      .updateTable('field_members')
      .set({ available_at: at })
      .where('slice_id', '=', current.id)
      .where('state', '=', 'pool')
      .execute();
  });
  return true;
}

/** What the volunteer sees of their slice: first name and area only, and what they did so far. */
export async function sliceMembers(db: Kysely<Database>, sliceId: string) {
  const rows = await db
    .selectFrom('field_members')
    .innerJoin('people', 'people.id', 'field_members.person_id')
    .select([
      'field_members.id',
      'field_members.state',
      'field_members.outcome',
      'field_members.revealed_at',
      'people.given_name',
      'people.postal_code',
      'people.locality',
    ])
    .where('field_members.slice_id', '=', sliceId)
    .orderBy('field_members.position')
    .execute();
  return rows.map((row) => ({
    ref: row.id,
    givenName: row.given_name ?? '',
    area: [row.postal_code?.slice(0, 2), row.locality].filter(Boolean).join(' '),
    revealed: row.revealed_at !== null,
    outcome: row.outcome,
  }));
}
