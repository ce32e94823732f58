/**
 * HelloAsso's notifications. They are not signed, so nothing in them is
 * believed: the notification only says which pledge to look at (its
 * metadata, or a checkout intent id), and the relay asks HelloAsso's API for
 * that pledge's checkout intent. An order on the intent is a payment; its
 * payments all refunded, a refund. A notification the API does not confirm
 * changes nothing and is refused. What the API confirmed is recorded once
 * (by order and state), so a repeated notification changes nothing.
 */
import type { RelayContext } from '../context.js';
import type { PledgeRow } from '../db/schema.js';
import type { HelloAssoIntent, HelloAssoProvider } from './helloasso.js';
import { applyFacts, type PledgeFact } from './pledges.js';
import type { WebhookOutcome } from './stripe-webhook.js';

const EVENT_RECORD_DAYS = 30;

/** Which pledge a notification points at: its metadata's pledge id, else a checkout intent id. Nothing else is read. */
export function pointedPledge(body: unknown): { pledgeId?: string; intentId?: string } {
  const notification = (body ?? {}) as {
    metadata?: { pledge_id?: unknown };
    data?: { checkoutIntentId?: unknown; order?: { checkoutIntentId?: unknown } };
  };
  const pledgeId = typeof notification.metadata?.pledge_id === 'string' ? notification.metadata.pledge_id : undefined;
  const intent = notification.data?.checkoutIntentId ?? notification.data?.order?.checkoutIntentId;
  const intentId = typeof intent === 'number' || typeof intent === 'string' ? String(intent) : undefined;
  return { ...(pledgeId ? { pledgeId } : {}), ...(intentId ? { intentId } : {}) };
}

/** What the API's intent confirms, as facts, with the key it is recorded under; undefined when it confirms nothing. */
export function confirmedFacts(intent: HelloAssoIntent): { key: string; type: string; facts: PledgeFact[] } | undefined {
  const order = intent.order;
  if (!order) return undefined;
  const payments = order.payments ?? [];
  const paid = order.amount?.total ?? payments.reduce((sum, p) => sum + p.amount, 0);
  const facts: PledgeFact[] = [
    { kind: 'refs', payment: String(order.id) },
    { kind: 'completed' },
    { kind: 'payment', id: `order-${order.id}`, amount: paid },
  ];
  const refunded = payments.filter((p) => p.state === 'Refunded').reduce((sum, p) => sum + p.amount, 0);
  if (refunded > 0) {
    facts.push({ kind: 'refund', id: `order-${order.id}`, amount: refunded });
    return { key: `helloasso:order:${order.id}:refunded:${refunded}`, type: 'order.refunded', facts };
  }
  return { key: `helloasso:order:${order.id}:paid`, type: 'order.paid', facts };
}

export async function processHelloAssoNotification(
  ctx: RelayContext,
  provider: HelloAssoProvider,
  body: unknown,
): Promise<{ outcome: WebhookOutcome | 'unconfirmed'; pledge?: PledgeRow }> {
  const pointer = pointedPledge(body);
  const query = ctx.db.selectFrom('pledges').selectAll().where('provider', '=', 'helloasso');
  const pledge = pointer.pledgeId
    ? await query.where('id', '=', pointer.pledgeId).executeTakeFirst()
    : pointer.intentId
      ? await query.where('checkout_ref', '=', pointer.intentId).executeTakeFirst()
      : undefined;
  if (!pledge?.checkout_ref) return { outcome: 'unknown_pledge' };
  const intent = await provider.fetchIntent(pledge.checkout_ref);
  // The intent must be the pledge's own, and say so itself.
  if (String(intent.id) !== pledge.checkout_ref || (intent.metadata?.pledge_id !== undefined && intent.metadata.pledge_id !== pledge.id)) {
    return { outcome: 'unconfirmed' };
  }
  const confirmed = confirmedFacts(intent);
  if (!confirmed) return { outcome: 'unconfirmed' };
  const now = ctx.now();
  return ctx.queue.run(async (trx) => {
    const seen = await trx.selectFrom('payment_events').select('id').where('id', '=', confirmed.key).executeTakeFirst();
    if (seen) return { outcome: 'duplicate' as const };
    await trx
      .insertInto('payment_events')
      .values({
        id: confirmed.key,
        provider: 'helloasso',
        type: confirmed.type,
        pledge_id: pledge.id,
        received_at: now.toISOString(),
        signed_at: null,
        expires_at: new Date(now.getTime() + EVENT_RECORD_DAYS * 86_400_000).toISOString(),
      })
      .execute();
    return { outcome: 'processed' as const, pledge: await applyFacts(trx, ctx.config, pledge.id, confirmed.facts, now) };
  });
}
