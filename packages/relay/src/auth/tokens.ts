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
}

const PREFIX = 'tract_';

/** Creates a token; the returned secret is the only copy (the database keeps its hash). */
export async function createToken(
  db: Kysely<Database>,
  role: TokenRole,
  name: string,
  now = new Date(),
): Promise<{ id: string; token: string }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const id = randomUUID();
  await db
    .insertInto('tokens')
    .values({ id, token_hash: sha256(token), role, name, created_at: now.toISOString() })
    .execute();
  return { id, token };
}

/** The session a bearer token opens, or undefined for a missing or unknown token. */
export async function authenticate(db: Kysely<Database>, authorization: string | undefined): Promise<Session | undefined> {
  const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const hash = sha256(match[1]!);
  const row = await db.selectFrom('tokens').select(['id', 'token_hash', 'role', 'name']).where('token_hash', '=', hash).executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return { tokenId: row.id, role: row.role, name: row.name };
}
