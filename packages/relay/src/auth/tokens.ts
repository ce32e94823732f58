/**
 * Organizer and admin tokens: 256 random bits, shown once, stored as SHA-256.
 * A lookup compares hashes in constant time so response timing reveals nothing.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256 } from '../db/hash.js';
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
  const row = await db
    .selectFrom('tokens')
    .select(['id', 'token_hash', 'role', 'name', 'scope', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  if (row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now.toISOString())) return undefined;
  return { tokenId: row.id, role: row.role, name: row.name, scope: row.scope };
}
