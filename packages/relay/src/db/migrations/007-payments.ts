/**
 * Paid donations: a pledge's payment state beside its action (which provider,
 * its checkout and payment references, the public status id), every payment
 * and refund the provider confirmed, the provider events already processed
 * (by event id, so a retried event changes nothing twice), and the event kind
 * an outbox delivery forwards (`donation.paid`, `donation.refunded`; null: the
 * action itself).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pledges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('recurrence', 'text', (c) => c.notNull())
    .addColumn('instalments', 'integer', (c) => c.notNull())
    .addColumn('review', 'text')
    .addColumn('checkout_ref', 'text')
    .addColumn('payment_ref', 'text')
    .addColumn('subscription_ref', 'text')
    .addColumn('customer_ref', 'text')
    .addColumn('checkout_expires_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('abandoned_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pledges_donor').on('pledges').columns(['email_hash', 'period']).execute();
  await db.schema.createIndex('pledges_checkout').on('pledges').column('checkout_ref').execute();
  await db.schema.createIndex('pledges_payment').on('pledges').column('payment_ref').execute();
  await db.schema.createIndex('pledges_subscription').on('pledges').column('subscription_ref').execute();
  await db.schema.createIndex('pledges_customer').on('pledges').column('customer_ref').execute();
  await db.schema.createIndex('pledges_expires_at').on('pledges').column('expires_at').execute();

  await db.schema
    .createTable('pledge_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pledge_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pledge_payments_pledge').on('pledge_payments').column('pledge_id').execute();
  await db.schema.createIndex('pledge_payments_expires_at').on('pledge_payments').column('expires_at').execute();

  await db.schema
    .createTable('payment_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('pledge_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_events_expires_at').on('payment_events').column('expires_at').execute();

  await db.schema.alterTable('outbox').addColumn('event', 'text').execute();
}
