/**
 * Tokens that can end (expiry, revocation), say when they were last used and
 * what they are scoped to, with a third role, `volunteer`; actions remember
 * the token that posted them, so an organizer sees only its own contacts.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tokens').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('revoked_at', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('last_used_at', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('scope', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('created_by', 'text').execute();
  await db.schema.alterTable('actions').addColumn('token_id', 'text').execute();
  await db.schema.createIndex('actions_token').on('actions').columns(['token_id', 'created_at']).execute();
}
