/** Event seats cannot be drained cheaply: a cap on guests, guests counted in per-IP limits, and who holds the seats. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, post, signupBody, startTestRelay, type TestRelay } from '../test-support/relay.js';

const place = { name: 'Salle Rameau', address: '29 rue de la Martinière, Lyon' };
const event = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: id,
  startsAt: '2099-12-12T18:00:00Z',
  endsAt: null,
  timeZone: 'Europe/Paris',
  place,
  capacity: 30,
  ...extra,
});

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay({
    challenge: { enabled: false },
    trustProxy: 1,
    rateLimits: { perIp: 10, perForm: 100_000, windowSeconds: 60 },
    events: [event('town-hall'), event('no-guests', { maxGuests: 0 }), event('weighted'), event('seats', { capacity: 12, maxGuests: 6 })],
  });
});
afterAll(async () => {
  await relay.stop();
});

let nextClient = 1;
/** Each RSVP from its own address, unless `client` names one. */
function rsvp(eventId: string, email: string, guests: number, options: { client?: string; language?: string } = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': options.client ?? `198.51.100.${nextClient++}` };
  if (options.language) headers['accept-language'] = options.language;
  return post(relay, `/v1/events/${eventId}/rsvps`, { ...signupBody(email), guests }, { headers });
}

const remaining = async (eventId: string) => (await (await fetch(`${relay.url}/v1/events/${eventId}`)).json()).remaining as number;

describe('maxGuests', () => {
  it('refuses a party larger than the event takes (422 on guests, fr/en), whoever sends it, storing nothing', async () => {
    const before = await countRows(relay, 'actions');
    await rsvp('town-hall', 'known@example.fr', 0);
    for (const email of ['known@example.fr', 'stranger@example.fr']) {
      const response = await rsvp('town-hall', email, 20, { language: 'fr' });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: 'rule_violation', rule: 'max_guests' });
      expect(response.body.error.issues).toEqual([
        { path: 'guests', code: 'too_large', message: 'Vous pouvez venir avec 4 invités au plus.', params: { max: 4 } },
      ]);
    }
    const english = await rsvp('town-hall', 'stranger@example.fr', 5);
    expect(english.body.error.issues[0].message).toBe('You may bring at most 4 guests.');
    expect(await countRows(relay, 'actions')).toBe(before + 1);
    expect(await remaining('town-hall')).toBe(29);
  });

  it('accepts a party up to the limit, and says so in the public facts', async () => {
    const response = await rsvp('town-hall', 'family@example.fr', 4);
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('accepted');
    const facts = await (await fetch(`${relay.url}/v1/events/town-hall`)).json();
    expect(facts).toMatchObject({ maxGuests: 4, remaining: 24 });
  });

  it('takes no guests at all when maxGuests is 0', async () => {
    const refused = await rsvp('no-guests', 'plus-one@example.fr', 1);
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues[0].message).toBe('This event takes no guests: RSVP for yourself only.');
    expect((await rsvp('no-guests', 'alone@example.fr', 0)).status).toBe(202);
  });
});

describe('per-IP limits', () => {
  it('count an RSVP as 1 + guests', async () => {
    const client = '203.0.113.50';
    expect((await rsvp('weighted', 'a@example.fr', 4, { client })).status).toBe(202);
    expect((await rsvp('weighted', 'b@example.fr', 4, { client })).status).toBe(202);
    const third = await rsvp('weighted', 'c@example.fr', 0, { client });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await rsvp('weighted', 'd@example.fr', 4)).status).toBe(202);
  });
});

describe('GET /v1/admin/events/{id}/seats', () => {
  const admin = (path: string, token = relay.adminToken) => fetch(`${relay.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('lists who holds the most seats, with their totals', async () => {
    await rsvp('seats', 'small@example.fr', 0);
    await rsvp('seats', 'big@example.fr', 6);
    await rsvp('seats', 'medium@example.fr', 3);
    await rsvp('seats', 'late@example.fr', 2);
    await post(relay, '/v1/events/seats/rsvps', { ...signupBody('absent@example.fr'), status: 'not_attending' });
    const response = await admin('/v1/admin/events/seats/seats?limit=3');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const view = await response.json();
    expect(view.event).toEqual({ id: 'seats', capacity: 12, maxGuests: 6, seatsTaken: 12, seatsWaitlisted: 3, rsvps: 4 });
    expect(view.holders.map((h: { email: string; seats: number; status: string }) => [h.email, h.seats, h.status])).toEqual([
      ['big@example.fr', 7, 'accepted'],
      ['medium@example.fr', 4, 'accepted'],
      ['late@example.fr', 3, 'waitlisted'],
    ]);
    expect(view.holders[0]).toMatchObject({ givenName: 'Camille', familyName: 'Martin', guests: 6 });
    expect(Date.parse(view.holders[0].createdAt)).toBeGreaterThan(0);
  });

  it('is for admins only, and answers 404 for an unknown event', async () => {
    expect((await admin('/v1/admin/events/seats/seats', relay.organizerToken)).status).toBe(403);
    expect((await fetch(`${relay.url}/v1/admin/events/seats/seats`)).status).toBe(401);
    expect((await admin('/v1/admin/events/nope/seats')).status).toBe(404);
    expect((await admin('/v1/admin/events/seats/seats?limit=101')).status).toBe(400);
  });
});
