/**
 * Field mode: call and door lists, the snapshot of who is on each, volunteers
 * (invitation, then a token scoped to one list), slices a volunteer holds for
 * a while, the audit log of every reveal, and one row per person called (the
 * cool-down). `docs/field-mode.md` says how they work together.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('field_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('slice_size', 'integer', (c) => c.notNull())
    .addColumn('reservation_minutes', 'integer', (c) => c.notNull())
    .addColumn('cooldown_days', 'integer', (c) => c.notNull())
    .addColumn('reveals_per_hour', 'integer', (c) => c.notNull())
    .addColumn('reveal_min_average_seconds', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('field_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('slice_id', 'text')
    .addColumn('token_id', 'text')
    .addColumn('revealed_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('support_level', 'integer')
    .addColumn('done_at', 'text')
    .execute();
  await db.schema.createIndex('field_members_pool').on('field_members').columns(['list_id', 'available_at', 'position']).execute();
  await db.schema.createIndex('field_members_progress').on('field_members').columns(['list_id', 'state', 'outcome']).execute();
  await db.schema.createIndex('field_members_slice').on('field_members').column('slice_id').execute();
  await db.schema.createIndex('field_members_person').on('field_members').column('person_id').execute();
  await db.schema.createIndex('field_members_list_person').on('field_members').columns(['list_id', 'person_id']).unique().execute();

  await db.schema
    .createTable('field_volunteers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('invitation_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invitation_expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('token_id', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('flagged_at', 'text')
    .addColumn('flags', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('field_volunteers_list').on('field_volunteers').column('list_id').execute();
  await db.schema.createIndex('field_volunteers_token').on('field_volunteers').column('token_id').execute();

  await db.schema
    .createTable('field_slices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reserved_until', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  // One open slice per volunteer, even when two requests race (SQLite and PostgreSQL both take partial indexes).
  await db.schema
    .createIndex('field_slices_one_open')
    .on('field_slices')
    .column('token_id')
    .unique()
    .where(sql.ref('closed_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('field_reveals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('slice_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('revealed_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('field_reveals_once').on('field_reveals').columns(['slice_id', 'member_id']).unique().execute();
  await db.schema.createIndex('field_reveals_pace').on('field_reveals').columns(['token_id', 'revealed_at']).execute();
  await db.schema.createIndex('field_reveals_list').on('field_reveals').columns(['list_id', 'revealed_at']).execute();

  await db.schema
    .createTable('field_calls')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('called_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
