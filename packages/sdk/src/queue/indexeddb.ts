/**
 * The browser's offline queue: IndexedDB through `idb`, so queued submissions
 * survive a reload or a closed tab. Replays take a Web Lock named after the
 * database, which every tab of the origin shares, so two tabs never replay
 * the same entry; where Web Locks are missing, replays are serialised within
 * the page and the relay's idempotency keys absorb a cross-tab duplicate.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { createMutex } from './mutex.js';
import type { OfflineQueue, QueuedSubmission } from './types.js';

interface QueueDatabase extends DBSchema {
  submissions: { key: number; value: QueuedSubmission; indexes: { id: string } };
}

export interface IndexedDbQueueOptions {
  /** Database name; one per client configuration that must not share entries. Default `tract-offline-queue`. */
  name?: string;
}

/** A queue in IndexedDB. Entries are keyed by an auto-increment number, so key order is queue order. */
export function indexedDbQueue({ name = 'tract-offline-queue' }: IndexedDbQueueOptions = {}): OfflineQueue {
  let database: Promise<IDBPDatabase<QueueDatabase>> | undefined;
  const close = async () => {
    const opened = database;
    database = undefined;
    if (opened) (await opened).close();
  };
  const open = () =>
    (database ??= openDB<QueueDatabase>(name, 1, {
      upgrade(db) {
        db.createObjectStore('submissions', { autoIncrement: true }).createIndex('id', 'action.id', { unique: true });
      },
      // Another tab upgrades or deletes the queue ("forget all local data"): let it, and reopen on next use.
      blocking: () => void close(),
    }));
  const withinPage = createMutex();

  return {
    async add(entry) {
      await (await open()).add('submissions', entry);
    },
    async entries() {
      return (await open()).getAll('submissions');
    },
    async remove(id) {
      const transaction = (await open()).transaction('submissions', 'readwrite');
      const key = await transaction.store.index('id').getKey(id);
      if (key !== undefined) await transaction.store.delete(key);
      await transaction.done;
    },
    async count() {
      return (await open()).count('submissions');
    },
    exclusive(task) {
      const locks = globalThis.navigator?.locks;
      return withinPage(() => (locks ? locks.request(`${name}:replay`, task) : task()));
    },
    close,
  };
}
