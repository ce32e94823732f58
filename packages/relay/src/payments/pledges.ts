/**
 * A pledge's payment state. Providers report dated facts (checkout completed,
 * payment failed, checkout expired, monthly gift ended) and money (payments,
 * refunds); `settle` derives the status from all of them, so the same events
 * processed in any order, or twice, end in the same state. When money moves, the
 * over-cap flag is decided again on the money the donor really gave, and a
 * first payment or a refund queues its own delivery (`donation.paid`,
 * `donation.refunded`) to the configured backend.
 */
import type { Transaction } from 'kysely';
import { pendingDelivery } from '../actions/rows.js';
import type { RelayConfig } from '../config/schema.js';
import type { HashKey } from '../db/hash-key.js';
import type { Database, PledgeRow, PledgeStatus } from '../db/schema.js';
import { queueCapNotice } from './cap-notice.js';
import { donorOverCap, moneyOf } from './caps.js';

/**
 * The id a donor's browser asks the public status with: 128 bits of a keyed
 * MAC of the pledge id, base64url. Unguessable without the server's key, and
 * the same on every retry of the same pledge, so a retried checkout creation
 * sends the provider identical parameters under its idempotency key.
 */
export function publicIdOf(hashKey: HashKey, pledgeId: string): string {
  return Buffer.from(hashKey.mac('pledge', pledgeId), 'hex').subarray(0, 16).toString('base64url');
}

/** The status the facts and the money add up to. */
export function statusOf(pledge: PledgeRow, money: { paid: number; refunded: number; payments: number }): PledgeStatus {
  const paid = money.payments > 0 || pledge.completed_at !== null;
  if (money.refunded > 0 && money.refunded >= money.paid) return 'refunded';
  if (pledge.ended_at) return 'ended';
  if (paid) return pledge.review ? 'pending_review' : 'paid';
  if (pledge.failed_at) return 'failed';
  if (pledge.abandoned_at) return 'abandoned';
  return pledge.review ? 'pending_review' : 'pending';
}

/** What the public status endpoint says: paid, pending or failed, nothing more. */
export function publicStatusOf(status: PledgeStatus): 'paid' | 'pending' | 'failed' {
  if (status === 'paid' || status === 'ended') return 'paid';
  if (status === 'pending' || status === 'pending_review') return 'pending';
  return 'failed';
}

export type PledgeFact =
  | { kind: 'completed' }
  | { kind: 'failed' }
  | { kind: 'abandoned' }
  | { kind: 'ended' }
  | { kind: 'refs'; payment?: string | null; subscription?: string | null; customer?: string | null }
  /** A payment (`id` the provider's payment or invoice id) or a refund (`amount` the total refunded so far on `id`). */
  | { kind: 'payment' | 'refund'; id: string; amount: number };

/** Tells the donor of a pledge that payment took over the cap, from the address and language it was pledged with. */
async function noticeDonor(trx: Transaction<Database>, config: RelayConfig, pledge: PledgeRow, now: Date): Promise<void> {
  const action = await trx.selectFrom('actions').select('data').where('id', '=', pledge.id).executeTakeFirst();
  const person = action ? (JSON.parse(action.data) as { person?: { email: string; language?: string } }).person : undefined;
  if (person) await queueCapNotice(trx, config, pledge, person.email, person.language ?? 'en', now);
}

/** Records `facts` about `pledgeId` and settles its status; returns the settled row. */
export async function applyFacts(
  trx: Transaction<Database>,
  config: RelayConfig,
  pledgeId: string,
  facts: PledgeFact[],
  now: Date,
): Promise<PledgeRow> {
  const at = now.toISOString();
  const before = await trx.selectFrom('pledges').selectAll().where('id', '=', pledgeId).executeTakeFirstOrThrow();
  const changes: Partial<PledgeRow> = {};
  let money = false;
  for (const fact of facts) {
    switch (fact.kind) {
      case 'completed':
        changes.completed_at ??= before.completed_at ?? at;
        break;
      case 'failed':
        changes.failed_at ??= before.failed_at ?? at;
        break;
      case 'abandoned':
        changes.abandoned_at ??= before.abandoned_at ?? at;
        break;
      case 'ended':
        changes.ended_at ??= before.ended_at ?? at;
        break;
      case 'refs':
        if (fact.payment && !before.payment_ref) changes.payment_ref = fact.payment;
        if (fact.subscription && !before.subscription_ref) changes.subscription_ref = fact.subscription;
        if (fact.customer && !before.customer_ref) changes.customer_ref = fact.customer;
        break;
      case 'payment':
      case 'refund': {
        const id = `${fact.kind}:${fact.id}`;
        const existing = await trx.selectFrom('pledge_payments').select('amount_minor').where('id', '=', id).executeTakeFirst();
        if (!existing) {
          await trx
            .insertInto('pledge_payments')
            .values({ id, pledge_id: pledgeId, kind: fact.kind, amount_minor: fact.amount, at, expires_at: before.expires_at })
            .execute();
          money = true;
        } else if (fact.kind === 'refund' && fact.amount > existing.amount_minor) {
          // A charge's `amount_refunded` only grows: the largest seen is the truth, whatever the order.
          await trx.updateTable('pledge_payments').set({ amount_minor: fact.amount, at }).where('id', '=', id).execute();
          money = true;
        }
      }
    }
  }
  let pledge: PledgeRow = { ...before, ...changes };
  const totals = (await moneyOf(trx, [pledgeId])).get(pledgeId) ?? { paid: 0, refunded: 0, payments: 0 };
  if (money && totals.payments > 0 && config.donations) {
    const over = await donorOverCap(trx, config.donations, pledge, now, true);
    pledge = { ...pledge, review: over ? 'over_cap' : null };
    if (over && before.review !== 'over_cap') await noticeDonor(trx, config, pledge, now);
  }
  const status = statusOf(pledge, totals);
  if (money && config.backend.type !== 'local') {
    // The payment reaches the CRM as its own event, once: when the pledge first counts as paid, and when it is refunded.
    const wasPaid =
      before.status === 'paid' || before.status === 'ended' || (before.status === 'pending_review' && before.completed_at !== null);
    const nowPaid = status === 'paid' || status === 'ended' || (status === 'pending_review' && totals.payments > 0);
    const event =
      status === 'refunded' && before.status !== 'refunded' ? 'donation.refunded' : nowPaid && !wasPaid ? 'donation.paid' : undefined;
    if (event)
      await trx
        .insertInto('outbox')
        .values(pendingDelivery(pledgeId, config.backend.type, now, event))
        .execute();
  }
  pledge = { ...pledge, status, updated_at: at };
  await trx
    .updateTable('pledges')
    .set({
      status,
      review: pledge.review,
      completed_at: pledge.completed_at,
      failed_at: pledge.failed_at,
      abandoned_at: pledge.abandoned_at,
      ended_at: pledge.ended_at,
      payment_ref: pledge.payment_ref,
      subscription_ref: pledge.subscription_ref,
      customer_ref: pledge.customer_ref,
      updated_at: at,
    })
    .where('id', '=', pledgeId)
    .execute();
  return pledge;
}
