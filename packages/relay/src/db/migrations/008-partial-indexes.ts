/**
 * Fewer index entries per action, where no query needs them: every public
 * submission wrote 24, a third of PostgreSQL's work under load.
 *
 * - Two indexes of `actions` become partial. Each serves queries that name a
 *   value of its column (an event's RSVPs and a petition's signatures, an
 *   organizer's contacts and field results), and most actions have none (a
 *   signup has no target and no token). `column = value` (and `in`) implies
 *   `column is not null`, which SQLite and PostgreSQL both prove to use a
 *   partial index, so the queries are unchanged.
 * - `actions_donor_totals` goes: donors' running totals are read from
 *   `pledges` since paid donations (migration 7), and no query reads it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('actions_target').execute();
  await db.schema
    .createIndex('actions_target')
    .on('actions')
    .columns(['kind', 'target_id', 'status'])
    .where(sql.ref('target_id'), 'is not', null)
    .execute();
  await db.schema.dropIndex('actions_token').execute();
  await db.schema
    .createIndex('actions_token')
    .on('actions')
    .columns(['token_id', 'created_at'])
    .where(sql.ref('token_id'), 'is not', null)
    .execute();
  await db.schema.dropIndex('actions_donor_totals').execute();
}
