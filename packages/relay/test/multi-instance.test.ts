/**
 * Several relays, as real processes, on one PostgreSQL database: what one
 * relay guarantees must hold across all of them. Duplicate submissions sent to
 * different relays at once create one action; a proof of work spent on one
 * relay is spent on all; rate limits count every relay's hits; and a relay
 * killed with SIGKILL in the middle of a 5,000-submission burst through the
 * SDK loses nothing acknowledged, and the survivors' outbox workers deliver
 * every stored action to the webhook receiver once its claims expire.
 *
 * PostgreSQL only (the suite's PostgreSQL run, TRACT_TEST_POSTGRES=1): a
 * SQLite file belongs to one process, so there is nothing to share there.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, relay as relayBackend } from '@tract/sdk';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeWebhookReceiver, startWebhookReceiver } from '../../sdk/test/fakes/webhook-receiver.js';
import type { RelayConfigInput } from '../src/config/schema.js';
import { openDatabase } from '../src/db/open.js';
import type { Database } from '../src/db/schema.js';
import { ON_POSTGRES, type TestDatabase, testDatabase } from '../src/test-support/database.js';
import { post, signupBody, testConfig } from '../src/test-support/relay.js';
import { type RelayProcess, spawnRelayProcess } from './support/spawn-relay.js';

const WEBHOOK_SECRET = 'multi-instance-webhook-secret-0123';
const dir = mkdtempSync(join(tmpdir(), 'tract-multi-'));
const env = {
  TRACT_HASH_KEY: randomBytes(32).toString('base64'),
  TRACT_CHALLENGE_SECRET: randomBytes(32).toString('base64url'),
  TRACT_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

const children: ChildProcess[] = [];
let database: TestDatabase;
let db: Kysely<Database>;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db?.destroy();
  await database?.drop();
});

/** A fresh database, and `count` relay processes on it with `overrides` to the test configuration. */
async function startRelays(count: number, overrides: Partial<RelayConfigInput>): Promise<RelayProcess[]> {
  database = await testDatabase(dir);
  // Migrated once here, so the relays start on a current schema (they would also migrate in turn, under a lock).
  db = await openDatabase(database.target);
  const configPath = join(dir, `${randomUUID()}.json`);
  writeFileSync(configPath, JSON.stringify(testConfig({ accessLog: false, ...overrides })));
  return Promise.all(Array.from({ length: count }, () => spawnRelayProcess(configPath, database.target, env, children)));
}

async function count(table: 'actions' | 'outbox' | 'idempotency_records' | 'spent_challenges'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A solved challenge from `relay`, as the `bot.challenge` payload. */
async function solvedChallenge(relay: { url: string }): Promise<string> {
  const challenge = await (await fetch(`${relay.url}/v1/challenge`)).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe.skipIf(!ON_POSTGRES)('three relays on one PostgreSQL database', () => {
  it('stores one action for a key sent to every relay at once, and answers all three alike', async () => {
    const relays = await startRelays(3, { challenge: { enabled: false }, backend: { type: 'webhook', url: 'http://127.0.0.1:9/hook' } });
    const keys = Array.from({ length: 40 }, () => randomUUID());
    const answers = await Promise.all(
      keys.map((key, n) => Promise.all(relays.map((relay) => post(relay, '/v1/signups', signupBody(`same-${n}@example.fr`), { key })))),
    );
    for (const [n, trio] of answers.entries()) {
      for (const answer of trio) expect(answer).toMatchObject({ status: 202, body: { id: keys[n], status: 'accepted' } });
    }
    expect(await count('actions')).toBe(keys.length);
    expect(await count('idempotency_records')).toBe(keys.length);
    // One delivery each: the losers wrote no outbox row either.
    expect(await count('outbox')).toBe(keys.length);

    // A different request under a key another relay is storing: one wins, the other is a conflict.
    const contested = Array.from({ length: 20 }, () => randomUUID());
    const pairs = await Promise.all(
      contested.map((key, n) =>
        Promise.all([
          post(relays[1]!, '/v1/signups', signupBody(`first-${n}@example.fr`), { key }),
          post(relays[2]!, '/v1/signups', signupBody(`second-${n}@example.fr`), { key }),
        ]),
      ),
    );
    for (const pair of pairs) expect(pair.map((answer) => answer.status).sort()).toEqual([202, 409]);
    expect(await count('actions')).toBe(keys.length + contested.length);
  });

  it('refuses a proof of work spent on another relay, even when both are sent at once', async () => {
    const relays = await startRelays(3, {});
    const payload = await solvedChallenge(relays[0]!);
    expect((await post(relays[0]!, '/v1/signups', signupBody('pow-a@example.fr'), { bot: { challenge: payload } })).status).toBe(202);
    const replay = await post(relays[1]!, '/v1/signups', signupBody('pow-b@example.fr'), { bot: { challenge: payload } });
    expect(replay).toMatchObject({ status: 403, body: { error: { code: 'challenge_failed' } } });

    for (let round = 0; round < 10; round++) {
      const shared = await solvedChallenge(relays[round % 3]!);
      const answers = await Promise.all(
        [relays[1]!, relays[2]!].map((relay, n) =>
          post(relay, '/v1/signups', signupBody(`race-${round}-${n}@example.fr`), { bot: { challenge: shared } }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([202, 403]);
    }
    expect(await count('actions')).toBe(11);
    expect(await count('spent_challenges')).toBe(11);
  });

  it('counts the per-address and per-form limits across relays', async () => {
    const relays = await startRelays(3, {
      challenge: { enabled: false },
      // A day-long window, so no window ends during the test.
      rateLimits: { perIp: 45, perForm: 1_000_000, windowSeconds: 86_400 },
    });
    const statuses = await Promise.all(
      Array.from({ length: 120 }, (_, n) => post(relays[n % 3]!, '/v1/signups', signupBody(`ip-${n}@example.fr`)).then((a) => a.status)),
    );
    const accepted = statuses.filter((status) => status === 202).length;
    // Within 10 % of the limit (the counters are exact: every relay's hits are added in the database).
    expect(accepted).toBeGreaterThanOrEqual(45 * 0.9);
    expect(accepted).toBeLessThanOrEqual(45 * 1.1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(120 - accepted);

    await db.destroy();
    await database.drop();
    for (const child of children.splice(0)) child.kill('SIGKILL');
    const formRelays = await startRelays(3, {
      challenge: { enabled: false },
      rateLimits: { perIp: 1_000_000, perForm: 60, windowSeconds: 86_400 },
    });
    const formStatuses = await Promise.all(
      Array.from({ length: 150 }, (_, n) =>
        post(formRelays[n % 3]!, '/v1/signups', signupBody(`form-${n}@example.fr`)).then((a) => a.status),
      ),
    );
    const formAccepted = formStatuses.filter((status) => status === 202).length;
    expect(formAccepted).toBeGreaterThanOrEqual(60 * 0.9);
    expect(formAccepted).toBeLessThanOrEqual(60 * 1.1);
    expect(await count('actions')).toBe(formAccepted);
  });

  it('never overbooks an event from RSVPs sent to every relay at once', async () => {
    const relays = await startRelays(3, { challenge: { enabled: false } });
    // "meeting-lyon" has three seats.
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, n) =>
        post(relays[n % 3]!, '/v1/events/meeting-lyon/rsvps', { ...signupBody(`rsvp-${n}@example.fr`), guests: 0 }),
      ),
    );
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(answers.filter((answer) => answer.body.status === 'accepted')).toHaveLength(3);
    expect(answers.filter((answer) => answer.body.status === 'waitlisted')).toHaveLength(12);
  });

  describe('SIGKILL during a burst', () => {
    let receiver: FakeWebhookReceiver;
    beforeAll(async () => {
      receiver = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
    });
    afterAll(async () => {
      await receiver.close();
    });

    it('keeps every acknowledged submission exactly once and delivers every stored action once', async () => {
      const TOTAL = 5000;
      const KILL_AFTER = 1500;
      const relays = await startRelays(3, {
        challenge: { enabled: false },
        rateLimits: { perIp: 1_000_000, perForm: 1_000_000, windowSeconds: 60 },
        backend: { type: 'webhook', url: receiver.url, secretEnv: 'TRACT_WEBHOOK_SECRET' },
      });
      // A load balancer: each request goes to the next relay still up; one that refuses connections leaves the rotation.
      const live = relays.map((relay) => relay.url);
      let turn = 0;
      const balancer: typeof fetch = async (input, init) => {
        const target = live[turn++ % live.length]!;
        const url = new URL(String(input));
        try {
          return await fetch(`${target}${url.pathname}${url.search}`, init);
        } catch (error) {
          const down = relays.find((relay) => relay.url === target && relay.child.signalCode !== null);
          if (down && live.includes(target)) live.splice(live.indexOf(target), 1);
          throw error;
        }
      };
      const client = createClient({
        backend: relayBackend({ url: 'http://relays.test' }),
        fetch: balancer,
        queue: false,
        retry: { attempts: 8, baseDelayMs: 50, maxDelayMs: 1000 },
        actions: ['signup'],
      });
      const acknowledged = new Set<string>();
      const failed: unknown[] = [];
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (next < TOTAL) {
          const n = next++;
          const id = randomUUID();
          try {
            const result = await client.signup(
              { person: { email: `burst-${n}@example.fr`, givenName: 'Camille' }, consent: [] },
              { id, bot: { honeypot: '', fillMs: 5000 } },
            );
            if (result.status === 'sent') acknowledged.add(id);
          } catch (error) {
            failed.push(error);
          }
          if (!killed && acknowledged.size >= KILL_AFTER) {
            killed = true;
            relays[0]!.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 48 }, worker));
      expect(killed).toBe(true);
      expect(failed).toEqual([]);
      expect(acknowledged.size).toBe(TOTAL);

      // Every acknowledged submission is stored, once (the id is the primary key), and nothing else is.
      const stored = new Set((await db.selectFrom('actions').select('id').execute()).map((row) => row.id));
      expect(stored.size).toBe(TOTAL);
      for (const id of acknowledged) expect(stored.has(id)).toBe(true);

      // The survivors deliver everything, the killed relay's claims included once their lease runs out.
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        const open = await db.selectFrom('outbox').select('id').where('status', '!=', 'delivered').limit(1).execute();
        if (open.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const outbox = await db.selectFrom('outbox').select(['action_id', 'status', 'attempts']).execute();
      expect(outbox).toHaveLength(TOTAL);
      expect(outbox.filter((row) => row.status !== 'delivered')).toEqual([]);
      const delivered = new Set(receiver.delivered.map((action) => action.id));
      expect(delivered.size).toBe(TOTAL);
      for (const id of stored) expect(delivered.has(id)).toBe(true);
      // A request arrives twice only when the killed relay had sent it and died before recording it:
      // such a row was claimed again (attempts > 1), and the receiver recognises it by its Tract-Delivery id.
      const reclaimed = outbox.filter((row) => row.attempts > 1).length;
      expect(receiver.duplicates).toBeLessThanOrEqual(reclaimed);
    }, 300_000);
  });
});
