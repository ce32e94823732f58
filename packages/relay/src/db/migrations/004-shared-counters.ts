/**
 * Rate counters in the database, so relays sharing one (PostgreSQL) count
 * every client's and every form's hits together: one row per counter key and
 * fixed window. Keys are keyed hashes (never a client's address in clear);
 * rows expire two windows after they start.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_counters')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_counters_pkey', ['key', 'window_start'])
    .execute();
  await db.schema.createIndex('rate_counters_expires_at').on('rate_counters').column('expires_at').execute();
}
