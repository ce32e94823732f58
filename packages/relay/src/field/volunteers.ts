/**
 * Volunteers: an admin creates a single-use invitation for one list; opening
 * it exchanges it, once, for a volunteer token scoped to that list, which ends
 * with the invitation's term or when an admin revokes it.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { createToken } from '../auth/tokens.js';
import { sha256 } from '../db/hash.js';
import { readerOf, relaxedOf } from '../db/open.js';
import type { Database } from '../db/schema.js';
import type { FieldListsTable } from './tables.js';

const INVITATION_PREFIX = 'tract_inv_';

export interface Invitation {
  volunteerId: string;
  /** The secret: shown once, in the link. */
  invitation: string;
  expiresAt: string;
}

export async function createInvitation(
  db: Kysely<Database>,
  listId: string,
  name: string,
  createdBy: string | null,
  now: Date,
  expiresAt: Date,
): Promise<Invitation> {
  const invitation = INVITATION_PREFIX + randomBytes(32).toString('base64url');
  const volunteerId = randomUUID();
  await db
    .insertInto('field_volunteers')
    .values({
      id: volunteerId,
      list_id: listId,
      name,
      invitation_hash: sha256(invitation),
      invitation_expires_at: expiresAt.toISOString(),
      accepted_at: null,
      token_id: null,
      revoked_at: null,
      flagged_at: null,
      flags: 0,
      created_by: createdBy,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { volunteerId, invitation, expiresAt: expiresAt.toISOString() };
}

/**
 * Spends an invitation: resolves with the volunteer token (its only copy), or
 * undefined when the invitation is unknown, used, revoked or expired (alike).
 * The conditional update spends it at most once, even when two devices race.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  invitation: string,
  now: Date,
): Promise<{ token: string; expiresAt: string; listId: string; name: string } | undefined> {
  const at = now.toISOString();
  const hash = sha256(invitation);
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('field_volunteers')
      .set({ accepted_at: at })
      .where('invitation_hash', '=', hash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('invitation_expires_at', '>', at)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return undefined;
    const volunteer = await trx.selectFrom('field_volunteers').selectAll().where('invitation_hash', '=', hash).executeTakeFirstOrThrow();
    const { id, token } = await createToken(trx, 'volunteer', volunteer.name, {
      now,
      expiresAt: new Date(volunteer.expires_at),
      scope: volunteer.list_id,
      ...(volunteer.created_by ? { createdBy: volunteer.created_by } : {}),
    });
    await trx.updateTable('field_volunteers').set({ token_id: id }).where('id', '=', volunteer.id).execute();
    return { token, expiresAt: volunteer.expires_at, listId: volunteer.list_id, name: volunteer.name };
  });
}

/**
 * Revokes a volunteer: the invitation and the token stop working at once, and
 * the open slice's people go back to the pool. False when there is no such volunteer.
 */
export async function revokeVolunteer(db: Kysely<Database>, volunteerId: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const volunteer = await trx
      .selectFrom('field_volunteers')
      .select(['id', 'token_id', 'revoked_at'])
      .where('id', '=', volunteerId)
      .executeTakeFirst();
    if (!volunteer) return false;
    if (volunteer.revoked_at === null)
      await trx.updateTable('field_volunteers').set({ revoked_at: at }).where('id', '=', volunteerId).execute();
    if (volunteer.token_id) {
      await trx
        .updateTable('tokens')
        .set({ revoked_at: at })
        .where('id', '=', volunteer.token_id)
        .where('revoked_at', 'is', null)
        .execute();
      const open = await trx
        .selectFrom('field_slices')
        .select('id')
        .where('token_id', '=', volunteer.token_id)
        .where('closed_at', 'is', null)
        .executeTakeFirst();
      if (open) {
        await trx.updateTable('field_slices').set({ closed_at: at }).where('id', '=', open.id).execute();
        await trx
          .updateTable('field_members')
          .set({ available_at: at })
          .where('slice_id', '=', open.id)
          .where('state', '=', 'pool')
          .execute();
      }
    }
    return true;
  });
}

export type VolunteerSession =
  | { kind: 'volunteer'; tokenId: string; name: string; list: Selectable<FieldListsTable> }
  /** A live token of another role: it may not use field mode. */
  | { kind: 'other_role' }
  /** No live volunteer token: missing, unknown, expired, revoked, or its list ended. */
  | { kind: 'none' };

/**
 * The volunteer and list behind a bearer token, in one query (every field
 * request starts here). Compares the hash in constant time, like `authenticate`.
 */
export async function volunteerSession(db: Kysely<Database>, authorization: string | undefined, now: Date): Promise<VolunteerSession> {
  const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization ?? '');
  if (!match) return { kind: 'none' };
  const hash = sha256(match[1]!);
  const at = now.toISOString();
  // Committed state is all a check needs: the read connection answers it while a group commit runs.
  const row = await readerOf(db)
    .selectFrom('tokens')
    .leftJoin('field_volunteers', (join) =>
      join.onRef('field_volunteers.token_id', '=', 'tokens.id').on('field_volunteers.revoked_at', 'is', null),
    )
    .leftJoin('field_lists', 'field_lists.id', 'tokens.scope')
    .select([
      'tokens.id as token_id',
      'tokens.token_hash',
      'tokens.role',
      'tokens.name as token_name',
      'tokens.expires_at as token_expires_at',
      'tokens.revoked_at as token_revoked_at',
      'tokens.last_used_at as token_last_used_at',
      'field_volunteers.list_id as volunteer_list_id',
    ])
    .selectAll('field_lists')
    .where('tokens.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return { kind: 'none' };
  if (row.token_revoked_at !== null || (row.token_expires_at !== null && row.token_expires_at <= at)) return { kind: 'none' };
  if (row.role !== 'volunteer') return { kind: 'other_role' };
  // Last use to the minute, where loss-tolerant writes go, as `authenticate` records it.
  if (row.token_last_used_at === null || row.token_last_used_at < new Date(now.getTime() - 60_000).toISOString()) {
    await relaxedOf(db).updateTable('tokens').set({ last_used_at: at }).where('id', '=', row.token_id).execute();
  }
  if (
    row.volunteer_list_id === null ||
    row.id === null ||
    row.volunteer_list_id !== row.id ||
    row.expires_at === null ||
    row.expires_at <= at
  ) {
    return { kind: 'none' };
  }
  const {
    token_id,
    token_hash: _hash,
    role: _role,
    token_name,
    token_expires_at: _e,
    token_revoked_at: _r,
    token_last_used_at: _l,
    volunteer_list_id: _v,
    ...list
  } = row;
  return { kind: 'volunteer', tokenId: token_id, name: token_name, list: list as Selectable<FieldListsTable> };
}
