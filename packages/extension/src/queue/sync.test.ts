/**
 * Syncing against a real relay (port 0, SQLite in a temp dir) through the
 * SDK's relay backend: acknowledged contacts leave the queue, failures stay
 * with a backoff, refusals wait for the organizer.
 */
import 'fake-indexeddb/auto';
import type { Contact } from '@tract/sdk/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startTestRelay, type TestRelay } from '../../test/relay.js';
import { relaySender } from '../relay-client.js';
import { DEFAULT_SETTINGS } from '../settings.js';
import { ContactQueue } from './contact-queue.js';
import { generateQueueKey } from './crypto.js';
import { SYNC_BACKOFF, syncQueue } from './sync.js';

const contact: Contact = {
  network: 'bluesky',
  handle: 'camille.bsky.social',
  displayName: 'Camille Martin',
  profileUrl: 'https://bsky.app/profile/camille.bsky.social',
  interaction: 'replied',
  lawfulBasis: 'legitimate_interest',
  informed: false,
  sourcePageUrl: 'https://bsky.app/profile/camille.bsky.social/post/3k',
  capturedAt: '2026-11-29T04:00:00.000Z',
  revealsPoliticalOpinion: true,
};

let relay: TestRelay;
let organizerToken: string;
let queue: ContactQueue;

beforeAll(async () => {
  relay = await startTestRelay();
  organizerToken = relay.organizerToken;
});

afterAll(async () => {
  await relay.stop();
});

beforeEach(async () => {
  fakeBrowser.reset();
  queue = await ContactQueue.open(await generateQueueKey(), `sync-test-${crypto.randomUUID()}`);
});

afterEach(() => {
  queue.close();
});

const sender = (token = organizerToken, url = relay.url) =>
  relaySender({ ...DEFAULT_SETTINGS, relayUrl: url, organizerToken: token }, 'en');

async function storedContact(id: string) {
  return relay.db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirst();
}

describe('syncQueue', () => {
  it('sends a contact, finds it in the relay, and deletes it locally once acknowledged', async () => {
    const id = await queue.enqueue(contact);
    const report = await syncQueue(queue, sender());

    expect(report.failed).toEqual([]);
    expect(report.sent).toHaveLength(1);
    expect(report.sent[0]?.id).toBe(id);
    expect(Date.parse(report.sent[0]?.retainUntil ?? '')).toBeGreaterThan(Date.now());
    expect(await queue.rawRecords()).toEqual([]);

    const row = await storedContact(id);
    expect(row?.kind).toBe('contact');
    expect(JSON.parse(row?.data ?? '{}')).toMatchObject({ handle: 'camille.bsky.social', sourcePageUrl: contact.sourcePageUrl });
  });

  it('keeps a contact the relay could not be reached for, and retries it only once the backoff is over', async () => {
    const id = await queue.enqueue(contact);
    const now = Date.now();
    const unreachable = sender(organizerToken, 'http://127.0.0.1:9');
    const report = await syncQueue(queue, unreachable, { now });

    expect(report.failed).toMatchObject([{ id, rejected: false }]);
    const [pending] = await queue.list();
    expect(pending?.attempts).toBe(1);
    expect(pending?.nextAttemptAt).toBeGreaterThanOrEqual(now);
    expect(pending?.nextAttemptAt).toBeLessThanOrEqual(now + SYNC_BACKOFF.baseDelayMs);

    // Not due yet: a pass before the retry time sends nothing, even to a working relay.
    const notDue = await syncQueue(queue, sender(), { now: now - 1 });
    expect(notDue).toEqual({ sent: [], failed: [] });

    await syncQueue(queue, sender(), { now: now + SYNC_BACKOFF.baseDelayMs });
    expect(await queue.list()).toEqual([]);
    expect(await storedContact(id)).toBeDefined();
  });

  it('keeps a contact the relay refused (unknown token) for the organizer to retry or discard', async () => {
    const id = await queue.enqueue(contact);
    const refused = await syncQueue(queue, sender('not-a-token'));
    expect(refused.failed).toMatchObject([{ id, rejected: true }]);
    expect(await queue.list()).toMatchObject([{ id, rejected: true, attempts: 1 }]);

    // Automatic passes leave it alone, even much later.
    const later = await syncQueue(queue, sender(), { now: Date.now() + 60 * 60_000 });
    expect(later.sent).toEqual([]);

    // The organizer fixed the token and pressed "retry".
    const retried = await syncQueue(queue, sender(), { only: [id] });
    expect(retried.sent.map((s) => s.id)).toEqual([id]);
    expect(await storedContact(id)).toBeDefined();
  });

  it('never stores a contact twice when the acknowledgement was lost', async () => {
    const id = await queue.enqueue(contact);
    // The relay stored it, but the answer never reached the extension.
    const [pending] = await queue.list();
    await sender()({ id, kind: 'contact', submittedAt: new Date(pending?.queuedAt ?? 0).toISOString(), data: contact });

    const report = await syncQueue(queue, sender());
    expect(report.sent.map((s) => s.id)).toEqual([id]);
    const rows = await relay.db.selectFrom('actions').select('id').where('kind', '=', 'contact').where('id', '=', id).execute();
    expect(rows).toHaveLength(1);
  });
});
