import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeActionNetwork,
  loadHelperExamples,
  loadHelperShapes,
  shapeViolations,
  startFakeActionNetwork,
} from '../../test/fakes/action-network.js';
import { sampleAction } from '../../test/fakes/sample-actions.js';
import { TractNetworkError, TractRejectedError } from '../errors.js';
import type { TractAction } from '../schema/envelope.js';
import { type ActionNetworkOptions, actionNetwork, formatAmount } from './action-network.js';

const KEY = 'an-test-key-0123456789abcdef';
const PETITION = '9f837109-710d-442f-8a99-857a21f36d25';
const EVENT = 'c945d6fe-929e-11e3-a2e9-12313d316c29';
const PAGE = 'd91b4b2e-ae0e-4cd3-9ed7-d0ec501b0bc3';
const FORM = '2ac6cb1d-1a5b-4eb8-9cc4-68e11b6a45aa';
let an: FakeActionNetwork;

beforeEach(async () => {
  an = await startFakeActionNetwork({ apiKey: KEY, petitions: [PETITION], events: [EVENT], fundraisingPages: [PAGE], forms: [FORM] });
});
afterEach(async () => {
  expect(an.shapeErrors).toEqual([]);
  await an.close();
});

const backend = (overrides: Partial<ActionNetworkOptions> = {}) =>
  actionNetwork({
    apiKey: KEY,
    baseUrl: an.apiRoot,
    petitions: { 'demo-petition': PETITION },
    events: { 'demo-event': EVENT },
    fundraisingPage: PAGE,
    donationRecipient: 'Camille 2027',
    tags: ['tract'],
    ...overrides,
  });
const send = (action: TractAction, b = backend()) => b.send(action, { idempotencyKey: action.id });

/** The person every sample action carries, with the statuses its consent allows. */
const person = (statuses: { email?: boolean; sms?: boolean }) => ({
  email_addresses: [{ address: 'camille.martin@example.org', ...(statuses.email ? { status: 'subscribed' } : {}) }],
  given_name: 'Camille',
  family_name: 'Martin',
  phone_numbers: [{ number: '+33612345678', ...(statuses.sms ? { status: 'subscribed' } : {}) }],
  postal_addresses: [{ address_lines: ['12 rue Oberkampf', 'Bâtiment B'], locality: 'Paris', postal_code: '75011', country: 'FR' }],
  languages_spoken: ['fr'],
  custom_fields: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'rentree' },
});
const referrer = { source: 'tract-demo', website: 'example.net', url: 'https://campaign.example/petition' };

describe('fake Action Network follows the OSDI helper examples', () => {
  it('accepts every OSDI helper request example as is', () => {
    const shapes = loadHelperShapes();
    for (const [helper, example] of Object.entries(loadHelperExamples()))
      expect(shapeViolations(example, shapes[helper as keyof typeof shapes])).toEqual([]);
  });

  it('records every OSDI helper request example posted to it', async () => {
    const paths = {
      people: 'people',
      signatures: `petitions/${PETITION}/signatures`,
      attendances: `events/${EVENT}/attendances`,
      submissions: `forms/${FORM}/submissions`,
      donations: `fundraising_pages/${PAGE}/donations`,
    };
    for (const [helper, example] of Object.entries(loadHelperExamples())) {
      const response = await fetch(`${an.apiRoot}${paths[helper as keyof typeof paths]}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'osdi-api-token': KEY },
        body: JSON.stringify(example),
      });
      expect(response.status, helper).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/hal+json');
      expect((await response.json()).identifiers[0]).toMatch(/^action_network:/);
    }
    expect(an.records.map((r) => r.helper).sort()).toEqual(['attendances', 'donations', 'people', 'signatures', 'submissions']);
  });

  it('refuses unknown members, wrong kinds, a person without email, a bad key and a non-JSON body', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${an.apiRoot}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'osdi-api-token': KEY, ...headers },
        body: JSON.stringify(body),
      });
    const valid = { person: { email_addresses: [{ address: 'a@example.org' }] } };
    expect((await post('people', valid)).status).toBe(200);
    expect((await post('people', { ...valid, comments: 'not on a person signup' })).status).toBe(400);
    expect((await post(`petitions/${PETITION}/signatures`, { ...valid, add_tags: 'volunteer' })).status).toBe(400);
    expect((await post('people', { person: { given_name: 'No Email' } })).status).toBe(400);
    expect((await post('people', valid, { 'osdi-api-token': 'wrong' })).status).toBe(403);
    expect((await post('people', valid, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('petitions/unknown/signatures', valid)).status).toBe(404);
    expect(an.shapeErrors).toHaveLength(2);
    an.shapeErrors.length = 0;
  });
});

describe('actionNetwork backend', () => {
  it('signup: person signup helper with subscriptions from consent, tags and UTM custom fields', async () => {
    const action = sampleAction('signup');
    const receipt = await send(action);
    expect(receipt).toMatchObject({ id: action.id, status: 'delivered', remoteId: an.records[0]?.id });
    const request = an.requests[0];
    expect(request?.path).toBe('/api/v2/people');
    expect(request?.headers['osdi-api-token']).toBe(KEY);
    expect(request?.body).toEqual({
      person: person({ email: true, sms: true }),
      add_tags: ['tract', 'volunteer', 'paris-11'],
      triggers: { autoresponse: { enabled: true } },
    });
  });

  it('signup through a configured form: a submission with referrer data', async () => {
    const action = sampleAction('signup', { consent: [] });
    await send(action, backend({ signupForm: FORM, autoresponse: false }));
    expect(an.requests[0]?.path).toBe(`/api/v2/forms/${FORM}/submissions`);
    expect(an.requests[0]?.body).toEqual({
      identifiers: [`tract:${action.id}`],
      origin_system: 'Tract',
      action_date: '2026-11-28T10:00:00.000Z',
      person: person({}),
      add_tags: ['tract', 'volunteer', 'paris-11'],
      triggers: { autoresponse: { enabled: false } },
      referrer_data: referrer,
    });
  });

  it('petition signature: comment, referrer data, email subscribed but no SMS consent means no phone status', async () => {
    const action = sampleAction('petition_signature');
    await send(action);
    expect(an.requests[0]?.path).toBe(`/api/v2/petitions/${PETITION}/signatures`);
    expect(an.requests[0]?.body).toEqual({
      identifiers: [`tract:${action.id}`],
      origin_system: 'Tract',
      action_date: '2026-11-28T10:00:00.000Z',
      person: person({ email: true }),
      add_tags: ['tract', 'climate'],
      triggers: { autoresponse: { enabled: true } },
      referrer_data: referrer,
      comments: 'Pour le climat.',
    });
  });

  it.each([
    ['attending', 'accepted'],
    ['maybe', 'tentative'],
    ['declined', 'declined'],
  ] as const)('rsvp %s becomes an attendance with status %s, and no consent subscribes nothing', async (status, osdi) => {
    const action = sampleAction('rsvp', { status });
    await send(action);
    expect(an.requests[0]?.path).toBe(`/api/v2/events/${EVENT}/attendances`);
    expect(an.requests[0]?.body).toEqual({
      identifiers: [`tract:${action.id}`],
      origin_system: 'Tract',
      action_date: '2026-11-28T10:00:00.000Z',
      person: person({}),
      add_tags: ['tract'],
      triggers: { autoresponse: { enabled: true } },
      referrer_data: referrer,
      status: osdi,
    });
  });

  it('donation: recipients with a decimal amount, currency, and the Tract id as identifier and reference', async () => {
    const action = sampleAction('donation');
    await send(action);
    expect(an.requests[0]?.path).toBe(`/api/v2/fundraising_pages/${PAGE}/donations`);
    expect(an.requests[0]?.body).toEqual({
      identifiers: [`tract:${action.id}`],
      origin_system: 'Tract',
      action_date: '2026-11-28T10:00:00.000Z',
      person: person({ email: true }),
      add_tags: ['tract'],
      triggers: { autoresponse: { enabled: true } },
      referrer_data: referrer,
      currency: 'EUR',
      recipients: [{ display_name: 'Camille 2027', amount: '25.00' }],
      payment: { method: 'Tract pledge', reference_number: action.id },
    });
  });

  it('payments: a paid pledge is recorded on the same donation with the provider and its reference; a refund is refused, saying why', async () => {
    const action = sampleAction('donation') as TractAction<'donation'>;
    const b = backend();
    await send(action, b);
    const event = (kind: 'donation.paid' | 'donation.refunded') => ({
      id: `event-${kind}`,
      kind,
      occurredAt: '2026-11-28T10:05:00.000Z',
      donationId: action.id,
      payment: {
        provider: 'helloasso' as const,
        reference: '12345',
        currency: 'EUR',
        recurrence: 'one_off',
        paidTotal: 2500,
        refundedTotal: 0,
      },
      donation: action,
    });
    const paid = await b.sendPaymentEvent!(event('donation.paid'), { idempotencyKey: 'event-paid' });
    expect(paid.status).toBe('delivered');
    const donations = an.records.filter((r) => r.helper === 'donations');
    expect(donations).toHaveLength(1);
    expect(donations[0]!.bodies.at(-1)).toMatchObject({
      identifiers: [`tract:${action.id}`],
      payment: { method: 'HelloAsso', reference_number: '12345' },
    });
    const refused = await b.sendPaymentEvent!(event('donation.refunded'), { idempotencyKey: 'event-refunded' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TractRejectedError);
    expect(refused).toMatchObject({ code: 'unsupported_event' });
    expect(an.records.filter((r) => r.helper === 'donations')[0]!.bodies).toHaveLength(2);
  });

  it('contact: refused for good before any request, saying why', async () => {
    const error = await send(sampleAction('contact')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractRejectedError);
    expect(error).toMatchObject({ code: 'unsupported_action', status: 0 });
    expect((error as Error).message).toMatch(/political opinion/);
    expect(an.requests).toHaveLength(0);
  });

  it('field result: the person signup helper with the answers as custom fields and tags, never the note', async () => {
    const action = sampleAction('field_result');
    const forwarded = { ...action, data: { ...action.data, person: { email: 'alex@example.org' } } } as unknown as TractAction;
    await send(forwarded);
    expect(an.requests[0]?.path).toBe('/api/v2/people');
    expect(an.requests[0]?.body).toEqual({
      person: {
        email_addresses: [{ address: 'alex@example.org' }],
        custom_fields: {
          tract_field_outcome: 'answered',
          tract_field_date: '2026-11-28T10:00:00Z',
          tract_support_level: '4',
          tract_will_volunteer: 'yes',
          tract_yard_sign: 'no',
        },
      },
      add_tags: ['tract-field-answered', 'tract-will-volunteer'],
      triggers: { autoresponse: { enabled: false } },
    });
  });

  it('field result without the person: refused for good before any request', async () => {
    const error = await send(sampleAction('field_result')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsupported_action', status: 0 });
    expect(an.requests).toHaveLength(0);
  });

  it.each(['signup', 'petition_signature', 'rsvp', 'donation'] as const)('a retried %s is recorded once', async (kind) => {
    const action = sampleAction(kind);
    await send(action);
    await send(action, backend());
    expect(an.requests).toHaveLength(2);
    expect(an.records).toHaveLength(1);
    expect(an.records[0]?.bodies).toHaveLength(2);
  });

  it('two donations of the same person are two records', async () => {
    await send(sampleAction('donation'));
    await send(sampleAction('donation'));
    expect(an.records.filter((r) => r.helper === 'donations')).toHaveLength(2);
  });

  it('without an API key: no token header, the public helper answers {} and the action is still delivered', async () => {
    const action = sampleAction('petition_signature');
    const receipt = await send(action, backend({ apiKey: undefined }));
    expect(receipt).toEqual({ id: action.id, status: 'delivered' });
    expect(an.requests[0]?.headers['osdi-api-token']).toBeUndefined();
    expect(an.records).toHaveLength(1);
  });

  it('a refused key is permanent, names the setting and never shows the key', async () => {
    const error = await send(sampleAction('signup'), backend({ apiKey: 'wrong-key' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: 'unauthorized', setting: 'apiKey' });
    expect((error as Error).message).not.toContain('wrong-key');
  });

  it('unmapped and unknown targets are permanent errors naming the option', async () => {
    await expect(send(sampleAction('petition_signature', { petitionId: 'other' }))).rejects.toMatchObject({
      code: 'unmapped_id',
      setting: 'petitions',
    });
    await expect(send(sampleAction('rsvp', { eventId: 'other' }))).rejects.toMatchObject({ code: 'unmapped_id', setting: 'events' });
    await expect(send(sampleAction('donation'), backend({ fundraisingPage: undefined }))).rejects.toMatchObject({
      code: 'not_configured',
      setting: 'fundraisingPage',
    });
    expect(an.requests).toHaveLength(0);
    const missing = await send(sampleAction('petition_signature'), backend({ petitions: { 'demo-petition': 'deleted-petition' } })).catch(
      (e: unknown) => e,
    );
    expect(missing).toMatchObject({ status: 404, code: 'not_found', setting: 'petitions' });
    expect((missing as Error).message).toContain('not found');
  });

  it('429 with Retry-After and 5xx are retryable; 400 is permanent with the reason', async () => {
    an.failNext({ status: 429, retryAfter: 2 }, { status: 503 }, { status: 400, body: { error: 'Invalid email address' } });
    await expect(send(sampleAction('signup'))).rejects.toMatchObject({ status: 429, retryAfterMs: 2000 });
    await expect(send(sampleAction('signup'))).rejects.toBeInstanceOf(TractNetworkError);
    const refused = await send(sampleAction('signup')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TractRejectedError);
    expect((refused as Error).message).toContain('Invalid email address');
  });

  it('keeps to 4 requests a second', async () => {
    const b = backend();
    await Promise.all(Array.from({ length: 9 }, (_, i) => send(sampleAction('signup', { person: { email: `p${i}@example.org` } }), b)));
    const times = an.requests.map((r) => r.at);
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(4);
  });

  it('formats minor units with the currency’s decimals', () => {
    expect(formatAmount(2500, 'EUR')).toBe('25.00');
    expect(formatAmount(1, 'USD')).toBe('0.01');
    expect(formatAmount(500, 'JPY')).toBe('500');
  });
});
