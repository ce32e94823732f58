import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeNationBuilder, startFakeNationBuilder } from '../../test/fakes/nationbuilder.js';
import { loadNationBuilderSpecs } from '../../test/fakes/nationbuilder-schemas.js';
import { sampleAction } from '../../test/fakes/sample-actions.js';
import { TractNetworkError, TractRejectedError } from '../errors.js';
import type { TractAction } from '../schema/envelope.js';
import { nationBuilder } from './nationbuilder.js';

const TOKEN = 'nb-test-token-0123456789';
let nb: FakeNationBuilder;

beforeEach(async () => {
  nb = await startFakeNationBuilder({ token: TOKEN, petitions: ['41'], events: ['77'] });
});
afterEach(async () => {
  expect(nb.schemaViolations).toEqual([]);
  await nb.close();
});

const backend = (overrides: Partial<Parameters<typeof nationBuilder>[0]> = {}) =>
  nationBuilder({
    nation: 'demo',
    token: TOKEN,
    baseUrl: nb.apiRoot,
    petitions: { 'demo-petition': '41' },
    events: { 'demo-event': '77' },
    authorId: '9',
    ...overrides,
  });

const send = (action: Parameters<ReturnType<typeof nationBuilder>['send']>[0], b = backend()) =>
  b.send(action, { idempotencyKey: action.id });
const pushed = () => nb.requests.filter((r) => r.path.endsWith('signups/push')).map((r) => r.body?.data.attributes);

describe('fake NationBuilder follows the OpenAPI description', () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${nb.apiRoot}${path}`, {
      method: path === 'signups/push' ? 'PATCH' : 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/vnd.api+json',
        'content-type': 'application/vnd.api+json',
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it('accepts the documented signup body, and answers JSON:API with rate-limit headers', async () => {
    const body = {
      data: {
        type: 'signups',
        attributes: {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email: 'ada@example.org',
          email_opt_in: true,
          mobile_number: '5555555555',
          mobile_opt_in: false,
          language: 'en',
          custom_values: {},
          home_address_attributes: { address1: '20 W 34th St.', city: 'New York', zip: '10001', country_code: 'US' },
        },
      },
    };
    const response = await post('signups/push', body);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(response.headers.get('ratelimit-limit')).toBe('250');
    expect(await response.json()).toMatchObject({ data: { id: '1', type: 'signups', attributes: { email: 'ada@example.org' } } });
    nb.schemaViolations.length = 0;
  });

  it('accepts a body built from the examples of every writable attribute in the spec', async () => {
    for (const [resource, spec] of Object.entries(loadNationBuilderSpecs())) {
      const body = { data: { type: resource, attributes: spec.exampleAttributes } };
      expect(spec.validate(body), `${resource}: ${JSON.stringify(spec.validate.errors)}`).toBe(true);
      const response = await post(resource === 'signups' ? 'signups/push' : resource, body);
      // 422 is a business rule of the fake nation (e.g. the example's petition does not exist), never a schema refusal.
      expect([200, 201, 422], `${resource} answered ${response.status}`).toContain(response.status);
    }
    expect(nb.schemaViolations).toEqual([]);
  });

  it('refuses a body missing a required member, a wrong type, an unknown attribute, a bad token and a form body', async () => {
    expect((await post('signups/push', { data: { attributes: { email: 'a@example.org' } } })).status).toBe(400);
    expect((await post('petition_signatures', { data: { type: 'petition_signatures', attributes: { is_private: 'no' } } })).status).toBe(
      400,
    );
    expect((await post('contacts', { data: { type: 'contacts', attributes: { contact_method: 'instagram' } } })).status).toBe(400);
    expect(
      (await post('signups/push', { data: { type: 'signups', attributes: { email: 'a@example.org', twitter_handle: 'x' } } })).status,
    ).toBe(400);
    expect(
      (await post('signups/push', { data: { type: 'signups', attributes: { email: 'a@example.org' } } }, { authorization: 'Bearer wrong' }))
        .status,
    ).toBe(401);
    expect((await post('signups/push', {}, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect(nb.schemaViolations).toHaveLength(4);
    nb.schemaViolations.length = 0;
  });
});

describe('nationBuilder backend', () => {
  it('signup: upserts the person with opt-ins from consent, then tags them', async () => {
    const action = sampleAction('signup');
    const receipt = await send(action);
    expect(receipt).toMatchObject({ id: action.id, status: 'delivered', remoteId: '1' });
    const push = nb.requests[0];
    expect(push?.method).toBe('PATCH');
    expect(push?.body).toEqual({
      data: {
        type: 'signups',
        attributes: {
          email: 'camille.martin@example.org',
          first_name: 'Camille',
          last_name: 'Martin',
          phone_number: '+33612345678',
          mobile_number: '+33612345678',
          mobile_opt_in: true,
          email_opt_in: true,
          language: 'fr',
          home_address_attributes: {
            address1: '12 rue Oberkampf',
            address2: 'Bâtiment B',
            city: 'Paris',
            zip: '75011',
            country_code: 'FR',
          },
        },
      },
    });
    expect(nb.records.signup_tags.map((t) => t.attributes.name)).toEqual(['volunteer', 'paris-11']);
    expect(nb.records.signup_taggings.map((t) => t.attributes)).toEqual([
      { signup_id: '1', tag_id: '2' },
      { signup_id: '1', tag_id: '4' },
    ]);
  });

  it('petition signature: no consent for SMS means no mobile opt-in, and the signature keeps its privacy choice', async () => {
    const action = sampleAction('petition_signature');
    await send(action);
    expect(pushed()[0]).not.toHaveProperty('mobile_opt_in');
    expect(pushed()[0]).not.toHaveProperty('mobile_number');
    expect(pushed()[0]).toMatchObject({ email_opt_in: true, phone_number: '+33612345678' });
    expect(nb.records.petition_signatures.map((s) => s.attributes)).toEqual([
      { petition_id: '41', signup_id: '1', comment: 'Pour le climat.', is_private: false },
    ]);
  });

  it('rsvp: no consent leaves both opt-ins unset; guests and status are recorded', async () => {
    await send(sampleAction('rsvp'));
    expect(pushed()[0]).not.toHaveProperty('email_opt_in');
    expect(pushed()[0]).not.toHaveProperty('mobile_opt_in');
    expect(nb.records.event_rsvps.map((r) => r.attributes)).toEqual([
      {
        event_id: '77',
        email: 'camille.martin@example.org',
        first_name: 'Camille',
        last_name: 'Martin',
        guests_count: 2,
        canceled: false,
        private: true,
        volunteer: false,
      },
    ]);
    await send(sampleAction('rsvp', { status: 'declined', person: { email: 'other@example.org' } }));
    expect(nb.records.event_rsvps[1]?.attributes).toMatchObject({ email: 'other@example.org', canceled: true });
    await send(sampleAction('rsvp', { status: 'maybe', person: { email: 'maybe@example.org' } }));
    expect(nb.records.event_rsvps).toHaveLength(2);
    expect(nb.records.signup_tags.map((t) => t.attributes.name)).toContain('rsvp-maybe-demo-event');
  });

  it('donation: amount in cents as a pending pledge carrying the Tract id', async () => {
    const action = sampleAction('donation');
    await send(action);
    expect(nb.records.donations.map((d) => d.attributes)).toEqual([
      {
        signup_id: '1',
        amount_in_cents: 2500,
        email: 'camille.martin@example.org',
        first_name: 'Camille',
        last_name: 'Martin',
        employer: null,
        occupation: null,
        payment_type_name: 'Tract pledge',
        pending_at: '2026-11-28T10:00:00.000Z',
        note: `tract:${action.id} one_off EUR pledge; compliance fr-candidate (dons-2026-01): natural_person, fr_national_or_resident, own_funds`,
      },
    ]);
  });

  it('payments: donation.paid sets succeeded_at and the provider, donation.refunded sets canceled_at, on the pledge’s donation', async () => {
    const action = sampleAction('donation');
    const b = backend();
    await send(action, b);
    const event = (kind: 'donation.paid' | 'donation.refunded', occurredAt: string) => ({
      id: `event-${kind}`,
      kind,
      occurredAt,
      donationId: action.id,
      payment: {
        provider: 'stripe' as const,
        reference: 'pi_test_1',
        currency: 'EUR',
        recurrence: 'one_off',
        paidTotal: 2500,
        refundedTotal: 0,
      },
      donation: action,
    });
    const paid = await b.sendPaymentEvent!(event('donation.paid', '2026-11-28T10:05:00.000Z'), { idempotencyKey: 'event-paid' });
    expect(paid).toEqual({ id: 'event-donation.paid', status: 'delivered', remoteId: nb.records.donations[0]!.id });
    expect(nb.records.donations).toHaveLength(1);
    expect(nb.records.donations[0]!.attributes).toMatchObject({ succeeded_at: '2026-11-28T10:05:00.000Z', payment_type_name: 'Stripe' });
    await b.sendPaymentEvent!(event('donation.refunded', '2026-11-29T09:00:00.000Z'), { idempotencyKey: 'event-refunded' });
    expect(nb.records.donations[0]!.attributes).toMatchObject({ canceled_at: '2026-11-29T09:00:00.000Z' });
    const patches = nb.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/donations/'));
    expect(patches.map((r) => r.status)).toEqual([200, 200]);
  });

  it('contact: a person matched on external_id, support level inverted, Mastodon logged as other with the network named', async () => {
    const action = sampleAction('contact');
    await send(action);
    expect(pushed()[0]).toEqual({
      external_id: 'tract-contact:mastodon:camille@mastodon.example',
      first_name: 'Camille M.',
      support_level: 2,
    });
    const [contact] = nb.records.contacts;
    expect(contact?.attributes).toMatchObject({
      signup_id: '1',
      author_id: '9',
      contact_method: 'other',
      contact_status: 'meaningful_interaction',
    });
    expect(contact?.attributes.content).toBe(
      [
        `[tract:${action.id}] replied on Mastodon as @camille@mastodon.example (https://mastodon.example/@camille)`,
        'Post: https://mastodon.example/@campaign/1',
        'Note: Asked about the rally.',
        'Lawful basis: legitimate_interest; informed: no; captured 2026-11-28T10:00:00Z from https://mastodon.example/@campaign/1',
        'Reveals a political opinion (GDPR art. 9): keep inside the campaign, never export.',
      ].join('\n'),
    );
  });

  it.each([
    ['x', 'commented', 'tweet'],
    ['facebook', 'liked', 'facebook'],
    ['linkedin', 'messaged', 'linkedin'],
    ['instagram', 'shared', 'other'],
    ['tiktok', 'commented', 'other'],
    ['bluesky', 'met_in_person', 'face_to_face'],
  ] as const)('contact on %s (%s) is logged with contact_method %s', async (network, interaction, method) => {
    await send(sampleAction('contact', { network, interaction, handle: 'someone' }));
    expect(nb.records.contacts[0]?.attributes.contact_method).toBe(method);
  });

  it('field result: the person the relay attached is pushed with support level, volunteer and do-not-call, the call logged as a contact', async () => {
    const forwarded = (outcome: string, kind: 'call' | 'door') => {
      const action = sampleAction('field_result');
      return {
        ...action,
        data: { ...action.data, outcome, person: { email: 'alex@example.org' }, list: { id: 'l1', name: 'Lyon 7e', kind } },
      } as unknown as TractAction;
    };
    const answered = forwarded('answered', 'call');
    await send(answered);
    expect(pushed()[0]).toEqual({ email: 'alex@example.org', support_level: 2, is_volunteer: true });
    expect(nb.records.contacts[0]?.attributes).toMatchObject({ signup_id: '1', contact_method: 'phone_call', contact_status: 'answered' });
    expect(nb.records.contacts[0]?.attributes.content).toBe(
      [
        `[tract:${answered.id}] Lyon 7e: answered`,
        'Support level (Tract, 1-5): 4',
        'Will volunteer: yes',
        'Yard sign: no',
        'Note: Wants to help at the market on Sundays.',
      ].join('\n'),
    );
    await send(forwarded('do_not_call', 'door'));
    expect(pushed()[1]).toMatchObject({ email: 'alex@example.org', do_not_call: true });
    expect(nb.records.contacts[1]?.attributes).toMatchObject({ contact_method: 'door_knock', contact_status: 'refused' });
  });

  it('field result without the person (not through the relay): refused for good, nothing sent', async () => {
    const error = await send(sampleAction('field_result')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsupported_action', status: 0 });
    expect(nb.records.contacts).toHaveLength(0);
  });

  it.each(['petition_signature', 'rsvp', 'donation', 'contact', 'signup'] as const)('a retried %s creates nothing twice', async (kind) => {
    const action = sampleAction(kind);
    await send(action);
    const before = JSON.stringify(nb.records);
    await send(action, backend());
    expect(JSON.stringify(nb.records)).toBe(before);
  });

  it('a delivery interrupted after the person was pushed completes on retry without duplicates', async () => {
    const action = sampleAction('donation');
    const b = backend();
    // Fail the donation lookup: the person and tags are in, the donation is not.
    const realFetch = globalThis.fetch;
    let calls = 0;
    const flaky: typeof fetch = (input, init) => (++calls === 2 ? Promise.reject(new TypeError('socket hang up')) : realFetch(input, init));
    await expect(b.send(action, { idempotencyKey: action.id, fetch: flaky })).rejects.toBeInstanceOf(TractNetworkError);
    expect(nb.records.donations).toHaveLength(0);
    await b.send(action, { idempotencyKey: action.id });
    expect(nb.records.signups).toHaveLength(1);
    expect(nb.records.donations).toHaveLength(1);
  });

  it('maps a 422 source.pointer back to the Tract field', async () => {
    nb.rejectNext('signups', 'email', "Email 'camille.martin@example.org' is on the nation's blocklist");
    const error = await send(sampleAction('signup')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractRejectedError);
    expect(error).toMatchObject({ status: 422, code: 'rejected' });
    expect((error as TractRejectedError).issues).toEqual([
      { path: 'person.email', code: 'invalid_input', message: "Email 'camille.martin@example.org' is on the nation's blocklist" },
    ]);
    nb.rejectNext('donations', 'amount_in_cents', 'Amount is over the page limit');
    const donation = await send(sampleAction('donation')).catch((e: unknown) => e);
    expect((donation as TractRejectedError).issues[0]?.path).toBe('amount');
  });

  it('a refused token is permanent and names the setting, without the token', async () => {
    const error = await send(sampleAction('signup'), backend({ token: 'expired-token' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractRejectedError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', setting: 'token' });
    expect((error as Error).message).not.toContain('expired-token');
  });

  it('an unmapped petition is refused before any request, naming the option', async () => {
    const error = await send(sampleAction('petition_signature', { petitionId: 'unknown-petition' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unmapped_id', setting: 'petitions' });
    expect(nb.requests).toHaveLength(0);
  });

  it('5xx and 408 are retryable', async () => {
    nb.failNext({ status: 502 }, { status: 408 });
    await expect(send(sampleAction('signup'))).rejects.toMatchObject({ status: 502, code: 'unavailable' });
    await expect(send(sampleAction('signup'))).rejects.toBeInstanceOf(TractNetworkError);
  });

  it('never sends more than the allowed rate, so the nation never answers 429', async () => {
    await nb.close();
    nb = await startFakeNationBuilder({ token: TOKEN, limit: 6, windowMs: 400 });
    const b = backend({ rateLimit: { limit: 6, windowMs: 400 } });
    // Four signups of four requests each (push, tag lookup, tag create, tagging; then cached tag) need three windows.
    await Promise.all(
      Array.from({ length: 4 }, (_, i) => send(sampleAction('signup', { tags: ['t'], person: { email: `p${i}@example.org` } }), b)),
    );
    expect(nb.rateLimited).toBe(0);
    const times = nb.requests.map((r) => r.at);
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 390).length).toBeLessThanOrEqual(6);
    expect(nb.records.signup_taggings).toHaveLength(4);
  });

  it('honours Retry-After on 429: the error carries it and the next request waits for it', async () => {
    await nb.close();
    nb = await startFakeNationBuilder({ token: TOKEN, limit: 2, windowMs: 1000 });
    const b = backend({ rateLimit: { limit: 100, windowMs: 1000 } });
    await send(sampleAction('signup', { tags: [] }), b);
    await send(sampleAction('signup', { tags: [], person: { email: 'b@example.org' } }), b);
    const limited = await send(sampleAction('signup', { tags: [], person: { email: 'c@example.org' } }), b).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(TractNetworkError);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 1000 });
    const refusedAt = Date.now();
    await send(sampleAction('signup', { tags: [], person: { email: 'c@example.org' } }), b);
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(950);
    expect(nb.rateLimited).toBe(1);
  });

  it('refuses to build without a token or with a malformed nation', () => {
    expect(() => nationBuilder({ nation: 'demo', token: '' })).toThrow(/token/);
    expect(() => nationBuilder({ nation: 'https://demo.nationbuilder.com', token: TOKEN })).toThrow(/slug/);
  });
});
