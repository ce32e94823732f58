/**
 * The local queue of contacts waiting to reach the relay, in IndexedDB. Each
 * contact is sealed with AES-GCM before it is written; only what scheduling
 * needs (times, attempts, the last error) is kept in clear.
 */
import type { Contact } from '@tract/sdk/schema';
import { type DBSchema, deleteDB, type IDBPDatabase, openDB } from 'idb';
import { type Sealed, seal, unseal } from './crypto.js';

export const QUEUE_DB_NAME = 'tract-queue';

/** A browser's offline queue keeps personal data at most 24 hours (privacy rule 7). */
export const QUEUE_RETENTION_MS = 24 * 60 * 60 * 1000;

/** One queued contact as stored. */
export interface QueuedRecord extends Sealed {
  /** The contact's id, also the `Idempotency-Key` of every attempt. */
  id: string;
  queuedAt: number;
  expiresAt: number;
  attempts: number;
  /** Not retried automatically before this time (ms since epoch). */
  nextAttemptAt: number;
  /** The last failure, as the organizer should read it. */
  lastError?: string;
  /** The relay refused it for good: only the organizer can retry or discard it. */
  rejected: boolean;
}

/** A queued contact as the panel shows it. */
export interface PendingContact {
  id: string;
  /** Undefined when the key that sealed it is gone (the browser was closed). */
  contact: Contact | undefined;
  queuedAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | undefined;
  rejected: boolean;
}

interface QueueSchema extends DBSchema {
  contacts: { key: string; value: QueuedRecord };
}

/** The encrypted queue. Open it with {@link ContactQueue.open}. */
export class ContactQueue {
  private constructor(
    private readonly db: IDBPDatabase<QueueSchema>,
    private readonly key: CryptoKey,
  ) {}

  /**
   * @param key the AES-GCM key from the key store
   * @param name the database name (tests use their own)
   */
  static async open(key: CryptoKey, name = QUEUE_DB_NAME): Promise<ContactQueue> {
    const db = await openDB<QueueSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('contacts', { keyPath: 'id' });
      },
      // Another page is deleting the queue ("forget all local data"): let it.
      blocking() {
        db.close();
      },
    });
    return new ContactQueue(db, key);
  }

  /** Seals and stores one contact; resolves with its id once it is on disk. */
  async enqueue(contact: Contact, now = Date.now()): Promise<string> {
    const id = crypto.randomUUID();
    const sealed = await seal(this.key, contact);
    await this.db.put('contacts', {
      id,
      ...sealed,
      queuedAt: now,
      expiresAt: now + QUEUE_RETENTION_MS,
      attempts: 0,
      nextAttemptAt: now,
      rejected: false,
    });
    return id;
  }

  /** Every queued contact, oldest first, decrypted when the key allows. */
  async list(): Promise<PendingContact[]> {
    const records = await this.db.getAll('contacts');
    records.sort((a, b) => a.queuedAt - b.queuedAt);
    return Promise.all(
      records.map(async (record) => ({
        id: record.id,
        contact: await unseal<Contact>(this.key, record).catch(() => undefined),
        queuedAt: record.queuedAt,
        attempts: record.attempts,
        nextAttemptAt: record.nextAttemptAt,
        lastError: record.lastError,
        rejected: record.rejected,
      })),
    );
  }

  /** Records a failed attempt and when to try again. */
  async recordFailure(id: string, failure: { error: string; retryAt: number; rejected: boolean }): Promise<void> {
    const record = await this.db.get('contacts', id);
    if (!record) return;
    await this.db.put('contacts', {
      ...record,
      attempts: record.attempts + 1,
      lastError: failure.error,
      nextAttemptAt: failure.retryAt,
      rejected: failure.rejected,
    });
  }

  /** Removes one contact: acknowledged by the relay, or discarded by the organizer. */
  remove(id: string): Promise<void> {
    return this.db.delete('contacts', id);
  }

  /** Removes contacts older than the queue's retention; resolves with how many. */
  async purgeExpired(now = Date.now()): Promise<number> {
    const expired = (await this.db.getAll('contacts')).filter((record) => record.expiresAt <= now);
    await Promise.all(expired.map((record) => this.db.delete('contacts', record.id)));
    return expired.length;
  }

  /** The stored records as they are on disk, ciphertext included (for tests and audits). */
  rawRecords(): Promise<QueuedRecord[]> {
    return this.db.getAll('contacts');
  }

  close(): void {
    this.db.close();
  }
}

/** Deletes the whole queue database (part of "forget all local data"). */
export function deleteQueueDatabase(name = QUEUE_DB_NAME): Promise<void> {
  return deleteDB(name);
}
