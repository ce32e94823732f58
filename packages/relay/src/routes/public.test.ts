import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contactBody,
  countRows,
  donationBody,
  ORIGIN,
  post,
  signupBody,
  solvedChallenge,
  startTestRelay,
  type TestRelay,
} from '../test-support/relay.js';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.stop();
});

async function human(extra: Record<string, unknown> = {}) {
  return { challenge: await solvedChallenge(relay), ...extra };
}

describe('POST /v1/signups', () => {
  it('answers 202 after commit and stores the person, the action and the consent proof', async () => {
    const before = await countRows(relay, 'actions');
    const response = await post(relay, '/v1/signups', signupBody('signup-1@example.fr'), { bot: await human() });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ id: response.key, status: 'accepted' });
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await countRows(relay, 'actions')).toBe(before + 1);
    const action = await relay.db.selectFrom('actions').selectAll().where('id', '=', response.key!).executeTakeFirstOrThrow();
    expect(JSON.parse(action.data)).not.toHaveProperty('bot');
    const consent = await relay.db.selectFrom('consent_events').selectAll().where('action_id', '=', response.key!).execute();
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatchObject({ kind: 'grant', purpose: 'email', text_version: 'newsletter-v1', channel: 'signup', origin: ORIGIN });
    expect(consent[0]!.page_url).toBe('https://www.example.fr/agir');
  });

  it('replays the first answer for the same key and body, storing nothing new', async () => {
    const key = randomUUID();
    const first = await post(relay, '/v1/signups', signupBody('replay@example.fr'), { key, bot: await human() });
    const before = await countRows(relay, 'actions');
    // A retry carries its already spent challenge: the idempotency check runs first.
    const again = await post(relay, '/v1/signups', signupBody('replay@example.fr'), { key, bot: { challenge: 'spent-or-not' } });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await countRows(relay, 'actions')).toBe(before);
  });

  it('answers 409 for the same key with a different body', async () => {
    const key = randomUUID();
    await post(relay, '/v1/signups', signupBody('conflict@example.fr'), { key, bot: await human() });
    const other = await post(relay, '/v1/signups', signupBody('someone-else@example.fr'), { key, bot: await human() });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
  });

  it('answers concurrent requests with one key once', async () => {
    const key = randomUUID();
    const bot = await human();
    const before = await countRows(relay, 'actions');
    const answers = await Promise.all([1, 2, 3].map(() => post(relay, '/v1/signups', signupBody('race@example.fr'), { key, bot })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    expect(await countRows(relay, 'actions')).toBe(before + 1);
  });

  it('answers 400 invalid_input with every field issue, in French when asked', async () => {
    const before = await countRows(relay, 'actions');
    const body = { person: { givenName: '<script>alert(1)</script>', email: 'nope' }, consent: [] };
    const response = await post(relay, '/v1/signups', body, { bot: await human(), headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect(response.body.error.message).toBe('La soumission contient des champs invalides.');
    const codes = Object.fromEntries(response.body.error.issues.map((i: { path: string; code: string }) => [i.path, i.code]));
    expect(codes).toMatchObject({ 'person.givenName': 'invalid_name', 'person.email': 'invalid_email' });
    expect(await countRows(relay, 'actions')).toBe(before);
  });

  it('answers 400 missing_idempotency_key without or with a malformed key', async () => {
    for (const key of [null, 'not-a-uuid']) {
      const response = await post(relay, '/v1/signups', signupBody(), { key, bot: await human() });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('missing_idempotency_key');
    }
  });
});

describe('challenges', () => {
  it('serves a fresh signed PBKDF2/SHA-256 challenge, not cached', async () => {
    const response = await fetch(`${relay.url}/v1/challenge`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const challenge = await response.json();
    expect(challenge.parameters.algorithm).toBe('PBKDF2/SHA-256');
    expect(typeof challenge.signature).toBe('string');
    expect(challenge.parameters.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses a missing, tampered or spent challenge with 403 and stores nothing', async () => {
    const before = await countRows(relay, 'actions');
    const missing = await post(relay, '/v1/signups', signupBody('ch@example.fr'), {});
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('challenge_failed');

    const solved = await solvedChallenge(relay);
    const payload = JSON.parse(Buffer.from(solved, 'base64').toString());
    payload.challenge.parameters.expiresAt += 3600;
    const tampered = Buffer.from(JSON.stringify(payload)).toString('base64');
    expect((await post(relay, '/v1/signups', signupBody('ch@example.fr'), { bot: { challenge: tampered } })).status).toBe(403);

    expect((await post(relay, '/v1/signups', signupBody('ch@example.fr'), { bot: { challenge: solved } })).status).toBe(202);
    const replay = await post(relay, '/v1/signups', signupBody('ch2@example.fr'), { bot: { challenge: solved } });
    expect(replay.status).toBe(403);
    expect(await countRows(relay, 'actions')).toBe(before + 1);
    expect(await countRows(relay, 'spent_challenges')).toBeGreaterThan(0);
  });
});

describe('bot signals', () => {
  it('answers a filled honeypot and a too fast form like success, storing nothing', async () => {
    const before = await countRows(relay, 'actions');
    const people = await countRows(relay, 'people');
    const honeypot = await post(relay, '/v1/signups', signupBody('bot@example.fr'), { bot: await human({ honeypot: 'http://spam' }) });
    const fast = await post(relay, '/v1/signups', signupBody('bot@example.fr'), { bot: await human({ fillMs: 200 }) });
    for (const response of [honeypot, fast]) {
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ id: response.key, status: 'accepted' });
    }
    expect(await countRows(relay, 'actions')).toBe(before);
    expect(await countRows(relay, 'people')).toBe(people);
  });
});

describe('minimum fill time', () => {
  it('cannot be skipped by leaving fillMs out of a browser post: 400 on bot.fillMs, in the reader’s language, nothing stored', async () => {
    const before = await countRows(relay, 'actions');
    for (const bot of [{ challenge: await solvedChallenge(relay) }, undefined]) {
      const body = { ...signupBody('no-fill-time@example.fr'), ...(bot ? { bot } : {}) };
      const response = await post(relay, '/v1/signups', body, { bot: null, headers: { 'accept-language': 'fr' } });
      expect(response.status).toBe(400);
      expect(response.body.error.issues).toEqual([
        { path: 'bot.fillMs', code: 'required', message: expect.stringContaining('obligatoire depuis un navigateur') },
      ]);
    }
    const english = await post(relay, '/v1/signups', { ...signupBody(), bot: {} }, { bot: null });
    expect(english.body.error.issues[0].message).toContain('required from a browser');
    expect(await countRows(relay, 'actions')).toBe(before);
  });

  it('is not asked of a server posting for its users (no Origin)', async () => {
    const response = await fetch(`${relay.url}/v1/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ ...signupBody('server-side@example.fr'), bot: { challenge: await solvedChallenge(relay) } }),
    });
    expect(response.status).toBe(202);
  });
});

describe('petitions', () => {
  it('counts signatures in the public facts, which hold no person', async () => {
    const facts = await (await fetch(`${relay.url}/v1/petitions/stop-the-dump`)).json();
    const signed = await post(relay, '/v1/petitions/stop-the-dump/signatures', signupBody('signer@example.fr'), { bot: await human() });
    expect(signed.status).toBe(202);
    const response = await fetch(`${relay.url}/v1/petitions/stop-the-dump`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=15');
    const after = await response.json();
    expect(after).toEqual({ ...facts, signatureCount: facts.signatureCount + 1 });
    expect(Object.keys(after).sort()).toEqual(['description', 'goal', 'id', 'open', 'signatureCount', 'title']);
  });

  it('moves the count by one for a new signer and by one for someone who already signed: it tells no one who signed', async () => {
    const count = async () => (await (await fetch(`${relay.url}/v1/petitions/stop-the-dump`)).json()).signatureCount as number;
    const sign = async (email: string) =>
      (await post(relay, '/v1/petitions/stop-the-dump/signatures', signupBody(email), { bot: await human() })).status;
    expect(await sign('already-signed@example.fr')).toBe(202);
    const before = await count();
    expect(await sign('first-time@example.fr')).toBe(202);
    expect(await count()).toBe(before + 1);
    expect(await sign('already-signed@example.fr')).toBe(202);
    expect(await count()).toBe(before + 2);
    expect(await sign('Already-Signed@example.fr')).toBe(202);
    expect(await count()).toBe(before + 3);
  });

  it('refuses a petitionId that is not the one in the address', async () => {
    const response = await post(
      relay,
      '/v1/petitions/stop-the-dump/signatures',
      { ...signupBody(), petitionId: 'other' },
      { bot: await human() },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].path).toBe('petitionId');
  });

  it('answers 404 for an unknown petition and 422 for a closed one', async () => {
    expect((await fetch(`${relay.url}/v1/petitions/nope`)).status).toBe(404);
    const unknown = await post(relay, '/v1/petitions/nope/signatures', signupBody(), { bot: await human() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const closed = await post(relay, '/v1/petitions/closed-one/signatures', signupBody(), { bot: await human() });
    expect(closed.status).toBe(422);
    expect(closed.body.error).toMatchObject({ code: 'rule_violation', rule: 'petition_closed' });
  });
});

describe('events', () => {
  it('waitlists an RSVP once the remaining capacity is too small, and shows remaining seats', async () => {
    const rsvp = (email: string, guests: number) => ({ ...signupBody(email), guests });
    const first = await post(relay, '/v1/events/meeting-lyon/rsvps', rsvp('a@example.fr', 1), { bot: await human() });
    expect(first.body.status).toBe('accepted');
    const facts = await (await fetch(`${relay.url}/v1/events/meeting-lyon`)).json();
    expect(facts).toMatchObject({ id: 'meeting-lyon', capacity: 3, remaining: 1, timeZone: 'Europe/Paris' });
    const second = await post(relay, '/v1/events/meeting-lyon/rsvps', rsvp('b@example.fr', 1), { bot: await human() });
    expect(second.status).toBe(202);
    expect(second.body.status).toBe('waitlisted');
    const third = await post(relay, '/v1/events/meeting-lyon/rsvps', rsvp('c@example.fr', 0), { bot: await human() });
    expect(third.body.status).toBe('accepted');
    expect((await (await fetch(`${relay.url}/v1/events/meeting-lyon`)).json()).remaining).toBe(0);
  });

  it('carries the texts of each language as configured, for each widget to show its own', async () => {
    const facts = await (await fetch(`${relay.url}/v1/events/meeting-lyon`)).json();
    expect(facts.title).toEqual({ fr: 'Réunion à Lyon', en: 'Meeting in Lyon' });
    expect(facts.place).toEqual({ name: { fr: 'Salle Rameau', en: 'Rameau hall' }, address: '29 rue de la Martinière, Lyon' });
    const petition = await (await fetch(`${relay.url}/v1/petitions/stop-the-dump`)).json();
    expect(petition.title).toBe('Stop the dump');
  });

  it('refuses RSVPs to an event that is over with 422, and says it is closed', async () => {
    const response = await post(relay, '/v1/events/last-year/rsvps', signupBody('late-rsvp@example.fr'), { bot: await human() });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'rule_violation', rule: 'event_closed' });
    const facts = await (await fetch(`${relay.url}/v1/events/last-year`)).json();
    expect(facts).toMatchObject({ open: false, capacity: null, remaining: null });
  });

  it('answers 404 for an unknown event', async () => {
    expect((await fetch(`${relay.url}/v1/events/nope`)).status).toBe(404);
    expect((await post(relay, '/v1/events/nope/rsvps', signupBody(), { bot: await human() })).status).toBe(404);
  });
});

describe('donations', () => {
  it('stores a pending pledge and hands off to the configured checkout', async () => {
    const response = await post(relay, '/v1/donations', donationBody(2500, 'donor@example.fr'), { bot: await human() });
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('pending');
    expect(response.body.checkoutUrl).toBe(
      `https://pay.example.fr/checkout?amount=2500&currency=EUR&recurrence=one_off&reference=${response.key}`,
    );
    expect(response.body.statusId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const status = await fetch(`${relay.url}/v1/pledges/${response.body.statusId}`, { headers: { origin: ORIGIN } });
    expect(await status.json()).toEqual({ status: 'pending' });
  });

  it("answers a gift over the donor's running total like any other, and flags it for the treasurer", async () => {
    const first = await post(relay, '/v1/donations', donationBody(300_000, 'big@example.fr'), { bot: await human() });
    expect(first.status).toBe(202);
    const second = await post(relay, '/v1/donations', donationBody(200_000, 'BIG@example.fr'), {
      bot: await human(),
      headers: { 'accept-language': 'fr' },
    });
    expect(second.status).toBe(202);
    expect(Object.keys(second.body).sort()).toEqual(Object.keys(first.body).sort());
    expect(second.body.status).toBe('pending');
    const pledges = await relay.db
      .selectFrom('pledges')
      .select(['id', 'status', 'review'])
      .where('id', 'in', [first.key!, second.key!])
      .execute();
    expect(pledges.find((p) => p.id === first.key)).toMatchObject({ status: 'pending', review: null });
    expect(pledges.find((p) => p.id === second.key)).toMatchObject({ status: 'pending_review', review: 'over_cap' });
  });

  it('counts concurrent gifts that land in one batch: the one past the cap is flagged', async () => {
    const gifts = await Promise.all(
      [1, 2, 3].map(async () => post(relay, '/v1/donations', donationBody(200_000, 'racer@example.fr'), { bot: await human() })),
    );
    expect(gifts.map((g) => g.status)).toEqual([202, 202, 202]);
    const pledges = await relay.db
      .selectFrom('pledges')
      .select('review')
      .where(
        'id',
        'in',
        gifts.map((g) => g.key!),
      )
      .execute();
    expect(pledges.filter((p) => p.review === 'over_cap')).toHaveLength(1);
  });

  it.each([
    ['-1', -1],
    ['0', 0],
    ['4600.001', 460_000.1],
    ['"4,600"', '4,600'],
    ['over the cap in one gift', 460_001],
  ])('refuses the amount %s with 400 and stores nothing', async (_label, amount) => {
    const before = await countRows(relay, 'actions');
    const response = await post(relay, '/v1/donations', { ...donationBody(1), amount }, { bot: await human() });
    expect(response.status).toBe(400);
    expect(response.body.error.issues.some((i: { path: string }) => i.path === 'amount')).toBe(true);
    expect(await countRows(relay, 'actions')).toBe(before);
  });

  it('refuses unticked attestations and another compliance profile', async () => {
    const body = donationBody(1000);
    const unticked = await post(
      relay,
      '/v1/donations',
      { ...body, compliance: { ...body.compliance, attestations: ['own_funds'] } },
      { bot: await human() },
    );
    expect(unticked.status).toBe(400);
    expect(unticked.body.error.issues[0].code).toBe('attestation_missing');
    const party = await post(
      relay,
      '/v1/donations',
      { ...body, compliance: { ...body.compliance, profile: 'fr-party' } },
      { bot: await human() },
    );
    expect(party.status).toBe(422);
    expect(party.body.error.rule).toBe('compliance_profile');
  });
});

describe('POST /v1/contacts (organizer)', () => {
  it('needs a token, accepts an organizer token and answers retainUntil about six months ahead', async () => {
    const anonymous = await post(relay, '/v1/contacts', contactBody(), { bot: null });
    expect(anonymous.status).toBe(401);
    const response = await post(relay, '/v1/contacts', contactBody(), {
      bot: null,
      headers: { authorization: `Bearer ${relay.organizerToken}` },
    });
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('accepted');
    const days = (Date.parse(response.body.retainUntil) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(182);
    expect(days).toBeLessThan(184);
    const stored = await relay.db.selectFrom('actions').selectAll().where('id', '=', response.key!).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data).revealsPoliticalOpinion).toBe(true);
  });
});

describe('GET /v1/session', () => {
  it('names the role of a valid token and answers 401 otherwise', async () => {
    const organizer = await fetch(`${relay.url}/v1/session`, { headers: { authorization: `Bearer ${relay.organizerToken}` } });
    expect(await organizer.json()).toEqual({ role: 'organizer', name: 'Lyon team' });
    const unknown = await fetch(`${relay.url}/v1/session`, { headers: { authorization: 'Bearer tract_nope' } });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe('unauthorized');
  });
});

describe('routing', () => {
  it('answers 405 for a wrong method and 404 for an unknown route', async () => {
    const wrong = await fetch(`${relay.url}/v1/signups`);
    expect(wrong.status).toBe(405);
    expect((await wrong.json()).error.code).toBe('method_not_allowed');
    const unknown = await fetch(`${relay.url}/v2/anything`);
    expect(unknown.status).toBe(404);
  });

  it('logs requests without personal data', async () => {
    await post(relay, '/v1/signups', signupBody('logged-person@example.fr'), { bot: await human() });
    const log = relay.logs.join('\n');
    expect(log).toContain('"route":"/v1/signups"');
    expect(log).not.toContain('logged-person');
    expect(relay.logs.filter((line) => line.includes('"event":"request"')).join()).not.toContain('127.0.0.1');
  });
});
