/**
 * The Stripe stand-in against the reference material: Stripe's example
 * objects (fixtures3.json), the `stripe` package's parameter types, its
 * error classes and its own webhook signature check.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeClient } from '../payments/stripe.js';
import { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } from './payments.js';
import { StripeStandIn, stripeFixture } from './stripe-stand-in.js';

let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await StripeStandIn.start({ secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET, autoDeliver: false });
  stripe = stripeClient(STRIPE_SECRET_KEY, standIn.url);
});
afterAll(async () => {
  await standIn.close();
});

const params = (): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 2500, product_data: { name: 'Don' } } }],
  client_reference_id: 'pledge-1',
  metadata: { pledge_id: 'pledge-1' },
  customer_email: 'camille@example.fr',
  success_url: 'https://www.example.fr/don?tract_pledge=x',
  cancel_url: 'https://www.example.fr/don?tract_pledge=x&tract_return=cancel',
});

function form(body: Record<string, string>) {
  return new URLSearchParams(body).toString();
}

describe('Stripe stand-in', () => {
  it('creates a Checkout Session through the stripe package, shaped like Stripe’s own example object', async () => {
    const session = await stripe.checkout.sessions.create(params());
    const example = stripeFixture('checkout.session');
    expect(Object.keys(session).sort()).toEqual(Object.keys(example).sort());
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 2500,
      currency: 'eur',
      client_reference_id: 'pledge-1',
      metadata: { pledge_id: 'pledge-1' },
      customer_email: 'camille@example.fr',
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${standIn.url}/pay/${session.id}`);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toEqual(session);
  });

  it('refuses a wrong or missing key with 401 and Stripe’s error shape', async () => {
    const wrong = stripeClient('sk_test_wrong', standIn.url);
    await expect(wrong.checkout.sessions.create(params())).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const missing = await fetch(`${standIn.url}/v1/checkout/sessions`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('API key') });
  });

  it('refuses a parameter the stripe package’s types do not declare, naming it', async () => {
    const response = await fetch(`${standIn.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STRIPE_SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ mode: 'payment', 'line_items[0][price_data][unit_amout]': '2500', 'line_items[0][quantity]': '1' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'line_items[0][price_data][unit_amout]',
    });
    // The same names spelt right, and any metadata key, are accepted.
    const ok = await fetch(`${standIn.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STRIPE_SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({
        mode: 'payment',
        'line_items[0][price_data][unit_amount]': '2500',
        'line_items[0][quantity]': '1',
        'metadata[anything]': 'x',
      }),
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a JSON body: Stripe takes form-encoded bodies only', async () => {
    const response = await fetch(`${standIn.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STRIPE_SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'payment' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.type).toBe('invalid_request_error');
  });

  it('answers 429 with Stripe-Should-Retry, which the stripe package retries under the same idempotency key', async () => {
    standIn.throttleNext(1);
    const before = standIn.requests.length;
    const session = await stripe.checkout.sessions.create(params(), { idempotencyKey: 'retry-me' });
    const seen = standIn.requests.slice(before).map((r) => r.status);
    expect(seen).toEqual([429, 200]);
    expect(session.id).toMatch(/^cs_test_/);
  });

  it('gives up with a RateLimitError when throttled past the retries', async () => {
    standIn.throttleNext(10);
    await expect(stripe.checkout.sessions.create(params())).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    standIn.throttleNext(0);
  });

  it('replays an idempotent request, and refuses the key with other parameters', async () => {
    const first = await stripe.checkout.sessions.create(params(), { idempotencyKey: 'same-key' });
    const again = await stripe.checkout.sessions.create(params(), { idempotencyKey: 'same-key' });
    expect(again.id).toBe(first.id);
    await expect(
      stripe.checkout.sessions.create({ ...params(), client_reference_id: 'other' }, { idempotencyKey: 'same-key' }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('signs events the stripe package verifies, and only with the right secret and a fresh timestamp', async () => {
    const session = await stripe.checkout.sessions.create(params());
    const [event] = await standIn.complete(session.id);
    const payload = JSON.stringify(event);
    const verified = stripe.webhooks.constructEvent(payload, standIn.signature(payload), STRIPE_WEBHOOK_SECRET, 300);
    expect(verified.type).toBe('checkout.session.completed');
    expect(Object.keys(verified).sort()).toEqual(Object.keys(stripeFixture('event')).sort());
    const completed = verified.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'paid', client_reference_id: 'pledge-1' });
    expect(completed.payment_intent).toMatch(/^pi_test_/);
    expect(() =>
      stripe.webhooks.constructEvent(payload, standIn.signature(payload, { secret: 'whsec_other' }), STRIPE_WEBHOOK_SECRET, 300),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const stale = standIn.signature(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(() => stripe.webhooks.constructEvent(payload, stale, STRIPE_WEBHOOK_SECRET, 300)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('runs a monthly subscription: the session completes, each invoice is paid with the pledge in its metadata, and it ends', async () => {
    const session = await stripe.checkout.sessions.create({
      ...params(),
      mode: 'subscription',
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: 'Don' }, recurring: { interval: 'month' } },
        },
      ],
      subscription_data: { metadata: { pledge_id: 'pledge-m' } },
    });
    const [completed, invoicePaid] = await standIn.complete(session.id);
    expect(completed!.type).toBe('checkout.session.completed');
    const invoice = invoicePaid!.data.object as Stripe.Invoice;
    expect(invoicePaid!.type).toBe('invoice.paid');
    expect(Object.keys(invoice).sort()).toEqual(Object.keys(stripeFixture('invoice')).sort());
    expect(invoice.amount_paid).toBe(1000);
    expect(invoice.parent?.subscription_details?.metadata).toEqual({ pledge_id: 'pledge-m' });
    const subscription = (completed!.data.object as Stripe.Checkout.Session).subscription as string;
    const cancelled = await stripe.subscriptions.cancel(subscription);
    expect(cancelled.status).toBe('canceled');
    expect(standIn.events.at(-1)!.type).toBe('customer.subscription.deleted');
  });

  it('refunds through the API and sends charge.refunded with the cumulative amount refunded', async () => {
    const session = await stripe.checkout.sessions.create(params());
    await standIn.complete(session.id);
    const paymentIntent = standIn.sessions.get(session.id)!.payment_intent as string;
    const refund = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 });
    expect(refund).toMatchObject({ object: 'refund', amount: 1000, status: 'succeeded' });
    const charge = standIn.events.at(-1)!.data.object as Stripe.Charge;
    expect(charge).toMatchObject({ object: 'charge', amount: 2500, amount_refunded: 1000, payment_intent: paymentIntent });
  });
});
