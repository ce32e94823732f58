/**
 * The organizer console: the counters behind its charts (one row per hour,
 * action kind, form and source, updated in the transaction that stores the
 * action), each action's source as a column (filterable without reading its
 * JSON), indexes for searching people by email, name and postal code, the
 * append-only audit log, and the record of each purge run.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actions').addColumn('source', 'text').execute();
  await db.schema.createIndex('actions_kind_created').on('actions').columns(['kind', 'created_at']).execute();
  await db.schema.createIndex('actions_source_created').on('actions').columns(['source', 'created_at']).execute();

  // Each donor's total for a period, read from the index alone (donors near the compliance cap).
  await db.schema.createIndex('actions_donor_totals').on('actions').columns(['kind', 'period', 'person_id', 'amount_minor']).execute();

  await db.schema.createIndex('people_email').on('people').column('email').execute();
  await db.schema.createIndex('people_family_name').on('people').expression(sql`lower(family_name)`).execute();
  await db.schema.createIndex('people_given_name').on('people').expression(sql`lower(given_name)`).execute();
  await db.schema.createIndex('people_postal_code').on('people').column('postal_code').execute();
  await db.schema.createIndex('people_created').on('people').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('consent_events_purpose').on('consent_events').columns(['purpose', 'subject_hash']).execute();

  await db.schema
    .createTable('action_counts')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actions', 'integer', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_counts_key', ['bucket', 'kind', 'form', 'source'])
    .execute();
  await db.schema.createIndex('action_counts_kind_form').on('action_counts').columns(['kind', 'form']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('token_name', 'text')
    .addColumn('role', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_token_event').on('audit_log').columns(['token_id', 'event', 'at']).execute();

  await db.schema
    .createTable('purge_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ran_at', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('purge_runs_ran_at').on('purge_runs').column('ran_at').execute();
}
