/** The suppression list: opt-outs, checked before any forward, send or export. */
import type { Kysely } from 'kysely';
import { hashEmail } from './hash.js';
import type { Database } from './schema.js';

/** Whether the person with this email hash asked never to be contacted. */
export async function isSuppressed(db: Kysely<Database>, emailHash: string): Promise<boolean> {
  const row = await db.selectFrom('suppression').select('email_hash').where('email_hash', '=', emailHash).executeTakeFirst();
  return row !== undefined;
}

/** Adds an email to the suppression list (idempotent). Stores only its hash. */
export async function suppressEmail(db: Kysely<Database>, email: string, reason: string, now: Date): Promise<void> {
  await db
    .insertInto('suppression')
    .values({ email_hash: hashEmail(email), reason, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('email_hash').doNothing())
    .execute();
}
