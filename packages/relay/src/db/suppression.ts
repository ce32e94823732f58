/** The suppression list: opt-outs, checked before any forward, send or export. */
import type { Kysely } from 'kysely';
import type { HashKey } from './hash-key.js';
import type { Database } from './schema.js';

/** Whether the person with this (keyed) email hash asked never to be contacted. */
export async function isSuppressed(db: Kysely<Database>, emailHash: string): Promise<boolean> {
  const row = await db.selectFrom('suppression').select('email_hash').where('email_hash', '=', emailHash).executeTakeFirst();
  return row !== undefined;
}

/** Adds an email to the suppression list (idempotent). Stores only its keyed hash. */
export async function suppressEmail(db: Kysely<Database>, hashKey: HashKey, email: string, reason: string, now: Date): Promise<void> {
  await suppressHash(db, hashKey.emailHash(email), reason, now);
}

/** Adds an email known by its keyed hash (an unsubscribe link carries only that) to the suppression list. */
export async function suppressHash(db: Kysely<Database>, emailHash: string, reason: string, now: Date): Promise<void> {
  await db
    .insertInto('suppression')
    .values({ email_hash: emailHash, reason, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('email_hash').doNothing())
    .execute();
}
