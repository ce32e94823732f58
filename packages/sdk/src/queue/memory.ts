/** The offline queue for Node and other runtimes without IndexedDB: it lives as long as the process. */
import { createMutex } from './mutex.js';
import type { OfflineQueue, QueuedSubmission } from './types.js';

/** A queue held in memory, in insertion order. */
export function memoryQueue(): OfflineQueue {
  let entries: QueuedSubmission[] = [];
  const exclusive = createMutex();
  return {
    async add(entry) {
      entries.push(structuredClone(entry));
    },
    async entries() {
      return structuredClone(entries);
    },
    async remove(id) {
      entries = entries.filter((entry) => entry.action.id !== id);
    },
    async count() {
      return entries.length;
    },
    exclusive,
    async close() {},
  };
}
