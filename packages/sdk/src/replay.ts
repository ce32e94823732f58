/**
 * Replaying the offline queue: oldest first, each id at most once at a time,
 * expired entries dropped unsent. Runs on `flush()`, on the `online` event and
 * when a client is created (the next page load).
 */
import { TractNetworkError, TractRejectedError } from './errors.js';
import { type ClientRuntime, isOffline, sendAction } from './runtime.js';

/** What one replay did, and how many submissions still wait. */
export interface FlushResult {
  sent: number;
  /** Refused by the backend: removed from the queue and reported with a `failed` event. */
  failed: number;
  /** Outlived their expiry: removed unsent and reported with an `expired` event. */
  expired: number;
  /** Still queued (the network failed again, or the browser is offline). */
  pending: number;
}

/**
 * Replays every queued submission inside the queue's exclusive section, so
 * a concurrent replay (another tab, a racing `online` event) starts only after
 * this one has removed what it delivered. An entry is removed only once the
 * backend answered; if the page dies in between, the next replay resends it
 * with the same Idempotency-Key and the relay answers its first response again.
 */
export async function replayQueue(runtime: ClientRuntime): Promise<FlushResult> {
  const { queue, events } = runtime;
  if (!queue) return { sent: 0, failed: 0, expired: 0, pending: 0 };
  return queue.exclusive(async () => {
    const result: FlushResult = { sent: 0, failed: 0, expired: 0, pending: 0 };
    // Once the network fails, later entries wait too: sending them would overtake older ones.
    let stopped = isOffline();
    for (const entry of await queue.entries()) {
      const { id, kind } = entry.action;
      if (entry.expiresAt <= Date.now()) {
        await queue.remove(id);
        result.expired++;
        events.emit('expired', { id, kind, queuedAt: entry.queuedAt, expiresAt: entry.expiresAt });
        continue;
      }
      if (stopped || runtime.lifetime.aborted) continue;
      try {
        const receipt = await sendAction(runtime, entry.action, entry.bot, runtime.lifetime);
        await queue.remove(id);
        result.sent++;
        events.emit('sent', { id, kind, receipt, replayed: true });
      } catch (error) {
        if (error instanceof TractRejectedError) {
          await queue.remove(id);
          result.failed++;
          events.emit('failed', { id, kind, error, replayed: true });
        } else if (error instanceof TractNetworkError || runtime.lifetime.aborted) {
          stopped = true;
        } else {
          throw error;
        }
      }
    }
    result.pending = await queue.count();
    return result;
  });
}
