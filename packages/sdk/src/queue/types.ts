/** The offline queue's contract, shared by the in-memory (Node) and IndexedDB (browser) stores. */
import type { BotSignals, TractAction } from '../schema/envelope.js';

/**
 * A submission waiting for the network, holding only what a replay needs:
 * the validated action (kind, id, data, submittedAt) and the bot signals
 * without their challenge, which is spent or stale by the time of a replay.
 */
export interface QueuedSubmission {
  action: TractAction;
  bot?: Omit<BotSignals, 'challenge'>;
  /** When it was queued, epoch ms. */
  queuedAt: number;
  /** After this (epoch ms) it is dropped unsent and reported as `expired`. */
  expiresAt: number;
}

/**
 * Durable storage for queued submissions. The client replays entries inside
 * `exclusive`, so two flushes (two tabs, or an `online` event racing
 * `flush()`) never send the same id twice.
 */
export interface OfflineQueue {
  add(entry: QueuedSubmission): Promise<void>;
  /** Every entry, oldest first. */
  entries(): Promise<QueuedSubmission[]>;
  /** Removes the entry with this action id, if it is still there. */
  remove(id: string): Promise<void>;
  count(): Promise<number>;
  /** Runs `task` while no other replay of this queue runs (in this page and, where the store is shared, in other tabs). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Releases the store (closes the database). */
  close(): Promise<void>;
}
