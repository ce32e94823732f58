import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionKind, TractError } from '@tract/sdk';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleAction } from '../../../sdk/test/fakes/sample-actions.js';
import { type FakeWebhookReceiver, startWebhookReceiver } from '../../../sdk/test/fakes/webhook-receiver.js';
import { ConfigError } from '../config/load.js';
import { HashKey } from '../db/hash-key.js';
import { openDatabase } from '../db/open.js';
import type { Database } from '../db/schema.js';
import { suppressEmail } from '../db/suppression.js';
import { type TestDatabase, testDatabase } from '../test-support/database.js';
import { backendFromConfig, type DeliveryPolicy, deliveryPolicyFromConfig } from './backend-from-config.js';
import { OutboxWorker } from './outbox-worker.js';
import { storeForForwarding } from './test-support/outbox.js';

const SECRET = 'forwarding-test-secret-0123456789abcdef';
const hashKey = HashKey.fromBytes(randomBytes(32));
const KINDS: ActionKind[] = ['signup', 'petition_signature', 'rsvp', 'donation', 'contact'];

let dir: string;
let db: Kysely<Database>;
let database: TestDatabase;
let receiver: FakeWebhookReceiver;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tract-forwarding-'));
  database = await testDatabase(dir);
  db = await openDatabase(database.target);
  receiver = await startWebhookReceiver({ secret: SECRET });
});

afterEach(async () => {
  await receiver.close();
  await db.destroy();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

function worker(policy: Partial<DeliveryPolicy> = {}, extra: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {}): OutboxWorker {
  const backend = backendFromConfig({ type: 'webhook', url: receiver.url, secretEnv: 'HOOK_SECRET' }, { HOOK_SECRET: SECRET });
  return new OutboxWorker({
    db,
    backend,
    backendType: 'webhook',
    policy: { maxAttempts: 5, rate: undefined, ...policy },
    baseDelayMs: 5,
    maxDelayMs: 20,
    ...extra,
  });
}

/** Runs rounds until nothing is pending or failed, or the deadline passes. */
async function drain(outbox: OutboxWorker, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    await outbox.runOnce();
    const open = await db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'failed', 'delivering']).execute();
    if (open.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('outbox did not drain in time');
}

const rows = () => db.selectFrom('outbox').selectAll().orderBy('created_at').execute();

describe('OutboxWorker', () => {
  it('delivers every action exactly once through failures and rate limiting', async () => {
    const actions = KINDS.map((kind) => sampleAction(kind));
    for (const action of actions) await storeForForwarding(db, hashKey, action, 'webhook');
    receiver.failNext({ status: 503 }, { status: 429 }, { status: 500 }, { status: 408 });
    await drain(worker());
    expect(receiver.delivered.map((a) => a.id).sort()).toEqual(actions.map((a) => a.id).sort());
    expect(receiver.duplicates).toBe(0);
    for (const action of actions) expect(receiver.delivered.find((a) => a.id === action.id)).toEqual(action);
    const outbox = await rows();
    expect(outbox.every((row) => row.status === 'delivered' && row.delivered_at !== null && row.last_error === null)).toBe(true);
    expect(outbox.reduce((sum, row) => sum + row.attempts, 0)).toBe(actions.length + 4);
  });

  it('waits at least as long as Retry-After before trying again', async () => {
    const action = sampleAction('signup');
    await storeForForwarding(db, hashKey, action, 'webhook');
    receiver.failNext({ status: 429, retryAfter: 1 });
    const outbox = worker();
    await outbox.runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error: 'rate_limited 429' });
    // Measured from the refused request itself, not from now: a busy machine must not make it look shorter.
    expect(Date.parse(row?.next_attempt_at ?? '') - (receiver.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(await outbox.runOnce()).toBe(0);
    await drain(outbox);
    const requests = receiver.requests.map((r) => r.at);
    expect((requests[1] ?? 0) - (requests[0] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(receiver.delivered).toHaveLength(1);
  });

  it('moves a delivery to dead letters after the configured attempts', async () => {
    await storeForForwarding(db, hashKey, sampleAction('signup'), 'webhook');
    receiver.failNext(...Array.from({ length: 10 }, () => ({ status: 502 })));
    await drain(worker({ maxAttempts: 3 }));
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'dead', attempts: 3, last_error: 'unavailable 502' });
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.delivered).toHaveLength(0);
  });

  it('parks a permanent refusal at once, naming the setting without any secret', async () => {
    await storeForForwarding(db, hashKey, sampleAction('signup'), 'webhook');
    const backend = backendFromConfig(
      { type: 'webhook', url: receiver.url, secretEnv: 'HOOK_SECRET' },
      { HOOK_SECRET: 'not-the-receivers-secret' },
    );
    const outbox = new OutboxWorker({ db, backend, backendType: 'webhook', policy: { maxAttempts: 5, rate: undefined } });
    await drain(outbox);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'dead', attempts: 1, last_error: 'unauthorized 401 setting=secret' });
  });

  it('never forwards a suppressed person, even when already queued', async () => {
    const suppressed = sampleAction('petition_signature', { person: { email: 'opted.out@example.org' } });
    const kept = sampleAction('petition_signature', { person: { email: 'still.in@example.org' } });
    await storeForForwarding(db, hashKey, suppressed, 'webhook');
    await storeForForwarding(db, hashKey, kept, 'webhook');
    await suppressEmail(db, hashKey, 'Opted.Out@example.org', 'unsubscribed', new Date());
    const events: string[] = [];
    await drain(worker({}, { onEvent: (event) => events.push(`${event.actionId}:${event.outcome}`) }));
    expect(receiver.delivered.map((a) => a.id)).toEqual([kept.id]);
    expect(receiver.requests.some((r) => r.body.includes('opted.out'))).toBe(false);
    const byAction = new Map((await rows()).map((row) => [row.action_id, row]));
    expect(byAction.get(suppressed.id)).toMatchObject({ status: 'dead', last_error: 'suppressed' });
    expect(events).toContain(`${suppressed.id}:suppressed`);
  });

  it('reclaims a delivery left in flight by a crash once its lease has run out, and not before', async () => {
    const crashed = sampleAction('donation');
    const inFlight = sampleAction('rsvp');
    const crashedRow = await storeForForwarding(db, hashKey, crashed, 'webhook');
    const inFlightRow = await storeForForwarding(db, hashKey, inFlight, 'webhook');
    const past = new Date(Date.now() - 1000).toISOString();
    const future = new Date(Date.now() + 60_000).toISOString();
    await db.updateTable('outbox').set({ status: 'delivering', attempts: 1, next_attempt_at: past }).where('id', '=', crashedRow).execute();
    await db
      .updateTable('outbox')
      .set({ status: 'delivering', attempts: 1, next_attempt_at: future })
      .where('id', '=', inFlightRow)
      .execute();
    await worker().runOnce();
    expect(receiver.delivered.map((a) => a.id)).toEqual([crashed.id]);
    const byId = new Map((await rows()).map((row) => [row.id, row]));
    expect(byId.get(crashedRow)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(byId.get(inFlightRow)).toMatchObject({ status: 'delivering', attempts: 1 });
  });

  it('two workers on one database never deliver the same row twice', async () => {
    const actions = Array.from({ length: 12 }, () => sampleAction('signup'));
    for (const action of actions) await storeForForwarding(db, hashKey, action, 'webhook');
    const first = worker();
    const second = worker();
    await Promise.all([first.runOnce(), second.runOnce()]);
    expect(receiver.requests).toHaveLength(12);
    expect(receiver.duplicates).toBe(0);
  });

  it('never starts more deliveries than the rate allows in any window', async () => {
    const actions = Array.from({ length: 9 }, () => sampleAction('signup'));
    for (const action of actions) await storeForForwarding(db, hashKey, action, 'webhook');
    // Observe when each delivery starts (what the limiter governs); arrival times also carry the machine's scheduling jitter.
    const webhookBackend = backendFromConfig({ type: 'webhook', url: receiver.url, secretEnv: 'HOOK_SECRET' }, { HOOK_SECRET: SECRET });
    const starts: number[] = [];
    const observed = {
      name: 'webhook',
      send: (...args: Parameters<typeof webhookBackend.send>) => {
        starts.push(Date.now());
        return webhookBackend.send(...args);
      },
    };
    await drain(
      new OutboxWorker({ db, backend: observed, backendType: 'webhook', policy: { maxAttempts: 5, rate: { limit: 3, windowMs: 300 } } }),
    );
    expect(starts).toHaveLength(9);
    for (const start of starts) expect(starts.filter((t) => t >= start && t < start + 300).length).toBeLessThanOrEqual(3);
    expect((starts[8] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(600);
    expect(receiver.delivered).toHaveLength(9);
  });

  it('runs in the background once started, and wakes on demand', async () => {
    const outbox = worker({}, { pollMs: 60_000 });
    outbox.start();
    try {
      const action = sampleAction('signup');
      await storeForForwarding(db, hashKey, action, 'webhook');
      outbox.wake();
      const until = Date.now() + 5000;
      while (receiver.delivered.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(receiver.delivered.map((a) => a.id)).toEqual([action.id]);
    } finally {
      await outbox.stop();
    }
  });

  it('records an unexpected failure on the row instead of leaving it in flight', async () => {
    const action = sampleAction('signup');
    await storeForForwarding(db, hashKey, action, 'webhook');
    await db.updateTable('actions').set({ data: '{not json' }).where('id', '=', action.id).execute();
    await worker({ maxAttempts: 1 }).runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'dead', attempts: 1, last_error: 'unexpected_error' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('ignores rows queued for another backend', async () => {
    await storeForForwarding(db, hashKey, sampleAction('signup'), 'nationbuilder');
    expect(await worker().runOnce()).toBe(0);
  });
});

describe('backend configuration', () => {
  it('reads secrets only from the named environment variable, and says which one is missing', () => {
    expect(() => backendFromConfig({ type: 'nationbuilder', nation: 'demo', tokenEnv: 'NB_TOKEN' }, {})).toThrow(ConfigError);
    expect(() => backendFromConfig({ type: 'nationbuilder', nation: 'demo', tokenEnv: 'NB_TOKEN' }, {})).toThrow(/NB_TOKEN/);
    expect(() => backendFromConfig({ type: 'webhook', url: 'https://hooks.example/x', secretEnv: 'HOOK' }, { HOOK: '' })).toThrow(
      /HOOK is empty or not set/,
    );
  });

  it('builds each backend type with its name', () => {
    const env = { NB_TOKEN: 'nb-token', AN_KEY: 'an-key' };
    expect(backendFromConfig({ type: 'webhook', url: 'https://hooks.example/x' }, env).name).toBe('webhook');
    expect(backendFromConfig({ type: 'actionnetwork', apiKeyEnv: 'AN_KEY' }, env).name).toBe('actionnetwork');
    expect(backendFromConfig({ type: 'nationbuilder', nation: 'demo', tokenEnv: 'NB_TOKEN' }, env).name).toBe('nationbuilder');
  });

  it('limits NationBuilder to 250 deliveries per 10 s unless configured otherwise', () => {
    expect(deliveryPolicyFromConfig({ type: 'nationbuilder', nation: 'demo', tokenEnv: 'NB_TOKEN' })).toEqual({
      maxAttempts: 10,
      rate: { limit: 250, windowMs: 10_000 },
    });
    expect(deliveryPolicyFromConfig({ type: 'webhook', url: 'https://hooks.example/x' }).rate).toBeUndefined();
    expect(
      deliveryPolicyFromConfig({
        type: 'webhook',
        url: 'https://hooks.example/x',
        delivery: { maxAttempts: 3, ratePerWindow: 5, rateWindowSeconds: 2 },
      }),
    ).toEqual({
      maxAttempts: 3,
      rate: { limit: 5, windowMs: 2000 },
    });
  });

  it('keeps TractError as the refusal type for bad webhook URLs', () => {
    expect(() => backendFromConfig({ type: 'webhook', url: 'https://user:pw@hooks.example/x' })).toThrow(TractError);
  });
});
