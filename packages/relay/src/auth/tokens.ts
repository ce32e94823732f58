/**
 * Organizer and admin tokens: 256 random bits, shown once, stored as SHA-256.
 * A lookup compares hashes in constant time so response timing reveals nothing.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256 } from '../db/hash.js';
import { readerOf, relaxedOf } from '../db/open.js';
import type { Database, TokenRole } from '../db/schema.js';

export interface Session {
  tokenId: string;
  role: TokenRole;
  name: string;
  /** What a scoped token may touch (a volunteer's field list); null for the whole role. */
  scope: string | null;
}

const PREFIX = 'tract_';

export interface CreateTokenOptions {
  now?: Date;
  /** After this instant the token opens nothing. */
  expiresAt?: Date;
  /** What the token is limited to (a volunteer's field list). */
  scope?: string;
  /** The token that creates this one. */
  createdBy?: string;
}

/** Creates a token; the returned secret is the only copy (the database keeps its hash). */
export async function createToken(
  db: Kysely<Database>,
  role: TokenRole,
  name: string,
  options: CreateTokenOptions = {},
): Promise<{ id: string; token: string }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const id = randomUUID();
  await db
    .insertInto('tokens')
    .values({
      id,
      token_hash: sha256(token),
      role,
      name,
      created_at: (options.now ?? new Date()).toISOString(),
      expires_at: options.expiresAt?.toISOString() ?? null,
      revoked_at: null,
      last_used_at: null,
      scope: options.scope ?? null,
      created_by: options.createdBy ?? null,
    })
    .execute();
  return { id, token };
}

/**
 * The session a bearer token opens at `now`, or undefined for a missing,
 * unknown, revoked or expired token (all alike, so a caller learns nothing
 * about which).
 */
export async function authenticate(
  db: Kysely<Database>,
  authorization: string | undefined,
  now: Date = new Date(),
): Promise<Session | undefined> {
  const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const hash = sha256(match[1]!);
  // Committed state is all a check needs: the read connection answers it while a group commit runs.
  const row = await readerOf(db)
    .selectFrom('tokens')
    .select(['id', 'token_hash', 'role', 'name', 'scope', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  if (row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now.toISOString())) return undefined;
  // "Last used" to the minute is what a list of tokens needs; a write per request would not be.
  // A crash may lose it, so it goes where such writes go (see `relaxedOf`).
  const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
  if (row.last_used_at === null || row.last_used_at < minuteAgo) {
    await relaxedOf(db).updateTable('tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { tokenId: row.id, role: row.role, name: row.name, scope: row.scope };
}

/** Every token, newest first, without its hash: what the console's token list shows. */
export async function listTokens(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('tokens')
    .select(['id', 'name', 'role', 'created_at', 'expires_at', 'revoked_at', 'last_used_at', 'scope', 'created_by'])
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    scope: row.scope,
    createdBy: row.created_by,
  }));
}

/** Revokes a token from `now` on; false when there is no such token or it was already revoked. */
export async function revokeToken(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
