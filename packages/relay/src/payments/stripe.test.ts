/**
 * Paid donations through Stripe, end to end over real HTTP: the relay, the
 * `stripe` package, the stand-in's API and its signed webhooks.
 */
import { pledgeStatus } from '@tract/sdk';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, type StripeTestRelay, startStripeTestRelay } from '../test-support/payments.js';
import { donationBody, ORIGIN, post, solvedChallenge, startTestRelay } from '../test-support/relay.js';
import { stripeClient } from './stripe.js';

let relay: StripeTestRelay;

beforeAll(async () => {
  relay = await startStripeTestRelay();
});
afterAll(async () => {
  await relay.stop();
});

async function give(amount: number, email: string, extra: Record<string, unknown> = {}) {
  const response = await post(
    relay,
    '/v1/donations',
    { ...donationBody(amount, email), source: { pageUrl: 'https://www.example.fr/donner' }, ...extra },
    { bot: { challenge: await solvedChallenge(relay) } },
  );
  expect(response.status).toBe(202);
  const sessionId = new URL(response.body.checkoutUrl).pathname.split('/').pop()!;
  return { ...response, sessionId };
}

async function pledge(id: string) {
  return relay.db.selectFrom('pledges').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function payments(id: string) {
  return relay.db.selectFrom('pledge_payments').select(['kind', 'amount_minor']).where('pledge_id', '=', id).orderBy('id').execute();
}

async function publicStatus(statusId: string) {
  const response = await fetch(`${relay.url}/v1/pledges/${statusId}`, { headers: { origin: ORIGIN } });
  return (await response.json()).status;
}

/** Delivers every event, in order; returns the statuses. */
async function deliverAll(events: Stripe.Event[]) {
  const statuses: number[] = [];
  for (const event of events) statuses.push(await relay.stripe.deliver(event));
  return statuses;
}

/** Whether a new 200 € gift by `email` is flagged over the cap (4,600 €): the donor's allowance, seen from inside. */
async function flaggedNext(email: string) {
  const next = await give(20_000, email);
  return (await pledge(next.key!)).review === 'over_cap';
}

describe('checkout', () => {
  it('creates a Checkout Session for the pledge and hands the donor its URL', async () => {
    const gift = await give(2500, 'checkout@example.fr');
    expect(gift.body).toEqual({ id: gift.key, status: 'pending', checkoutUrl: expect.any(String), statusId: expect.any(String) });
    expect(gift.body.checkoutUrl).toBe(`${relay.stripe.url}/pay/${gift.sessionId}`);
    const session = relay.stripe.sessions.get(gift.sessionId)!;
    expect(session).toMatchObject({
      mode: 'payment',
      amount_total: 2500,
      currency: 'eur',
      client_reference_id: gift.key,
      metadata: { pledge_id: gift.key },
      customer_email: 'checkout@example.fr',
      locale: 'en',
      submit_type: 'donate',
    });
    expect(session.success_url).toBe(`https://www.example.fr/donner?tract_pledge=${gift.body.statusId}`);
    expect(session.cancel_url).toBe(`https://www.example.fr/donner?tract_pledge=${gift.body.statusId}&tract_return=cancel`);
    expect(await pledge(gift.key!)).toMatchObject({ provider: 'stripe', checkout_ref: gift.sessionId, status: 'pending', instalments: 1 });
    expect(await publicStatus(gift.body.statusId)).toBe('pending');
  });

  it('sends the donor back to the posting origin when the page is on another site', async () => {
    const gift = await give(2500, 'elsewhere@example.fr', { source: { pageUrl: 'https://evil.example.com/x' } });
    expect(relay.stripe.sessions.get(gift.sessionId)!.success_url).toBe(`${ORIGIN}/?tract_pledge=${gift.body.statusId}`);
  });

  it('answers 502 and stores nothing when Stripe keeps refusing', async () => {
    relay.stripe.throttleNext(10);
    const before = await relay.db
      .selectFrom('pledges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await post(relay, '/v1/donations', donationBody(2500, 'throttled@example.fr'), {
      bot: { challenge: await solvedChallenge(relay) },
      headers: { 'accept-language': 'fr' },
    });
    relay.stripe.throttleNext(0);
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('payment_unavailable');
    expect(response.body.error.message).toContain('Rien n’a été enregistré');
    const after = await relay.db
      .selectFrom('pledges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await relay.db.selectFrom('actions').select('id').where('id', '=', response.key!).executeTakeFirst()).toBeUndefined();
  });

  it('never sends a secret to the browser', async () => {
    const gift = await give(2500, 'secrets@example.fr');
    const texts = [JSON.stringify(gift.body), await (await fetch(`${relay.url}/v1/pledges/${gift.body.statusId}`)).text()];
    for (const text of texts) {
      expect(text).not.toContain(STRIPE_SECRET_KEY);
      expect(text).not.toContain(STRIPE_WEBHOOK_SECRET);
      expect(text).not.toContain('secrets@example.fr');
    }
  });

  it('refuses to start without the secrets in the environment, naming the variable', async () => {
    await expect(
      startTestRelay(
        { donations: { profile: 'fr-candidate', election: 'x', provider: 'stripe', stripe: { apiUrl: relay.stripe.url } } },
        [],
        { env: { STRIPE_SECRET_KEY } },
      ),
    ).rejects.toThrow(/STRIPE_WEBHOOK_SECRET/);
  });
});

describe('money paths', () => {
  it('paid: the completed session marks the pledge paid, counted once', async () => {
    const gift = await give(5000, 'paid@example.fr');
    // The SDK's read of the public status, against this very relay.
    expect(await pledgeStatus({ url: relay.url, statusId: gift.body.statusId })).toBe('pending');
    await expect(pledgeStatus({ url: relay.url, statusId: 'AAAAAAAAAAAAAAAAAAAAAA' })).rejects.toMatchObject({ code: 'not_found' });
    const events = await relay.stripe.complete(gift.sessionId);
    expect(await deliverAll(events)).toEqual([200]);
    expect(await pledge(gift.key!)).toMatchObject({ status: 'paid', payment_ref: expect.stringMatching(/^pi_test_/) });
    expect(await payments(gift.key!)).toEqual([{ kind: 'payment', amount_minor: 5000 }]);
    expect(await publicStatus(gift.body.statusId)).toBe('paid');
    expect(await pledgeStatus({ url: relay.url, statusId: gift.body.statusId })).toBe('paid');
  });

  it('failed: a delayed payment that fails marks the pledge failed and frees the cap', async () => {
    const gift = await give(450_000, 'failed@example.fr');
    expect(await deliverAll(await relay.stripe.complete(gift.sessionId, { delayed: true }))).toEqual([200]);
    expect((await pledge(gift.key!)).status).toBe('pending');
    expect(await flaggedNext('failed@example.fr')).toBe(true);
    expect(await deliverAll(await relay.stripe.settleAsync(gift.sessionId, false))).toEqual([200]);
    expect((await pledge(gift.key!)).status).toBe('failed');
    expect(await publicStatus(gift.body.statusId)).toBe('failed');
    expect(await flaggedNext('failed@example.fr')).toBe(false);
  });

  it('expired: an abandoned checkout stops counting against the cap', async () => {
    const gift = await give(450_000, 'expired@example.fr');
    expect(await flaggedNext('expired@example.fr')).toBe(true);
    expect(await deliverAll(await relay.stripe.expire(gift.sessionId))).toEqual([200]);
    expect((await pledge(gift.key!)).status).toBe('abandoned');
    expect(await publicStatus(gift.body.statusId)).toBe('failed');
    expect(await flaggedNext('expired@example.fr')).toBe(false);
  });

  it('refunded: a full refund marks it refunded and frees the amount; a partial one keeps the rest counted', async () => {
    const gift = await give(450_000, 'refund@example.fr');
    await deliverAll(await relay.stripe.complete(gift.sessionId));
    expect(await flaggedNext('refund@example.fr')).toBe(true);
    const charge = relay.stripe.chargeOf(gift.sessionId);
    await relay.stripe.refund(charge.id, 100_000);
    expect(await relay.stripe.deliver(relay.stripe.events.at(-1)!)).toBe(200);
    expect((await pledge(gift.key!)).status).toBe('paid');
    expect(await flaggedNext('refund@example.fr')).toBe(false);
    await relay.stripe.refund(charge.id);
    expect(await relay.stripe.deliver(relay.stripe.events.at(-1)!)).toBe(200);
    expect((await pledge(gift.key!)).status).toBe('refunded');
    expect(await payments(gift.key!)).toEqual([
      { kind: 'payment', amount_minor: 450_000 },
      { kind: 'refund', amount_minor: 450_000 },
    ]);
    expect(await publicStatus(gift.body.statusId)).toBe('failed');
  });

  it('monthly: each paid invoice is recorded, the gift ends after its instalments, and every instalment counts', async () => {
    // 30,000 a month until the end of the campaign (2027-12-31 by default): at most 13 instalments, 390,000.
    const gift = await give(30_000, 'monthly@example.fr', { recurrence: 'monthly' });
    const row = await pledge(gift.key!);
    expect(relay.stripe.sessions.get(gift.sessionId)).toMatchObject({ mode: 'subscription' });
    expect(row.instalments * 30_000).toBeLessThanOrEqual(460_000);
    expect(await deliverAll(await relay.stripe.complete(gift.sessionId))).toEqual([200, 200]);
    expect(await pledge(gift.key!)).toMatchObject({ status: 'paid', subscription_ref: expect.stringMatching(/^sub_test_/) });
    const subscription = (await pledge(gift.key!)).subscription_ref!;
    // Every instalment still to come counts: a gift that would pass the cap with them is flagged.
    const room = 460_000 - row.instalments * 30_000;
    const over = await give(room + 100, 'monthly@example.fr');
    expect((await pledge(over.key!)).review).toBe('over_cap');
    for (let i = 1; i < row.instalments; i++) {
      expect(await deliverAll(await relay.stripe.payNextInvoice(subscription))).toEqual([200]);
    }
    expect((await payments(gift.key!)).length).toBe(row.instalments);
    // After the last instalment the relay cancels the subscription; Stripe's event ends the gift.
    await expect.poll(() => relay.stripe.subscriptions.get(subscription)!.status, { timeout: 10_000 }).toBe('canceled');
    expect(await deliverAll([relay.stripe.events.at(-1)!])).toEqual([200]);
    expect((await pledge(gift.key!)).status).toBe('ended');
    expect(await publicStatus(gift.body.statusId)).toBe('paid');
  });
});

describe('events delivered twice or out of order', () => {
  it('a duplicate changes nothing and is acknowledged', async () => {
    const gift = await give(3000, 'twice@example.fr');
    const [completed] = await relay.stripe.complete(gift.sessionId);
    expect(await relay.stripe.deliver(completed!)).toBe(200);
    const after = await pledge(gift.key!);
    expect(await relay.stripe.deliver(completed!)).toBe(200);
    expect(await pledge(gift.key!)).toEqual(after);
    expect(await payments(gift.key!)).toHaveLength(1);
    expect(relay.logs.some((line) => line.includes('"outcome":"duplicate"'))).toBe(true);
  });

  it('a refund that arrives before its payment is refused until the payment is known, then ends the same', async () => {
    const gift = await give(4000, 'order@example.fr');
    const [completed] = await relay.stripe.complete(gift.sessionId);
    await relay.stripe.refund(relay.stripe.chargeOf(gift.sessionId).id);
    const refunded = relay.stripe.events.at(-1)!;
    expect(await relay.stripe.deliver(refunded)).toBe(400);
    expect((await pledge(gift.key!)).status).toBe('pending');
    // Stripe retries: by then the completed session has come.
    expect(await relay.stripe.deliver(completed!)).toBe(200);
    expect(await relay.stripe.deliver(refunded)).toBe(200);
    expect((await pledge(gift.key!)).status).toBe('refunded');
  });

  it('monthly events in reverse order end in the same state as in order', async () => {
    const run = async (email: string, reverse: boolean) => {
      const gift = await give(20_000, email, { recurrence: 'monthly' });
      const events = await relay.stripe.complete(gift.sessionId);
      const subscription = relay.stripe.sessions.get(gift.sessionId)!.subscription as string;
      events.push(...(await relay.stripe.payNextInvoice(subscription)), ...(await relay.stripe.endSubscription(subscription)));
      await deliverAll(reverse ? [...events].reverse() : events);
      const row = await pledge(gift.key!);
      return { status: row.status, payments: (await payments(gift.key!)).length, ended: row.ended_at !== null };
    };
    const inOrder = await run('in-order@example.fr', false);
    expect(inOrder).toEqual({ status: 'ended', payments: 2, ended: true });
    expect(await run('reversed@example.fr', true)).toEqual(inOrder);
  });
});

describe('events of another tool on the same Stripe account', () => {
  it('are acknowledged and ignored (so Stripe does not retry them for days), changing nothing', async () => {
    const client = stripeClient(STRIPE_SECRET_KEY, relay.stripe.url);
    const session = await client.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 1500, product_data: { name: 'T-shirt' } } }],
      success_url: 'https://shop.example.fr/merci',
    });
    const before = await relay.db.selectFrom('payment_events').select('id').execute();
    const [completed] = await relay.stripe.complete(session.id);
    expect(await relay.stripe.deliver(completed!)).toBe(200);
    await relay.stripe.refund(relay.stripe.chargeOf(session.id).id);
    expect(await relay.stripe.deliver(relay.stripe.events.at(-1)!)).toBe(200);
    expect(await relay.db.selectFrom('payment_events').select('id').execute()).toEqual(before);
    expect(relay.logs.filter((line) => line.includes('"outcome":"ignored"')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('webhook security: refused with 4xx, nothing changes', () => {
  async function snapshot(id: string) {
    return {
      pledge: await pledge(id),
      payments: await payments(id),
      events: await relay.db.selectFrom('payment_events').select('id').execute(),
    };
  }

  it('a bad signature', async () => {
    const gift = await give(2000, 'forged@example.fr');
    const [completed] = await relay.stripe.complete(gift.sessionId);
    const before = await snapshot(gift.key!);
    expect(await relay.stripe.deliver(completed!, { secret: 'whsec_attacker' })).toBe(400);
    expect(await relay.stripe.deliver(completed!, { signature: 't=1,v1=deadbeef' })).toBe(400);
    const unsigned = await fetch(relay.stripe.webhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(completed),
    });
    expect(unsigned.status).toBe(400);
    expect((await unsigned.json()).error.code).toBe('webhook_refused');
    expect(await snapshot(gift.key!)).toEqual(before);
  });

  it('an altered body under a valid signature', async () => {
    const gift = await give(2000, 'altered@example.fr');
    const [completed] = await relay.stripe.complete(gift.sessionId);
    const payload = JSON.stringify(completed);
    const signature = relay.stripe.signature(payload);
    const before = await snapshot(gift.key!);
    const altered = payload.replace('"amount_total":2000', '"amount_total":1');
    const response = await fetch(relay.stripe.webhookUrl!, {
      method: 'POST',
      headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
      body: altered,
    });
    expect(response.status).toBe(400);
    expect(await snapshot(gift.key!)).toEqual(before);
  });

  it('a stale timestamp (more than 5 minutes old), which is also what a replayed capture carries', async () => {
    const gift = await give(2000, 'stale@example.fr');
    const [completed] = await relay.stripe.complete(gift.sessionId);
    const before = await snapshot(gift.key!);
    expect(await relay.stripe.deliver(completed!, { timestamp: Math.floor(Date.now() / 1000) - 301 })).toBe(400);
    expect(await snapshot(gift.key!)).toEqual(before);
  });

  it('a captured delivery sent again (same event, same signature): refused, while Stripe’s own retry (signed anew) is acknowledged', async () => {
    const gift = await give(2000, 'replayed@example.fr');
    const [completed] = await relay.stripe.complete(gift.sessionId);
    const payload = JSON.stringify(completed);
    const headers = { 'stripe-signature': relay.stripe.signature(payload), 'content-type': 'application/json' };
    const send = () => fetch(relay.stripe.webhookUrl!, { method: 'POST', headers, body: payload });
    expect((await send()).status).toBe(200);
    const after = await snapshot(gift.key!);
    const replay = await send();
    expect(replay.status).toBe(400);
    expect((await replay.json()).error.code).toBe('webhook_refused');
    expect(await snapshot(gift.key!)).toEqual(after);
    // Stripe retries later (minutes, at the soonest), signing with that moment's timestamp.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await relay.stripe.deliver(completed!)).toBe(200);
    expect(await snapshot(gift.key!)).toEqual(after);
  });

  it('an event for an unknown pledge, or for a session that is not the pledge’s', async () => {
    const gift = await give(2000, 'unknown@example.fr');
    const [completed] = await relay.stripe.complete(gift.sessionId);
    const before = await snapshot(gift.key!);
    const stranger = structuredClone(completed!);
    (stranger.data.object as Stripe.Checkout.Session).client_reference_id = '00000000-0000-4000-8000-000000000000';
    (stranger.data.object as Stripe.Checkout.Session).metadata = {};
    stranger.id = 'evt_test_stranger';
    expect(await relay.stripe.deliver(stranger)).toBe(400);
    const otherSession = structuredClone(completed!);
    (otherSession.data.object as Stripe.Checkout.Session).id = 'cs_test_not_this_one';
    otherSession.id = 'evt_test_other_session';
    expect(await relay.stripe.deliver(otherSession)).toBe(400);
    expect(await snapshot(gift.key!)).toEqual(before);
  });
});

describe('treasurer export', () => {
  it('lists the pledges that took money as CSV for an admin only, with formulas neutralised', async () => {
    const gift = await give(7500, 'treasurer@example.fr', {
      person: {
        givenName: 'Zoé',
        familyName: 'Dupont-Aînée',
        email: 'treasurer@example.fr',
        addressLines: ['=HYPERLINK("http://evil.example")', 'Bât. B'],
        postalCode: '69003',
        locality: 'Lyon',
        country: 'FR',
      },
    });
    await deliverAll(await relay.stripe.complete(gift.sessionId));
    const unpaid = await give(1000, 'unpaid@example.fr');

    const anonymous = await fetch(`${relay.url}/v1/admin/donations/export`);
    expect(anonymous.status).toBe(401);
    const organizer = await fetch(`${relay.url}/v1/admin/donations/export`, {
      headers: { authorization: `Bearer ${relay.organizerToken}` },
    });
    expect(organizer.status).toBe(403);

    const response = await fetch(`${relay.url}/v1/admin/donations/export`, { headers: { authorization: `Bearer ${relay.adminToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="tract-donations-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]!.split(',')).toContain('net_total');
    const row = lines.find((line) => line.startsWith(`${gift.key},`))!;
    expect(row).toContain(',paid,,stripe,pi_test_');
    expect(row).toContain(',EUR,75.00,one_off,1,75.00,0.00,75.00,');
    expect(row).toContain(',Zoé,Dupont-Aînée,treasurer@example.fr,');
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"") / Bât. B",69003,Lyon,FR,fr-candidate,`);
    expect(text).not.toContain(unpaid.key!);
    // The read is in the audit log, with the number of pledges it listed and never an email.
    const entry = await relay.db.selectFrom('audit_log').selectAll().where('event', '=', 'donations.export_csv').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ role: 'admin', target: '/v1/admin/donations/export', records: lines.length - 2 });
    expect(JSON.stringify(entry)).not.toContain('@');
  });
});
