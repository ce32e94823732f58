/**
 * Payments reach the campaign's backend as their own events: a signed
 * webhook receives the pledge, then `donation.paid` once the payment is
 * confirmed and `donation.refunded` once it is refunded, each once.
 */
import type { DonationPaymentEvent } from '@tract/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWebhookReceiver, startWebhookReceiver } from '../../../sdk/test/fakes/webhook-receiver.js';
import { forwardingService } from '../forwarding/service.js';
import { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, stripeDonations } from '../test-support/payments.js';
import { donationBody, post, solvedChallenge, startTestRelay, type TestRelay } from '../test-support/relay.js';
import { StripeStandIn } from '../test-support/stripe-stand-in.js';

const SECRET = 'payments-webhook-secret-0123456789';
let stripe: StripeStandIn;
let receiver: FakeWebhookReceiver;
let relay: TestRelay;

beforeAll(async () => {
  stripe = await StripeStandIn.start({ secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET });
  receiver = await startWebhookReceiver({ secret: SECRET });
  relay = await startTestRelay(
    { donations: stripeDonations(stripe), backend: { type: 'webhook', url: receiver.url, secretEnv: 'TRACT_WEBHOOK_SECRET' } },
    [forwardingService({ env: { TRACT_WEBHOOK_SECRET: SECRET }, pollMs: 20, baseDelayMs: 10 })],
    { env: { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } },
  );
  stripe.webhookUrl = `${relay.url}/v1/payments/stripe/webhook`;
});
afterAll(async () => {
  await relay.stop();
  await receiver.close();
  await stripe.close();
});

async function settled() {
  const until = Date.now() + 20_000;
  for (;;) {
    const rows = await relay.db
      .selectFrom('outbox')
      .select(['status', 'event', 'last_error'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (rows.length > 0 && rows.every((row) => row.status === 'delivered' || row.status === 'dead')) return rows;
    if (Date.now() > until) throw new Error(`outbox not settled: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('payment events to a webhook', () => {
  it('forwards the pledge, then donation.paid and donation.refunded, each once and signed', async () => {
    const gift = await post(
      relay,
      '/v1/donations',
      { ...donationBody(6000, 'forwarded@example.fr'), source: { pageUrl: 'https://www.example.fr/don' } },
      { bot: { challenge: await solvedChallenge(relay) } },
    );
    expect(gift.status).toBe(202);
    const sessionId = new URL(gift.body.checkoutUrl).pathname.split('/').pop()!;
    await stripe.complete(sessionId);
    // Stripe delivers twice: the relay records it once, and forwards it once.
    await stripe.deliver(stripe.events.at(-1)!);
    await stripe.refund(stripe.chargeOf(sessionId).id);
    const rows = await settled();
    expect(rows.map((row) => [row.event, row.status])).toEqual([
      [null, 'delivered'],
      ['donation.paid', 'delivered'],
      ['donation.refunded', 'delivered'],
    ]);
    const received = receiver.delivered as unknown as (DonationPaymentEvent | { kind: 'donation'; id: string })[];
    expect(received.map((item) => item.kind)).toEqual(['donation', 'donation.paid', 'donation.refunded']);
    expect(receiver.duplicates).toBe(0);
    const paid = received[1] as DonationPaymentEvent;
    expect(paid).toMatchObject({
      donationId: gift.key,
      payment: {
        provider: 'stripe',
        reference: expect.stringMatching(/^pi_test_/),
        currency: 'EUR',
        recurrence: 'one_off',
        paidTotal: 6000,
      },
      donation: { id: gift.key, kind: 'donation', data: { amount: 6000 } },
    });
    expect((received[2] as DonationPaymentEvent).payment).toMatchObject({ paidTotal: 6000, refundedTotal: 6000 });
  });
});
