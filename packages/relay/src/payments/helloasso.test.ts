/**
 * Paid donations through HelloAsso, over real HTTP against the local
 * stand-in: OAuth2 client credentials (cached, refreshed), checkout intents,
 * and unsigned notifications the relay believes only once the API confirms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { HelloAssoStandIn } from '../test-support/helloasso-stand-in.js';
import { donationBody, ORIGIN, post, solvedChallenge, startTestRelay, type TestRelay, testConfig } from '../test-support/relay.js';
import { helloassoProvider } from './helloasso.js';

const CLIENT = { clientId: 'tract-client-id', clientSecret: 'tract-client-secret-0123456789', organizationSlug: 'afe-lyon-en-commun' };
let helloasso: HelloAssoStandIn;
let relay: TestRelay;

beforeAll(async () => {
  helloasso = await HelloAssoStandIn.start({ ...CLIENT, autoNotify: false });
  relay = await startTestRelay(
    {
      donations: {
        profile: 'fr-candidate',
        election: 'municipales-2026-lyon',
        provider: 'helloasso',
        recurrences: ['one_off'],
        helloasso: { organizationSlug: CLIENT.organizationSlug, apiUrl: helloasso.url, itemName: 'Don à Lyon en commun' },
      },
    },
    [],
    { env: { HELLOASSO_CLIENT_ID: CLIENT.clientId, HELLOASSO_CLIENT_SECRET: CLIENT.clientSecret } },
  );
  helloasso.notificationUrl = `${relay.url}/v1/payments/helloasso/webhook`;
});
afterAll(async () => {
  await relay.stop();
  await helloasso.close();
});

async function give(amount: number, email: string) {
  const response = await post(
    relay,
    '/v1/donations',
    { ...donationBody(amount, email), source: { pageUrl: 'https://www.example.fr/donner' } },
    { bot: { challenge: await solvedChallenge(relay) } },
  );
  expect(response.status).toBe(202);
  return { ...response, intentId: Number(new URL(response.body.checkoutUrl).pathname.split('/').pop()) };
}

async function pledge(id: string) {
  return relay.db.selectFrom('pledges').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('HelloAsso stand-in', () => {
  it('refuses wrong client credentials with 401 invalid_client, and the API without a valid token with 401', async () => {
    const token = await fetch(`${helloasso.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: 'wrong' }).toString(),
    });
    expect(token.status).toBe(401);
    expect((await token.json()).error).toBe('invalid_client');
    const api = await fetch(`${helloasso.url}/v5/organizations/${CLIENT.organizationSlug}/checkout-intents/1`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(api.status).toBe(401);
  });

  it('takes JSON only, and names each missing required field', async () => {
    const grant = await fetch(`${helloasso.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }).toString(),
    });
    const { access_token: access, expires_in: expiresIn } = await grant.json();
    expect(expiresIn).toBe(1800);
    const url = `${helloasso.url}/v5/organizations/${CLIENT.organizationSlug}/checkout-intents`;
    const form = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'totalAmount=100',
    });
    expect(form.status).toBe(415);
    const missing = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' },
      body: JSON.stringify({ totalAmount: 1000 }),
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors.map((e: { field: string }) => e.field)).toEqual([
      'initialAmount',
      'itemName',
      'backUrl',
      'errorUrl',
      'returnUrl',
      'containsDonation',
    ]);
  });
});

describe('checkout intents', () => {
  it('creates one per pledge, with the amount, the return URLs, the donor and the pledge id; one token serves many', async () => {
    const grantsBefore = helloasso.tokenGrants();
    const first = await give(2500, 'ha-first@example.fr');
    await give(3000, 'ha-second@example.fr');
    expect(helloasso.tokenGrants() - grantsBefore).toBeLessThanOrEqual(1);
    const intent = helloasso.intents.get(first.intentId)!;
    const statusId = first.body.statusId;
    expect(intent.body).toEqual({
      totalAmount: 2500,
      initialAmount: 2500,
      itemName: 'Don à Lyon en commun',
      backUrl: `https://www.example.fr/donner?tract_pledge=${statusId}&tract_return=cancel`,
      errorUrl: `https://www.example.fr/donner?tract_pledge=${statusId}&tract_return=error`,
      returnUrl: `https://www.example.fr/donner?tract_pledge=${statusId}`,
      containsDonation: true,
      payer: { email: 'ha-first@example.fr', firstName: 'Camille', lastName: 'Martin' },
      metadata: { pledge_id: first.key },
    });
    expect(first.body.checkoutUrl).toBe(`${helloasso.url}/checkout/${first.intentId}`);
    expect(await pledge(first.key!)).toMatchObject({ provider: 'helloasso', checkout_ref: String(first.intentId), status: 'pending' });
  });

  it('gets a new token when the cached one stops working, and retries a 429 after its Retry-After', async () => {
    helloasso.expireTokens();
    helloasso.throttleNext(1);
    const gift = await give(1500, 'ha-retry@example.fr');
    expect(helloasso.intents.get(gift.intentId)).toBeDefined();
    const statuses = helloasso.requests.slice(-4).map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(401);
  });

  it('refreshes an expiring token with its refresh token, not the client secret', async () => {
    let clock = Date.now();
    const provider = helloassoProvider(
      parseConfig(
        testConfig({
          donations: {
            profile: 'fr-candidate',
            election: 'x',
            provider: 'helloasso',
            recurrences: ['one_off'],
            helloasso: { organizationSlug: CLIENT.organizationSlug, apiUrl: helloasso.url },
          },
        }),
      ),
      { HELLOASSO_CLIENT_ID: CLIENT.clientId, HELLOASSO_CLIENT_SECRET: CLIENT.clientSecret },
      () => clock,
    );
    const grants = helloasso.grants.length;
    const intent = [...helloasso.intents.keys()][0]!;
    await provider.fetchIntent(String(intent));
    await provider.fetchIntent(String(intent));
    clock += 1800 * 1000;
    await provider.fetchIntent(String(intent));
    expect(helloasso.grants.slice(grants)).toEqual(['client_credentials', 'refresh_token']);
  });

  it('refuses monthly gifts in the configuration: checkout intents are one-off', async () => {
    await expect(
      startTestRelay(
        {
          donations: {
            profile: 'fr-candidate',
            election: 'x',
            provider: 'helloasso',
            helloasso: { organizationSlug: 'x', apiUrl: helloasso.url },
          },
        },
        [],
        { env: { HELLOASSO_CLIENT_ID: 'a', HELLOASSO_CLIENT_SECRET: 'b' } },
      ),
    ).rejects.toThrow(/one-off/);
  });
});

describe('notifications, confirmed by the API', () => {
  it('marks the pledge paid once HelloAsso’s API shows the order, and only once', async () => {
    const gift = await give(4000, 'ha-paid@example.fr');
    const notification = await helloasso.pay(gift.intentId);
    const before = helloasso.requests.length;
    expect(await helloasso.notify(notification)).toBe(200);
    expect(helloasso.requests.slice(before).some((r) => r.method === 'GET' && r.path.endsWith(`/checkout-intents/${gift.intentId}`))).toBe(
      true,
    );
    expect(await pledge(gift.key!)).toMatchObject({ status: 'paid', payment_ref: String(helloasso.intents.get(gift.intentId)!.order!.id) });
    expect(await helloasso.notify(notification)).toBe(200);
    const money = await relay.db
      .selectFrom('pledge_payments')
      .select(['kind', 'amount_minor'])
      .where('pledge_id', '=', gift.key!)
      .execute();
    expect(money).toEqual([{ kind: 'payment', amount_minor: 4000 }]);
    expect(await (await fetch(`${relay.url}/v1/pledges/${gift.body.statusId}`, { headers: { origin: ORIGIN } })).json()).toEqual({
      status: 'paid',
    });
  });

  it('refuses a forged notification whose intent the API shows unpaid, and changes nothing', async () => {
    const gift = await give(4000, 'ha-forged@example.fr');
    const before = await pledge(gift.key!);
    const forged = {
      eventType: 'Order',
      data: { id: 999, checkoutIntentId: gift.intentId, amount: { total: 4000 }, payments: [{ id: 1, amount: 4000, state: 'Authorized' }] },
      metadata: { pledge_id: gift.key },
    };
    const response = await fetch(helloasso.notificationUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('webhook_refused');
    expect(await pledge(gift.key!)).toEqual(before);
    expect(await relay.db.selectFrom('payment_events').select('id').where('pledge_id', '=', gift.key!).execute()).toEqual([]);
  });

  it('refuses a notification for an unknown pledge', async () => {
    const response = await helloasso.notify({
      eventType: 'Order',
      data: { id: 1, checkoutIntentId: 424242 },
      metadata: { pledge_id: 'no-such-pledge' },
    });
    expect(response).toBe(400);
  });

  it('marks a refunded order refunded, once the API shows the payment refunded', async () => {
    const gift = await give(6000, 'ha-refund@example.fr');
    await helloasso.notify(await helloasso.pay(gift.intentId));
    const refund = await helloasso.refund(gift.intentId);
    expect(await helloasso.notify(refund)).toBe(200);
    expect((await pledge(gift.key!)).status).toBe('refunded');
    expect(await helloasso.notify(refund)).toBe(200);
    const money = await relay.db
      .selectFrom('pledge_payments')
      .select(['kind', 'amount_minor'])
      .where('pledge_id', '=', gift.key!)
      .orderBy('id')
      .execute();
    expect(money).toEqual([
      { kind: 'payment', amount_minor: 6000 },
      { kind: 'refund', amount_minor: 6000 },
    ]);
  });
});
