/**
 * The bad inputs of privacy-and-compliance.md that the HTTP boundary must
 * survive: each a clear 4xx, nothing stored.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  contactBody,
  countRows,
  ORIGIN,
  post,
  signupBody,
  solvedChallenge,
  startTestRelay,
  type TestRelay,
} from '../test-support/relay.js';

let relay: TestRelay;
let actionsBefore: number;

beforeAll(async () => {
  relay = await startTestRelay({ challenge: { enabled: false }, bodyTimeoutMs: 500 });
});
afterAll(async () => {
  await relay.stop();
});
afterEach(async () => {
  expect(await countRows(relay, 'actions')).toBe(actionsBefore);
});

async function expectNothingStored() {
  actionsBefore = await countRows(relay, 'actions');
}

function rawPost(body: string, headers: Record<string, string> = {}) {
  return fetch(`${relay.url}/v1/signups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: ORIGIN, ...headers },
    body,
  });
}

describe('media type', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['a form encoding', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['another charset', 'application/json; charset=iso-8859-1'],
  ])('answers 415 for %s', async (_label, type) => {
    await expectNothingStored();
    const response = await rawPost(JSON.stringify(signupBody()), { 'content-type': type });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('unsupported_media_type');
  });

  it('accepts application/json with charset=utf-8', async () => {
    actionsBefore = (await countRows(relay, 'actions')) + 1;
    const response = await rawPost(JSON.stringify({ ...signupBody('charset@example.fr'), bot: { fillMs: 5000 } }), {
      'content-type': 'application/json; charset=UTF-8',
    });
    expect(response.status).toBe(202);
  });
});

describe('size', () => {
  it('answers 413 for a 1 MB body', async () => {
    await expectNothingStored();
    const response = await rawPost(JSON.stringify({ ...signupBody(), padding: 'x'.repeat(1_000_000) }));
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
  });

  it('answers 413 for a streamed body past 32 KB without a declared length', async () => {
    await expectNothingStored();
    const chunk = new TextEncoder().encode(`{"a":"${'x'.repeat(40_000)}"}`);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${relay.url}/v1/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('answers 408 when the body stops arriving', async () => {
    await expectNothingStored();
    const { port } = new URL(relay.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /v1/signups HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: ${randomUUID()}\r\nContent-Length: 500\r\n\r\n{"person":`,
        );
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
        if (received.includes('\r\n\r\n{')) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on('error', reject);
    });
    expect(answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(answer).toContain('"request_timeout"');
  });

  it('refuses a 10,000-character name with 400', async () => {
    await expectNothingStored();
    const body = signupBody();
    const response = await post(relay, '/v1/signups', { ...body, person: { ...body.person, givenName: 'A'.repeat(10_000) } });
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0]).toMatchObject({ path: 'person.givenName', code: 'too_long' });
  });
});

describe('JSON', () => {
  it.each([
    ['malformed JSON', '{"person": {'],
    ['duplicate keys', '{"person": {"email": "a@example.fr", "email": "b@example.fr"}, "consent": []}'],
    ['escaped duplicate keys', '{"consent": [], "\\u0063onsent": []}'],
    ['nesting deeper than 32 levels', `${'['.repeat(40)}${']'.repeat(40)}`],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('latin1')],
  ])('answers 400 invalid_json for %s', async (_label, body) => {
    await expectNothingStored();
    const response = await rawPost(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_json');
  });

  it('answers 400 invalid_input for JSON that is not an object', async () => {
    await expectNothingStored();
    const response = await rawPost('[1, 2]');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_input');
  });

  it('refuses unknown fields (nothing unexpected is ever stored)', async () => {
    await expectNothingStored();
    const response = await post(relay, '/v1/signups', { ...signupBody(), isAdmin: true });
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0]).toMatchObject({ path: 'isAdmin', code: 'unknown_field' });
  });
});

describe('origins', () => {
  it('refuses Origin: null and foreign origins with 403 origin_not_allowed', async () => {
    await expectNothingStored();
    for (const origin of ['null', 'https://evil.example']) {
      const response = await rawPost(JSON.stringify(signupBody()), { origin });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('origin_not_allowed');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('lets a refused site read why a GET was refused, and nothing more, so its widgets can say so', async () => {
    const origin = 'https://not-yet-listed.example';
    const refused = await fetch(`${relay.url}/v1/challenge`, { headers: { origin } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
    expect(refused.headers.get('vary')).toBe('Origin');
    expect((await refused.json()).error.code).toBe('origin_not_allowed');
    const preflight = await fetch(`${relay.url}/v1/signups`, { method: 'OPTIONS', headers: { origin } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const fromNull = await fetch(`${relay.url}/v1/challenge`, { headers: { origin: 'null' } });
    expect(fromNull.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("lets an organizer's extension reach the token routes from its own origin, never without a token", async () => {
    const extensionOrigin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const send = (authorization?: string) =>
      fetch(`${relay.url}/v1/contacts`, {
        method: 'POST',
        headers: {
          origin: extensionOrigin,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify(contactBody()),
      });
    const anonymous = await send();
    expect(anonymous.status).toBe(401);
    expect(await countRows(relay, 'actions')).toBe(actionsBefore);

    const accepted = await send(`Bearer ${relay.organizerToken}`);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('access-control-allow-origin')).toBe(extensionOrigin);
    expect(accepted.headers.get('access-control-allow-credentials')).toBeNull();
    actionsBefore++;

    const preflight = await fetch(`${relay.url}/v1/session`, { method: 'OPTIONS', headers: { origin: extensionOrigin } });
    expect(preflight.status).toBe(204);
    const session = await fetch(`${relay.url}/v1/session`, {
      headers: { origin: extensionOrigin, authorization: `Bearer ${relay.organizerToken}` },
    });
    expect(session.status).toBe(200);

    // The public routes stay bound to the allow-list, and `null` is refused everywhere.
    const signup = await rawPost(JSON.stringify(signupBody()), { origin: extensionOrigin });
    expect(signup.status).toBe(403);
    const fromNull = await fetch(`${relay.url}/v1/session`, {
      headers: { origin: 'null', authorization: `Bearer ${relay.organizerToken}` },
    });
    expect(fromNull.status).toBe(403);
  });

  it('answers an allowed preflight with the protocol headers, never a wildcard', async () => {
    await expectNothingStored();
    const response = await fetch(`${relay.url}/v1/signups`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type, Idempotency-Key, Authorization, Accept-Language');
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After, Idempotent-Replayed');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toContain('Origin');
  });
});

describe('hostile text', () => {
  it.each([
    ['markup in a name', { givenName: '<img src=x onerror=alert(1)>' }, 'person.givenName', 'invalid_name'],
    ['a spreadsheet formula in a name', { givenName: '=HYPERLINK("http://evil")' }, 'person.givenName', 'invalid_name'],
    ['a quoted local part', { email: '"><script>alert(1);</script>"@example.org' }, 'person.email', 'invalid_email'],
    ['a homoglyph domain', { email: 'camille@gmаil.com' }, 'person.email', 'email_domain_confusable'],
    ['a 65-character local part', { email: `${'a'.repeat(65)}@example.fr` }, 'person.email', 'email_local_too_long'],
    [
      'a 255-character email',
      { email: `${'a'.repeat(60)}@${['b', 'c', 'd'].map((l) => l.repeat(60)).join('.')}.eeeeeeeee.fr` },
      'person.email',
      'too_long',
    ],
  ])('refuses %s with 400', async (_label, personPatch, path, code) => {
    await expectNothingStored();
    const body = signupBody();
    const response = await post(relay, '/v1/signups', { ...body, person: { ...body.person, ...personPatch } });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('refuses pre-ticked consent forced through the DOM (granted: false or missing)', async () => {
    await expectNothingStored();
    const body = signupBody();
    const response = await post(relay, '/v1/signups', { ...body, consent: [{ ...body.consent[0], granted: 'on' }] });
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0]).toMatchObject({ path: 'consent.0.granted', code: 'consent_not_explicit' });
  });

  it('stores NFD and zero-width-laden names cleaned, in NFC', async () => {
    actionsBefore = (await countRows(relay, 'actions')) + 1;
    const body = signupBody('nfd@example.fr');
    const nfd = 'He\u0301lo\u200bi\u0308se\u202e';
    const response = await post(relay, '/v1/signups', { ...body, person: { ...body.person, givenName: nfd } });
    expect(response.status).toBe(202);
    const person = await relay.db.selectFrom('people').selectAll().where('email', '=', 'nfd@example.fr').executeTakeFirstOrThrow();
    expect(person.given_name).toBe('H\u00e9lo\u00efse');
  });

  it('stores an internationalised domain in its punycode form', async () => {
    actionsBefore = (await countRows(relay, 'actions')) + 1;
    const response = await post(relay, '/v1/signups', signupBody('camille@exämple.fr'));
    expect(response.status).toBe(202);
    const stored = await relay.db.selectFrom('people').select('email').where('email', 'like', 'camille@xn--%').executeTakeFirstOrThrow();
    expect(stored.email).toBe('camille@xn--exmple-cua.fr');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-IP limit', async () => {
    const limited = await startTestRelay({ challenge: { enabled: false }, rateLimits: { perIp: 3, perForm: 1000, windowSeconds: 60 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(limited, '/v1/signups', signupBody(`ip${i}@example.fr`))).status);
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      const refused = await post(limited, '/v1/signups', signupBody('ip9@example.fr'));
      expect(refused.body.error.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await countRows(limited, 'actions')).toBe(3);
    } finally {
      await limited.stop();
    }
  });

  it('answers 429 past the per-form limit, whatever the address', async () => {
    const limited = await startTestRelay({ challenge: { enabled: false }, rateLimits: { perIp: 1000, perForm: 2, windowSeconds: 60 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await post(limited, '/v1/petitions/stop-the-dump/signatures', signupBody(`f${i}@example.fr`))).status);
      expect(statuses).toEqual([202, 202, 429]);
      // Another form still has room.
      expect((await post(limited, '/v1/signups', signupBody('other@example.fr'))).status).toBe(202);
    } finally {
      await limited.stop();
    }
  });
});

describe('challenge on', () => {
  it('refuses an expired challenge with 403', async () => {
    const strict = await startTestRelay({ challenge: { enabled: true, cost: 10, maxCounter: 5, expiresInSeconds: 1 } });
    try {
      const solved = await solvedChallenge(strict);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const response = await post(strict, '/v1/signups', signupBody(), { bot: { challenge: solved } });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('challenge_failed');
      expect(await countRows(strict, 'actions')).toBe(0);
    } finally {
      await strict.stop();
    }
  });
});
