/// <reference types="mocha" />
/**
 * The offline queue in real Chromium: IndexedDB, the `online` event, a page
 * "reload" (a new client on the same database), Web Locks between two
 * clients, against the stand-in relay of test/relay-double.mjs.
 */
import { expect } from '@open-wc/testing';
import { signupInput } from '../../test/fixtures.js';
import { relay } from '../backends/relay.js';
import { type ClientEventName, type ClientEvents, createClient, indexedDbQueue, type TractClient } from '../client.js';

interface Delivery {
  key: string;
  path: string;
  body: { person: { email: string } };
}

let online = true;
Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => online });

function goOffline(): void {
  online = false;
  window.dispatchEvent(new Event('offline'));
}

function goOnline(): void {
  online = true;
  window.dispatchEvent(new Event('online'));
}

/** A fresh stand-in relay and database per test. */
function setUp() {
  const namespace = crypto.randomUUID();
  const base = `/relay/${namespace}`;
  const control = (settings: { down?: boolean; delayMs?: number }) =>
    fetch(`${base}/__control`, { method: 'POST', body: JSON.stringify(settings) }).then(() => undefined);
  const deliveries = (): Promise<Delivery[]> => fetch(`${base}/__deliveries`).then((r) => r.json());
  const open = (options: { queueExpiryMs?: number } = {}): TractClient =>
    createClient({
      backend: relay({ url: `${location.origin}${base}` }),
      queue: indexedDbQueue({ name: `tract-test-${namespace}` }),
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
      ...options,
    });
  return { control, deliveries, open };
}

function collect<E extends ClientEventName>(client: TractClient, event: E, count: number): Promise<ClientEvents[E][]> {
  const seen: ClientEvents[E][] = [];
  return new Promise((resolve) => {
    client.on(event, (payload) => {
      seen.push(payload);
      if (seen.length === count) resolve(seen);
    });
  });
}

const clients: TractClient[] = [];
function track(client: TractClient): TractClient {
  clients.push(client);
  return client;
}

afterEach(async () => {
  online = true;
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('offline queue in Chromium (IndexedDB)', () => {
  it('offline: three submissions are queued, survive a reload, and are delivered exactly once, in order, when back online', async () => {
    const relayDouble = setUp();
    goOffline();
    const firstPage = relayDouble.open();
    const ids: string[] = [];
    for (const email of ['un@example.fr', 'deux@example.fr', 'trois@example.fr']) {
      const result = await firstPage.signup(signupInput(email));
      expect(result.status).to.equal('queued');
      ids.push(result.id);
    }
    expect(await firstPage.pending()).to.equal(3);
    await firstPage.close();

    const secondPage = track(relayDouble.open());
    expect(await secondPage.pending()).to.equal(3);
    const sent = collect(secondPage, 'sent', 3);
    goOnline();
    expect((await sent).map((event) => [event.id, event.replayed])).to.deep.equal(ids.map((id) => [id, true]));

    const delivered = await relayDouble.deliveries();
    expect(delivered.map((d) => d.key)).to.deep.equal(ids);
    expect(delivered.map((d) => d.body.person.email)).to.deep.equal(['un@example.fr', 'deux@example.fr', 'trois@example.fr']);
    expect(delivered.every((d) => d.path === '/v1/signups')).to.equal(true);
    expect(await secondPage.pending()).to.equal(0);
    await secondPage.flush();
    expect(await relayDouble.deliveries()).to.have.length(3);
  });

  it('an unreachable relay queues the submission; the next page load delivers it', async () => {
    const relayDouble = setUp();
    await relayDouble.control({ down: true });
    const firstPage = relayDouble.open();
    const queued = await firstPage.signup(signupInput());
    expect(queued.status).to.equal('queued');
    await firstPage.close();

    await relayDouble.control({ down: false });
    const secondPage = track(relayDouble.open());
    const [sent] = await collect(secondPage, 'sent', 1);
    expect(sent?.id).to.equal(queued.id);
    expect((await relayDouble.deliveries()).map((d) => d.key)).to.deep.equal([queued.id]);
  });

  it('an expired entry is dropped and reported, never sent', async () => {
    const relayDouble = setUp();
    goOffline();
    const client = track(relayDouble.open({ queueExpiryMs: 50 }));
    const { id } = await client.signup(signupInput());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const expired = collect(client, 'expired', 1);
    goOnline();
    expect((await expired).map((event) => event.id)).to.deep.equal([id]);
    expect(await client.pending()).to.equal(0);
    expect(await relayDouble.deliveries()).to.deep.equal([]);
  });

  it('concurrent replays from two clients on one database (two tabs) send each id once', async () => {
    const relayDouble = setUp();
    goOffline();
    const tabA = track(relayDouble.open());
    const ids: string[] = [];
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) ids.push((await tabA.signup(signupInput(email))).id);
    await relayDouble.control({ delayMs: 40 });
    const sentIds: string[] = [];
    tabA.on('sent', (event) => sentIds.push(event.id));
    // tabB's own start-up replay races the four explicit flushes below.
    const tabB = track(relayDouble.open());
    tabB.on('sent', (event) => sentIds.push(event.id));
    online = true;

    const results = await Promise.all([tabA.flush(), tabB.flush(), tabA.flush(), tabB.flush()]);
    await tabB.flush();
    expect(results.every((r) => r.pending === 0)).to.equal(true);
    expect(sentIds.sort()).to.deep.equal([...ids].sort());
    expect((await relayDouble.deliveries()).map((d) => d.key)).to.deep.equal(ids);
  });
  it('lets another tab delete the queue database while a client holds it open', async () => {
    const name = `tract-test-${crypto.randomUUID()}`;
    const client = track(createClient({ backend: relay({ url: location.origin }), queue: indexedDbQueue({ name }) }));
    goOffline();
    await client.signup(signupInput());
    expect(await client.pending()).to.equal(1);
    const deleted = await new Promise<string>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve('deleted');
      setTimeout(() => resolve('still blocked'), 2000);
    });
    expect(deleted).to.equal('deleted');
    expect(await client.pending()).to.equal(0);
  });
});

describe('secrets in the browser', () => {
  it('relay() with a token refuses to run in a page unless dangerouslyAllowBrowser is set', () => {
    expect(() => relay({ url: location.origin, token: 'organizer-secret' })).to.throw(/secret/);
    expect(relay({ url: location.origin, token: 'organizer-secret', dangerouslyAllowBrowser: true }).name).to.equal('relay');
    expect(relay({ url: location.origin }).name).to.equal('relay');
  });
});
