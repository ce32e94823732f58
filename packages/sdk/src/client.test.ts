import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { petitionInput, rsvpInput, signupInput } from '../test/fixtures.js';
import { accept, type ScriptedRelay, startScriptedRelay } from '../test/scripted-relay.js';
import { relay } from './backends/relay.js';
import { type ClientEventName, type ClientEvents, type ClientOptions, createClient, memoryQueue, type TractClient } from './client.js';
import { TractError, TractNetworkError, TractRejectedError, TractValidationError } from './errors.js';

let server: ScriptedRelay;
let client: TractClient | undefined;
const FAST = { attempts: 3, baseDelayMs: 5, maxDelayMs: 50 };

function record(target: TractClient) {
  const seen: { [E in ClientEventName]: ClientEvents[E][] } = { queued: [], sent: [], retrying: [], failed: [], expired: [] };
  for (const name of Object.keys(seen) as ClientEventName[]) target.on(name, (payload) => (seen[name] as unknown[]).push(payload));
  return seen;
}

function makeClient(options: Partial<ClientOptions> = {}): TractClient {
  client = createClient({ backend: relay({ url: server.url }), queue: false, retry: FAST, ...options });
  return client;
}

beforeEach(async () => {
  server = await startScriptedRelay();
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
});

describe('createClient: delivery and retries', () => {
  it('retries a 429 after its Retry-After, then a 503, and sends the same Idempotency-Key every time', async () => {
    const c = makeClient({ retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 5_000 } });
    const events = record(c);
    server.script(
      { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'rate_limited', message: 'Slow down.' } } },
      { status: 503 },
    );
    const started = Date.now();
    const result = await c.signup(signupInput());

    expect(result.status).toBe('sent');
    expect(server.requests).toHaveLength(3);
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys)).toEqual(new Set([result.id]));
    expect(result.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const receipt = { id: result.id, status: 'accepted' };
    expect(result).toEqual({ status: 'sent', id: result.id, receipt });
    expect(events.retrying.map((e) => [e.attempt, e.error.status])).toEqual([
      [1, 429],
      [2, 503],
    ]);
    expect(events.retrying[0]?.delayMs).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(events.sent).toEqual([{ id: result.id, kind: 'signup', receipt, replayed: false }]);
  });

  it('never retries a 400 and throws TractRejectedError with the relay issues', async () => {
    const c = makeClient();
    const events = record(c);
    const issue = { path: 'person.email', code: 'invalid_email', message: 'Entrez une adresse valide.' };
    server.script({ status: 400, body: { error: { code: 'invalid_input', message: 'Champs non valides.', issues: [issue] } } });

    const error = await c.signup(signupInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractRejectedError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', issues: [issue] });
    expect(server.requests).toHaveLength(1);
    expect(events.retrying).toHaveLength(0);
    expect(events.failed).toHaveLength(1);
  });

  it('validates before sending: TractValidationError with codes and messages in the client locale', async () => {
    const c = makeClient({ locale: 'fr' });
    const error = await c.signup({ person: { email: 'not-an-email' }, consent: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractValidationError);
    expect((error as TractValidationError).issues).toEqual([
      { path: 'person.email', code: 'invalid_email', message: expect.stringMatching(/adresse/i) },
    ]);
    expect((error as TractValidationError).message).toMatch(/^Le formulaire/);
    expect(server.requests).toHaveLength(0);
  });

  it('throws TractNetworkError after every attempt failed when there is no queue', async () => {
    const c = makeClient();
    const events = record(c);
    server.fallback = () => 'drop';
    const error = await c.rsvp(rsvpInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractNetworkError);
    expect(server.requests).toHaveLength(FAST.attempts);
    expect(events.retrying).toHaveLength(FAST.attempts - 1);
    expect(events.failed.map((e) => e.error)).toEqual([error]);
  });

  it('sends the body with the data the schema normalised', async () => {
    const c = makeClient();
    await c.signPetition({ ...petitionInput(), person: { email: ' Lea@EXAMPLE.FR ', givenName: 'Le\u0301a\u200B' } });
    expect(server.requests[0]?.body).toMatchObject({ person: { email: 'Lea@example.fr', givenName: 'Léa' }, isPublic: false });
  });

  it('stops waiting and queues nothing when the caller aborts', async () => {
    const c = makeClient({ queue: memoryQueue(), retry: { attempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 } });
    server.fallback = () => ({ status: 503, headers: { 'retry-after': '5' } });
    const controller = new AbortController();
    c.on('retrying', () => controller.abort(new Error('cancelled by the test')));
    await expect(c.signup(signupInput(), { signal: controller.signal })).rejects.toThrow('cancelled by the test');
    expect(await c.pending()).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('reuses a caller-kept id as the Idempotency-Key, and refuses one that is not a UUID', async () => {
    const c = makeClient();
    const id = crypto.randomUUID();
    expect((await c.signup(signupInput(), { id })).id).toBe(id);
    expect((await c.signup(signupInput(), { id })).id).toBe(id);
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([id, id]);
    const error = await c.signup(signupInput(), { id: 'contact-42' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractValidationError);
    expect((error as TractValidationError).issues.map((i) => [i.path, i.code])).toEqual([['id', 'invalid_id']]);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses to submit once closed', async () => {
    const c = makeClient();
    await c.close();
    await expect(c.signup(signupInput())).rejects.toSatisfy((e: unknown) => e instanceof TractError && e.code === 'client_closed');
  });
});

describe('createClient: the in-memory offline queue', () => {
  it('queues a submission the network refused, then replays it with the same key on flush()', async () => {
    const c = makeClient({ queue: memoryQueue() });
    const events = record(c);
    server.fallback = () => 'drop';
    const result = await c.signup(signupInput());
    expect(result.status).toBe('queued');
    expect(await c.pending()).toBe(1);
    expect(events.queued.map((e) => e.id)).toEqual([result.id]);

    server.fallback = accept;
    const flushed = await c.flush();
    expect(flushed).toEqual({ sent: 1, failed: 0, expired: 0, pending: 0 });
    expect(await c.pending()).toBe(0);
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([result.id]));
    expect(events.sent).toEqual([{ id: result.id, kind: 'signup', receipt: { id: result.id, status: 'accepted' }, replayed: true }]);
    expect(await c.flush()).toEqual({ sent: 0, failed: 0, expired: 0, pending: 0 });
  });

  it('replays oldest first, and keeps later entries queued once the network fails again', async () => {
    const c = makeClient({ queue: memoryQueue(), retry: { attempts: 1 } });
    server.fallback = () => 'drop';
    const ids: string[] = [];
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) ids.push((await c.signup(signupInput(email))).id);
    server.requests.length = 0;

    server.script(accept, 'drop');
    expect(await c.flush()).toEqual({ sent: 1, failed: 0, expired: 0, pending: 2 });
    server.fallback = accept;
    expect(await c.flush()).toEqual({ sent: 2, failed: 0, expired: 0, pending: 0 });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([ids[0], ids[1], ids[1], ids[2]]);
  });

  it('two concurrent flushes send each queued id once', async () => {
    const c = makeClient({ queue: memoryQueue(), retry: { attempts: 1 } });
    server.fallback = () => 'drop';
    await c.signup(signupInput('a@example.org'));
    await c.signup(signupInput('b@example.org'));
    server.requests.length = 0;
    server.fallback = accept;
    const [first, second] = await Promise.all([c.flush(), c.flush()]);
    expect(first.sent + second.sent).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('drops an expired entry unsent and reports it', async () => {
    const c = makeClient({ queue: memoryQueue(), queueExpiryMs: 1, retry: { attempts: 1 } });
    const events = record(c);
    server.fallback = () => 'drop';
    const { id } = await c.signup(signupInput());
    server.requests.length = 0;
    server.fallback = accept;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await c.flush()).toEqual({ sent: 0, failed: 0, expired: 1, pending: 0 });
    expect(server.requests).toHaveLength(0);
    expect(events.expired.map((e) => e.id)).toEqual([id]);
  });

  it('removes an entry the backend refuses on replay and reports it as failed', async () => {
    const c = makeClient({ queue: memoryQueue(), retry: { attempts: 1 } });
    const events = record(c);
    server.fallback = () => 'drop';
    const { id } = await c.signup(signupInput());
    server.fallback = () => ({ status: 409, body: { error: { code: 'idempotency_conflict', message: 'Key reused.' } } });
    expect(await c.flush()).toEqual({ sent: 0, failed: 1, expired: 0, pending: 0 });
    expect(events.failed.map((e) => [e.id, e.error.code, e.replayed])).toEqual([[id, 'idempotency_conflict', true]]);
  });

  it('queues at once, without waiting, when the relay asks for a Retry-After longer than the policy allows', async () => {
    const c = makeClient({ queue: memoryQueue(), retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 2_000 } });
    server.fallback = () => ({ status: 503, headers: { 'retry-after': '3600' } });
    const result = await c.signup(signupInput());
    expect(result.status).toBe('queued');
    expect(server.requests).toHaveLength(1);
  });

  it('fails with TractNetworkError, storage error as cause, when the queue cannot keep the submission', async () => {
    const full = memoryQueue();
    const storageError = new Error('QuotaExceededError');
    full.add = async () => {
      throw storageError;
    };
    const c = makeClient({ queue: full, retry: { attempts: 1 } });
    const events = record(c);
    server.fallback = () => 'drop';
    const error = await c.signup(signupInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractNetworkError);
    expect((error as Error).cause).toBe(storageError);
    expect(events.failed.map((e) => e.error)).toEqual([error]);
    expect(events.queued).toHaveLength(0);
  });

  it('keeps only what a replay needs: no spent challenge', async () => {
    const queue = memoryQueue();
    const c = makeClient({ queue, retry: { attempts: 1 } });
    server.fallback = () => 'drop';
    const result = await c.signup(signupInput(), { bot: { challenge: 'c3BlbnQ=', honeypot: '', fillMs: 4200 } });
    const [entry] = await queue.entries();
    expect(Object.keys(entry ?? {}).sort()).toEqual(['action', 'bot', 'expiresAt', 'queuedAt']);
    expect(entry?.bot).toEqual({ honeypot: '', fillMs: 4200 });
    expect(entry?.action).toMatchObject({ id: result.id, kind: 'signup' });
    expect(entry && entry.expiresAt - entry.queuedAt).toBe(24 * 60 * 60 * 1000);
  });
});
