/**
 * The serverless entry against a real PostgreSQL database: two function
 * instances share everything through it, and the scheduled job delivers the
 * outbox to a real webhook receiver.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../sdk/test/fakes/webhook-receiver.js';
import { ConfigError, parseConfig } from './config/load.js';
import { HashKey } from './db/hash-key.js';
import { type ServerlessRelay, serverlessRelay, serverlessRelayFromEnv } from './serverless.js';
import { createPostgresDatabase, ON_POSTGRES, type TestDatabase } from './test-support/database.js';
import { ORIGIN, signupBody, testConfig } from './test-support/relay.js';

const SECRET = 'serverless-webhook-secret-0123456';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function request(path: string, init: { body?: unknown; key?: string; client?: string } = {}) {
  const headers: Record<string, string> = { origin: ORIGIN, 'x-forwarded-for': init.client ?? '203.0.113.9' };
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['idempotency-key'] = init.key ?? randomUUID();
  }
  return new Request(`https://relay.example.org${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

describe('the serverless entry', () => {
  it('refuses a SQLite file and a missing shared secret, saying what is needed', () => {
    const config = parseConfig(testConfig());
    const hashKey = HashKey.fromBytes(randomBytes(32));
    expect(() => serverlessRelay({ config, databaseUrl: 'relay.db', hashKey, challengeSecret: 's' })).toThrow(ConfigError);
    expect(() =>
      serverlessRelayFromEnv({ TRACT_DATABASE_URL: 'postgres://x@127.0.0.1/x', TRACT_CONFIG_JSON: JSON.stringify(testConfig()) }),
    ).toThrow(/TRACT_HASH_KEY is required/);
  });

  describe.skipIf(!ON_POSTGRES)('on PostgreSQL', () => {
    async function twoInstances(overrides = {}): Promise<{ a: ServerlessRelay; b: ServerlessRelay; database: TestDatabase }> {
      const database = await createPostgresDatabase();
      cleanup.push(() => database.drop());
      const env = {
        TRACT_DATABASE_URL: database.target,
        TRACT_CONFIG_JSON: JSON.stringify(testConfig({ trustProxy: 1, accessLog: false, ...overrides })),
        TRACT_HASH_KEY: randomBytes(32).toString('base64'),
        TRACT_CHALLENGE_SECRET: randomBytes(32).toString('base64url'),
        TRACT_WEBHOOK_SECRET: SECRET,
      };
      const a = serverlessRelayFromEnv(env);
      const b = serverlessRelayFromEnv(env);
      cleanup.push(async () => {
        await a.close();
        await b.close();
      });
      return { a, b, database };
    }

    it('answers requests on any instance alike: retries, challenges and limits are shared', async () => {
      const { a, b } = await twoInstances({ rateLimits: { perIp: 6, perForm: 100_000, windowSeconds: 86_400 } });
      const challenge = await (await a.fetch(request('/v1/challenge'))).json();
      const solution = await solveChallenge({ challenge, deriveKey });
      const bot = { honeypot: '', fillMs: 5000, challenge: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') };
      const key = randomUUID();
      const first = await b.fetch(request('/v1/signups', { body: { ...signupBody('camille@example.fr'), bot }, key }));
      expect(first.status).toBe(202);
      const firstBody = await first.json();
      // The retry reaches the other instance: same answer, nothing stored twice.
      const retry = await a.fetch(request('/v1/signups', { body: { ...signupBody('camille@example.fr'), bot }, key }));
      expect(retry.status).toBe(202);
      expect(await retry.json()).toEqual(firstBody);
      // The spent challenge is spent for every instance.
      const replay = await a.fetch(request('/v1/signups', { body: { ...signupBody('dominique@example.fr'), bot } }));
      expect(replay.status).toBe(403);
      // Six requests per address, whichever instance takes them (the four above counted).
      const more = [];
      for (let n = 0; n < 4; n++) more.push((await (n % 2 ? a : b).fetch(request('/v1/challenge'))).status);
      expect(more).toEqual([200, 200, 429, 429]);
      // Another address has its own allowance.
      expect((await a.fetch(request('/v1/challenge', { client: '198.51.100.20' }))).status).toBe(200);
    });

    it('delivers the outbox from the scheduled job, once, even when two runs overlap', async () => {
      const receiver = await startWebhookReceiver({ secret: SECRET });
      cleanup.push(() => receiver.close());
      const { a, b } = await twoInstances({
        challenge: { enabled: false },
        backend: { type: 'webhook', url: receiver.url, secretEnv: 'TRACT_WEBHOOK_SECRET' },
      });
      const ids: string[] = [];
      for (let n = 0; n < 30; n++) {
        const response = await (n % 2 ? a : b).fetch(
          request('/v1/signups', { body: { ...signupBody(`s-${n}@example.fr`), bot: { fillMs: 5000 } } }),
        );
        expect(response.status).toBe(202);
        ids.push(((await response.json()) as { id: string }).id);
      }
      const [first, second] = await Promise.all([a.scheduled(), b.scheduled()]);
      expect(first.delivered + second.delivered).toBe(30);
      expect(receiver.delivered.map((action) => action.id).sort()).toEqual([...ids].sort());
      expect(receiver.duplicates).toBe(0);
      // Nothing is left for the next run.
      expect((await a.scheduled()).delivered).toBe(0);
    });
  });
});
