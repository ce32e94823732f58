/**
 * A petition cannot be closed to everyone: floods from thousands of addresses
 * (many clients behind one trusted proxy, told apart by X-Forwarded-For)
 * consume nothing shared unless each request proved its work with a valid
 * body, and a form that really takes a flood asks more work of everyone
 * instead of refusing anyone.
 */
import { randomUUID } from 'node:crypto';
import { createClient, relay as relayBackend } from '@tract/sdk';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { afterEach, describe, expect, it } from 'vitest';
import { countRows, ORIGIN, person, post, signupBody, startTestRelay, type TestRelay } from '../test-support/relay.js';

const PETITION = '/v1/petitions/stop-the-dump/signatures';
const FORM = 'petition_signature:stop-the-dump';
const COST = 10;
const HOT_FACTOR = 10;

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

/**
 * An hour's window: with a minute's, a test that crossed a minute boundary
 * split its flood across two windows, neither over the limit, and failed
 * now and then (the brake counts fixed windows).
 */
const WINDOW_SECONDS = 3600;

function start(perForm: number, perIp = 5) {
  return startTestRelay({
    trustProxy: 1,
    challenge: { enabled: true, cost: COST, maxCounter: 20, expiresInSeconds: 60, hotCostFactor: HOT_FACTOR },
    rateLimits: { perIp, perForm, windowSeconds: WINDOW_SECONDS },
  });
}

/** A distinct client address per index, as the proxy would append it. */
const from = (i: number) => ({ 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });

let challengeClients = 100_000;

async function challenge(form?: string) {
  const response = await fetch(`${relay!.url}/v1/challenge${form ? `?form=${encodeURIComponent(form)}` : ''}`, {
    headers: from(challengeClients++),
  });
  return response.json() as Promise<{ parameters: { cost: number } }>;
}

/** Fetches (for `form`, or without one as an old client would) and solves a challenge. */
async function solved(form?: string): Promise<string> {
  const issued = await challenge(form);
  const solution = await solveChallenge({ challenge: issued as never, deriveKey });
  return Buffer.from(JSON.stringify({ challenge: issued, solution })).toString('base64');
}

/** Sends `count` requests, `parallel` at a time, each from its own address. */
async function flood(count: number, send: (i: number) => Promise<number>, parallel = 100): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  for (let start = 0; start < count; start += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, j) => send(start + j)));
    for (const status of batch) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  return statuses;
}

function raw(path: string, body: string, headers: Record<string, string>) {
  return fetch(`${relay!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: ORIGIN, ...headers },
    body,
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
}

describe('a flood that proves nothing', () => {
  it('from 3,000 addresses, leaves a real signer accepted at once and the form cold', async () => {
    relay = await start(3);
    const bad = Buffer.from(JSON.stringify({ challenge: { parameters: {}, signature: 'x' }, solution: { counter: 1 } })).toString('base64');
    const valid = JSON.stringify({ ...signupBody('flood@example.fr'), bot: { fillMs: 5000, challenge: bad } });
    const statuses = await flood(3000, (i) =>
      i % 3 === 0
        ? raw(PETITION, '{}', from(i))
        : i % 3 === 1
          ? raw(PETITION, JSON.stringify({ person: { email: 'nope' }, bot: { fillMs: 5000 } }), from(i))
          : raw(PETITION, valid, from(i)),
    );
    // Each refused on its own merits (400 or 403): none stored, none rate-limited.
    expect([...statuses.keys()].every((status) => status === 400 || status === 403)).toBe(true);

    // Work proved on an invalid body does not count either.
    for (let i = 0; i < 5; i++) {
      const response = await post(
        relay,
        PETITION,
        { person: { email: 'nope' } },
        { bot: { challenge: await solved(FORM) }, headers: from(5000 + i) },
      );
      expect(response.status).toBe(400);
    }

    expect((await challenge(FORM)).parameters.cost).toBe(COST);
    // An old client solving a challenge fetched without a form gets through at once too.
    const signer = await post(relay, PETITION, signupBody('real-signer@example.fr'), {
      bot: { challenge: await solved() },
      headers: from(9000),
    });
    expect(signer.status).toBe(202);
    expect(await countRows(relay, 'actions')).toBe(1);
  });

  it('from one address, is still refused by the per-IP limit', async () => {
    relay = await start(1000, 5);
    const statuses: number[] = [];
    const unproved = JSON.stringify({ ...signupBody(), bot: { fillMs: 5000 } });
    for (let i = 0; i < 8; i++) statuses.push(await raw(PETITION, unproved, { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` }));
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429, 429]);
  });
});

describe('a flood of valid, solved submissions', () => {
  it('makes the form hot: everyone pays more work, nobody is refused for the form’s popularity', async () => {
    relay = await start(3);
    const cheapAheadOfTime = await solved(FORM);
    for (let i = 0; i < 4; i++) {
      const response = await post(relay, PETITION, signupBody(`wave-${i}@example.fr`), {
        bot: { challenge: await solved(FORM) },
        headers: from(i),
      });
      expect(response.status).toBe(202);
    }
    expect((await challenge(FORM)).parameters.cost).toBe(COST * HOT_FACTOR);
    // Other forms are not affected.
    expect((await challenge('signup')).parameters.cost).toBe(COST);
    expect((await challenge('rsvp:meeting-lyon')).parameters.cost).toBe(COST);
    expect((await challenge()).parameters.cost).toBe(COST);

    // Work solved at the cold cost no longer passes...
    const cheap = await post(relay, PETITION, signupBody('real@example.fr'), { bot: { challenge: cheapAheadOfTime }, headers: from(100) });
    expect(cheap.status).toBe(403);
    expect(cheap.body.error.code).toBe('challenge_failed');
    // ...and the form's own challenge, harder, does: the flood goes on, every submission accepted.
    for (let i = 0; i < 3; i++) {
      const hot = await post(relay, PETITION, signupBody(`hot-${i}@example.fr`), {
        bot: { challenge: await solved(FORM) },
        headers: from(200 + i),
      });
      expect(hot.status).toBe(202);
    }
    expect(await countRows(relay, 'actions')).toBe(7);
  });
});

describe('a real signer during a flood, through the SDK', () => {
  it('holding a challenge solved before the form turned hot, gets through by solving the form’s harder one', async () => {
    relay = await start(3);
    const solvedBeforeTheFlood = await solved(FORM);
    for (let i = 0; i < 4; i++) {
      await post(relay, PETITION, signupBody(`flood-${i}@example.fr`), { bot: { challenge: await solved(FORM) }, headers: from(i) });
    }
    const costsSolved: number[] = [];
    const client = createClient({
      backend: relayBackend({
        url: relay.url,
        async solveChallenge(issued) {
          costsSolved.push((issued as { parameters: { cost: number } }).parameters.cost);
          const solution = await solveChallenge({ challenge: issued as never, deriveKey });
          return Buffer.from(JSON.stringify({ challenge: issued, solution })).toString('base64');
        },
      }),
      queue: false,
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...from(4242) } }),
    });
    try {
      const result = await client.signPetition(
        { petitionId: 'stop-the-dump', person: person('camille.signer@example.fr'), consent: [] },
        { bot: { challenge: solvedBeforeTheFlood, honeypot: '', fillMs: 8000 } },
      );
      expect(result.status).toBe('sent');
      expect(result.status === 'sent' && result.receipt.status).toBe('accepted');
      expect(costsSolved).toEqual([COST * HOT_FACTOR]);
    } finally {
      await client.close();
    }
  });
});

describe('with challenges off', () => {
  it('refuses past the per-form limit with 429, counting valid submissions only', async () => {
    relay = await startTestRelay({ challenge: { enabled: false }, rateLimits: { perIp: 1000, perForm: 2, windowSeconds: WINDOW_SECONDS } });
    for (let i = 0; i < 5; i++) expect((await post(relay, PETITION, { person: { email: 'nope' } })).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(relay, PETITION, signupBody(`off-${i}@example.fr`))).status);
    expect(statuses).toEqual([202, 202, 429]);
  });
});

describe('GET /v1/challenge?form=', () => {
  it('names a form the relay has, or answers 400 / 404 as posting to it would', async () => {
    relay = await start(3, 100);
    for (const form of ['signup', 'donation', FORM, 'rsvp:meeting-lyon']) {
      expect((await fetch(`${relay.url}/v1/challenge?form=${encodeURIComponent(form)}`)).status).toBe(200);
    }
    const malformed = await fetch(`${relay.url}/v1/challenge?form=petition`, { headers: { 'accept-language': 'fr' } });
    expect(malformed.status).toBe(400);
    const issue = (await malformed.json()).error.issues[0];
    expect(issue).toMatchObject({ path: 'form', code: 'invalid_choice' });
    expect(issue.message).toContain('identifiant de la pétition');
    for (const form of ['petition_signature:nope', 'rsvp:nope', 'signup:x', 'petition_signature:a:b']) {
      const response = await fetch(`${relay.url}/v1/challenge?form=${encodeURIComponent(form)}`);
      expect(response.status, form).toBe(form.endsWith(':nope') ? 404 : 400);
    }
  });
});
