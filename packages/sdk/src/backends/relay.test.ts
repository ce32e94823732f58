import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactInput, donationInput, petitionInput, rsvpInput, signupInput } from '../../test/fixtures.js';
import { accept, type ScriptedRelay, startScriptedRelay } from '../../test/scripted-relay.js';
import type { SendContext } from '../backend.js';
import { TractNetworkError, TractRejectedError } from '../errors.js';
import type { ActionKind, TractAction } from '../schema/envelope.js';
import { validateAction } from '../schema/validate.js';
import { relay, relaySession } from './relay.js';

let server: ScriptedRelay;
beforeEach(async () => {
  server = await startScriptedRelay();
});
afterEach(async () => {
  await server.close();
});

function action(kind: ActionKind, input: unknown): TractAction {
  const result = validateAction(kind, input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { id: crypto.randomUUID(), kind, submittedAt: new Date().toISOString(), data: result.data } as TractAction;
}

const context = (a: TractAction, extra: Partial<SendContext> = {}): SendContext => ({ idempotencyKey: a.id, locale: 'fr', ...extra });

describe('relay(): requests as PROTOCOL.md describes them', () => {
  it('posts each kind to its endpoint with the protocol headers, bot signals on public actions only', async () => {
    const backend = relay({ url: `${server.url}/`, token: 'organizer-secret' });
    const bot = { honeypot: '', fillMs: 5000 };
    const cases: [ActionKind, unknown, string][] = [
      ['signup', signupInput(), '/v1/signups'],
      ['petition_signature', petitionInput(), '/v1/petitions/stop-the-dump/signatures'],
      ['rsvp', rsvpInput(), '/v1/events/meeting-lyon/rsvps'],
      ['donation', donationInput(), '/v1/donations'],
      ['contact', contactInput(), '/v1/contacts'],
    ];
    for (const [kind, input, path] of cases) {
      const a = action(kind, input);
      const receipt = await backend.send(a, context(a, { bot }));
      expect(receipt).toEqual({ id: a.id, status: 'accepted' });
      const request = server.requests.at(-1);
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe(path);
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.headers['idempotency-key']).toBe(a.id);
      expect(request?.headers['accept-language']).toBe('fr');
      if (kind === 'contact') {
        expect(request?.headers.authorization).toBe('Bearer organizer-secret');
        expect(request?.body).toEqual(JSON.parse(JSON.stringify(a.data)));
      } else {
        expect(request?.headers.authorization).toBeUndefined();
        expect(request?.body).toEqual(JSON.parse(JSON.stringify({ ...a.data, bot })));
      }
    }
  });

  it('keeps a path prefix of the relay URL and passes donation and contact receipt members through', async () => {
    const backend = relay({ url: `${server.url}/tract`, token: 't' });
    server.script(
      { status: 202, body: { id: 'x', status: 'pending', checkoutUrl: 'https://pay.example.org/?amount=2500' } },
      { status: 202, body: { id: 'y', status: 'accepted', retainUntil: '2027-05-29' } },
    );
    const donation = action('donation', donationInput());
    expect(await backend.send(donation, context(donation))).toEqual({
      id: 'x',
      status: 'pending',
      checkoutUrl: 'https://pay.example.org/?amount=2500',
    });
    const contact = action('contact', contactInput());
    expect(await backend.send(contact, context(contact))).toEqual({ id: 'y', status: 'accepted', retainUntil: '2027-05-29' });
    expect(server.requests.map((r) => r.path)).toEqual(['/tract/v1/donations', '/tract/v1/contacts']);
  });

  it('says when the relay waits for the person to confirm by email, and only in those words', async () => {
    const backend = relay({ url: server.url });
    server.script(
      { status: 202, body: { id: 'x', status: 'pending', confirmation: 'email' } },
      { status: 202, body: { id: 'y', status: 'accepted', confirmation: 'carrier-pigeon' } },
    );
    const first = action('signup', signupInput());
    expect(await backend.send(first, context(first))).toEqual({ id: 'x', status: 'pending', confirmation: 'email' });
    const second = action('signup', signupInput());
    expect(await backend.send(second, context(second))).toEqual({ id: 'y', status: 'accepted' });
  });

  it('uses the fetch given in the context', async () => {
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    const a = action('signup', signupInput());
    await relay({ url: server.url }).send(a, context(a, { fetch: counting }));
    expect(calls).toEqual([`${server.url}/v1/signups`]);
  });
});

describe('relay(): answers mapped to typed errors', () => {
  const refusals: [number, string][] = [
    [400, 'invalid_input'],
    [403, 'origin_not_allowed'],
    [404, 'not_found'],
    [409, 'idempotency_conflict'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    [422, 'rule_violation'],
  ];
  for (const [status, code] of refusals) {
    it(`${status} ${code} is a TractRejectedError carrying the relay's reason`, async () => {
      server.script({
        status,
        body: {
          error: {
            code,
            message: 'Refusé.',
            rule: 'Code électoral L52-8',
            issues: [{ path: 'amount', code: 'cap_exceeded', message: 'Trop.', params: { remaining: 100 } }],
          },
        },
      });
      const a = action('donation', donationInput());
      const error = await relay({ url: server.url })
        .send(a, context(a))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TractRejectedError);
      expect(error).toMatchObject({
        status,
        code,
        rule: 'Code électoral L52-8',
        issues: [{ path: 'amount', code: 'cap_exceeded', message: 'Trop.', params: { remaining: 100 } }],
      });
      expect((error as Error).message).toContain('Refusé.');
    });
  }

  it('401 names the token setting; an unknown issue code becomes invalid_input with a message in the locale', async () => {
    server.script(
      { status: 401, body: { error: { code: 'unauthorized', message: 'Unknown token.' } } },
      { status: 400, body: { error: { code: 'invalid_input', issues: [{ path: 'person.email', code: 'brand_new_code' }] } } },
    );
    const backend = relay({ url: server.url, token: 'wrong' });
    const contact = action('contact', contactInput());
    await expect(backend.send(contact, context(contact))).rejects.toMatchObject({ status: 401, setting: 'token' });
    const signup = action('signup', signupInput());
    await expect(backend.send(signup, context(signup))).rejects.toMatchObject({
      issues: [{ path: 'person.email', code: 'invalid_input', message: "Cette valeur n'est pas valide." }],
    });
  });

  it('408, 429, 500 and 503 are TractNetworkError with status and Retry-After', async () => {
    server.script(
      { status: 408 },
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 500 },
      { status: 503, headers: { 'retry-after': '2' } },
    );
    const backend = relay({ url: server.url });
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const a = action('signup', signupInput());
      const error = await backend.send(a, context(a)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TractNetworkError);
      seen.push([(error as TractNetworkError).status, (error as TractNetworkError).retryAfterMs]);
    }
    expect(seen).toEqual([
      [408, undefined],
      [429, 7000],
      [500, undefined],
      [503, 2000],
    ]);
  });

  it('a dropped connection, a timeout and a page that is not the relay are TractNetworkError', async () => {
    server.script('drop', 'hang', { status: 200, raw: '<html>Wi-Fi login</html>' }, { status: 202, raw: '<html>proxy</html>' });
    const backend = relay({ url: server.url, timeoutMs: 200 });
    for (const code of ['network_error', 'network_error', 'invalid_response', 'invalid_response']) {
      const a = action('signup', signupInput());
      await expect(backend.send(a, context(a))).rejects.toSatisfy((e: unknown) => e instanceof TractNetworkError && e.code === code);
    }
  });

  it("the caller's abort is rethrown as is, not turned into a retryable error", async () => {
    server.script('hang');
    const controller = new AbortController();
    const a = action('signup', signupInput());
    const sending = relay({ url: server.url }).send(a, context(a, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('user left')), 50);
    await expect(sending).rejects.toThrow('user left');
  });

  it('refuses a contact without a token before any request', async () => {
    const a = action('contact', contactInput());
    await expect(relay({ url: server.url }).send(a, context(a))).rejects.toMatchObject({
      status: 0,
      code: 'unauthorized',
      setting: 'token',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('relay(): proof-of-work challenges', () => {
  const challengeRoute = (counter: { n: number }) => (request: { path: string; headers: Record<string, unknown> }) =>
    request.path.startsWith('/v1/challenge?')
      ? { status: 200, body: { parameters: { nonce: `n${++counter.n}` } } }
      : accept(request as never);

  it('fetches and solves a challenge per submission, and retries once with a fresh one on 403 challenge_failed', async () => {
    const counter = { n: 0 };
    server.fallback = challengeRoute(counter);
    const solved: unknown[] = [];
    const backend = relay({
      url: server.url,
      solveChallenge: async (challenge) => {
        solved.push(challenge);
        return `solution-of-${(challenge as { parameters: { nonce: string } }).parameters.nonce}`;
      },
    });
    server.script(challengeRoute(counter), { status: 403, body: { error: { code: 'challenge_failed', message: 'Expired.' } } });
    const a = action('signup', signupInput());
    const receipt = await backend.send(a, context(a, { bot: { honeypot: '', fillMs: 3000 } }));
    expect(receipt.status).toBe('accepted');
    expect(server.requests.map((r) => r.path)).toEqual([
      '/v1/challenge?form=signup',
      '/v1/signups',
      '/v1/challenge?form=signup',
      '/v1/signups',
    ]);
    expect(server.requests.map((r) => (r.body as { bot?: { challenge?: string } } | undefined)?.bot?.challenge)).toEqual([
      undefined,
      'solution-of-n1',
      undefined,
      'solution-of-n2',
    ]);
    expect(server.requests[3]?.body).toMatchObject({ bot: { honeypot: '', fillMs: 3000 } });
    expect(new Set(server.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']))).toEqual(new Set([a.id]));
    expect(solved).toHaveLength(2);
  });

  it('gives up with TractRejectedError when the fresh challenge fails too', async () => {
    const counter = { n: 0 };
    server.fallback = (request) =>
      request.path.startsWith('/v1/challenge?')
        ? challengeRoute(counter)(request)
        : { status: 403, body: { error: { code: 'challenge_failed', message: 'No.' } } };
    const backend = relay({ url: server.url, solveChallenge: async () => 'bad' });
    const a = action('rsvp', rsvpInput());
    await expect(backend.send(a, context(a))).rejects.toMatchObject({ status: 403, code: 'challenge_failed' });
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it("asks for the challenge of the action's own form, which a busy form makes harder", async () => {
    server.fallback = challengeRoute({ n: 0 });
    const backend = relay({ url: server.url, solveChallenge: async () => 'solved' });
    const cases: [ActionKind, unknown, string][] = [
      ['signup', signupInput(), 'signup'],
      ['petition_signature', petitionInput(), 'petition_signature:stop-the-dump'],
      ['rsvp', rsvpInput(), 'rsvp:meeting-lyon'],
      ['donation', donationInput(), 'donation'],
    ];
    for (const [kind, input, form] of cases) {
      const a = action(kind, input);
      await backend.send(a, context(a));
      expect(server.requests.at(-2)?.path).toBe(`/v1/challenge?form=${form}`);
    }
  });

  it('never fetches a challenge for a contact', async () => {
    const backend = relay({ url: server.url, token: 't', solveChallenge: async () => 'unused' });
    const a = action('contact', contactInput());
    await backend.send(a, context(a));
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/contacts']);
  });
});

describe('relaySession()', () => {
  it('returns the role and name of a valid token, and names the token setting for an unknown one', async () => {
    server.script(
      { status: 200, body: { role: 'organizer', name: 'Lyon team' } },
      { status: 401, body: { error: { code: 'unauthorized', message: 'Unknown token.' } } },
    );
    expect(await relaySession({ url: server.url, token: 'good' })).toEqual({ role: 'organizer', name: 'Lyon team' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/session', headers: { authorization: 'Bearer good' } });
    await expect(relaySession({ url: server.url, token: 'bad' })).rejects.toMatchObject({ status: 401, setting: 'token' });
  });
});
