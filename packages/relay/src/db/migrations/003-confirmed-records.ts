/**
 * Confirmed records and double opt-in: the person's record holds every person
 * field and says when it was confirmed; actions and consent grants can wait
 * for the person's confirmation by email; confirmation tokens (hashed), the
 * mail queue and the log of sent mail (for the per-recipient throttle).
 *
 * Email hashes become keyed (see `hash-key.ts`). A migration has no key, so
 * the plain SHA-256 hashes stored so far are marked `sha256:<hex>` here, and
 * `upgradeLegacyHashes` converts them with the key when the relay starts.
 */
import { type Kysely, sql } from 'kysely';

export const LEGACY_HASH_PREFIX = 'sha256:';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').addColumn('address_lines', 'text').execute();
  await db.schema.alterTable('people').addColumn('locality', 'text').execute();
  await db.schema.alterTable('people').addColumn('confirmed_at', 'text').execute();

  await db.schema
    .alterTable('actions')
    .addColumn('confirmation', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema.alterTable('actions').addColumn('confirmed_at', 'text').execute();
  await db.schema.alterTable('consent_events').addColumn('confirmation', 'text').execute();

  await db.schema
    .createTable('confirmations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .execute();
  await db.schema.createIndex('confirmations_email').on('confirmations').column('email_hash').execute();
  await db.schema.createIndex('confirmations_action').on('confirmations').column('action_id').execute();
  await db.schema.createIndex('confirmations_expires_at').on('confirmations').column('expires_at').execute();

  await db.schema
    .createTable('mail_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('confirmation_id', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_queue_due').on('mail_queue').column('next_attempt_at').execute();
  await db.schema.createIndex('mail_queue_recipient').on('mail_queue').column('recipient_hash').execute();
  await db.schema.createIndex('mail_queue_expires_at').on('mail_queue').column('expires_at').execute();

  await db.schema
    .createTable('mail_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_hash', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_log_recipient').on('mail_log').columns(['recipient_hash', 'sent_at']).execute();
  await db.schema.createIndex('mail_log_expires_at').on('mail_log').column('expires_at').execute();

  const hashes = db as unknown as Kysely<LegacyHashes>;
  await hashes
    .updateTable('people')
    .set({ email_hash: sql`${LEGACY_HASH_PREFIX} || email_hash` })
    .execute();
  await hashes
    .updateTable('consent_events')
    .set({ subject_hash: sql`${LEGACY_HASH_PREFIX} || subject_hash` })
    .execute();
  await hashes
    .updateTable('suppression')
    .set({ email_hash: sql`${LEGACY_HASH_PREFIX} || email_hash` })
    .execute();
}

/** The columns that held plain SHA-256 email hashes. */
interface LegacyHashes {
  people: { email_hash: string };
  consent_events: { subject_hash: string };
  suppression: { email_hash: string };
}
