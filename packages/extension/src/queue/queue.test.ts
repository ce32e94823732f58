import 'fake-indexeddb/auto';
import type { Contact } from '@tract/sdk/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetAllLocalData } from '../forget.js';
import { ContactQueue, QUEUE_DB_NAME, QUEUE_RETENTION_MS } from './contact-queue.js';
import { deriveQueueKey, generateQueueKey } from './crypto.js';
import { loadQueueKey, QueueLockedError, setPassphrase, unlockWithPassphrase, WrongPassphraseError } from './key-store.js';

const camille: Contact = {
  network: 'mastodon',
  handle: 'camille@mastodon.example',
  displayName: 'Camille Martin',
  profileUrl: 'https://mastodon.example/@camille',
  interaction: 'commented',
  note: 'Asked about the bus line',
  tags: ['transport'],
  lawfulBasis: 'legitimate_interest',
  informed: false,
  sourcePageUrl: 'https://mastodon.example/@camille/1234',
  capturedAt: '2026-11-29T04:00:00.000Z',
  revealsPoliticalOpinion: true,
};

/** Every byte of the record, as text, to look for the plaintext in it. */
function bytesAsText(record: unknown): string {
  return JSON.stringify(record, (_key, value) =>
    value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? new TextDecoder().decode(value as ArrayBuffer) : value,
  );
}

let queue: ContactQueue | undefined;

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(async () => {
  queue?.close();
  queue = undefined;
  await forgetAllLocalData();
});

describe('the encrypted queue', () => {
  it('stores only ciphertext and gives the contact back with the same key', async () => {
    queue = await ContactQueue.open(await loadQueueKey());
    const id = await queue.enqueue(camille);

    const [record] = await queue.rawRecords();
    expect(record?.id).toBe(id);
    expect(record?.ciphertext.byteLength).toBeGreaterThan(JSON.stringify(camille).length);
    const stored = bytesAsText(record);
    for (const secret of ['Camille Martin', 'camille@mastodon.example', 'bus line', 'transport']) expect(stored).not.toContain(secret);

    expect((await queue.list()).map((p) => p.contact)).toEqual([camille]);
  });

  it('reopens with the key kept in storage.session', async () => {
    const first = await ContactQueue.open(await loadQueueKey());
    await first.enqueue(camille);
    first.close();
    expect(Object.keys(await browser.storage.session.get())).toEqual(['queueKey']);

    queue = await ContactQueue.open(await loadQueueKey());
    expect((await queue.list())[0]?.contact).toEqual(camille);
  });

  it('cannot read a contact once the session key is gone, and still lists it for discarding', async () => {
    const first = await ContactQueue.open(await loadQueueKey());
    const id = await first.enqueue(camille);
    first.close();
    await browser.storage.session.clear();

    queue = await ContactQueue.open(await loadQueueKey());
    expect(await queue.list()).toMatchObject([{ id, contact: undefined }]);
    await queue.remove(id);
    expect(await queue.list()).toEqual([]);
  });

  it('drops contacts older than 24 hours', async () => {
    queue = await ContactQueue.open(await generateQueueKey());
    const queuedAt = Date.parse('2026-11-29T04:00:00Z');
    await queue.enqueue(camille, queuedAt);
    expect(await queue.purgeExpired(queuedAt + QUEUE_RETENTION_MS - 1)).toBe(0);
    expect(await queue.purgeExpired(queuedAt + QUEUE_RETENTION_MS)).toBe(1);
    expect(await queue.list()).toEqual([]);
  });

  it('refuses to decrypt under another key', async () => {
    queue = await ContactQueue.open(await generateQueueKey());
    await queue.enqueue(camille);
    queue.close();
    queue = await ContactQueue.open(await generateQueueKey());
    expect((await queue.list())[0]?.contact).toBeUndefined();
  });
});

describe('the passphrase-derived key', () => {
  it('derives the same key from the same passphrase and salt, another from another passphrase', async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const sealedBy = await ContactQueue.open(await deriveQueueKey('correct horse battery', salt, 1000), 'passphrase-test');
    await sealedBy.enqueue(camille);
    sealedBy.close();

    const same = await ContactQueue.open(await deriveQueueKey('correct horse battery', salt, 1000), 'passphrase-test');
    expect((await same.list())[0]?.contact).toEqual(camille);
    same.close();
    const other = await ContactQueue.open(await deriveQueueKey('wrong horse battery', salt, 1000), 'passphrase-test');
    expect((await other.list())[0]?.contact).toBeUndefined();
    other.close();
    indexedDB.deleteDatabase('passphrase-test');
  });

  it('locks the queue after a browser restart until the passphrase is entered', async () => {
    await setPassphrase('a long organizer passphrase', 1000);
    queue = await ContactQueue.open(await loadQueueKey());
    await queue.enqueue(camille);
    queue.close();

    // A restart: storage.session is empty, storage.local and IndexedDB remain.
    await browser.storage.session.clear();
    await expect(loadQueueKey()).rejects.toBeInstanceOf(QueueLockedError);
    await expect(unlockWithPassphrase('not the passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);

    queue = await ContactQueue.open(await unlockWithPassphrase('a long organizer passphrase'));
    expect((await queue.list())[0]?.contact).toEqual(camille);
    // Unlocked for the rest of the session.
    expect(await loadQueueKey()).toBeInstanceOf(CryptoKey);
  });
});

describe('forget all local data', () => {
  it('wipes the queue database, storage.local and storage.session', async () => {
    await browser.storage.local.set({
      settings: { relayUrl: 'https://relay.example.org', organizerToken: 'org_secret' },
      recentTags: ['x'],
    });
    queue = await ContactQueue.open(await loadQueueKey());
    await queue.enqueue(camille);
    queue.close();
    queue = undefined;

    await forgetAllLocalData();

    expect(await browser.storage.local.get()).toEqual({});
    expect(await browser.storage.session.get()).toEqual({});
    const databases = await indexedDB.databases();
    expect(databases.map((d) => d.name)).not.toContain(QUEUE_DB_NAME);
  });
});
