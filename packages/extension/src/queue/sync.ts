/**
 * Sends queued contacts to the relay, oldest first, each with its queue id as
 * the `Idempotency-Key`, so a retry after a lost answer never creates a second
 * record. A contact is deleted locally only once the relay acknowledged it; a
 * refusal keeps it for the organizer to retry (after fixing the token, say) or
 * discard.
 */
import { backoffDelay, type Receipt, TractNetworkError, TractRejectedError } from '@tract/sdk';
import type { Contact, TractAction } from '@tract/sdk/schema';
import type { ContactQueue } from './contact-queue.js';

/** Delivers one contact action; resolves with the relay's receipt, throws the SDK's errors. */
export type SendContact = (action: TractAction<'contact'>) => Promise<Receipt>;

/** What one sync pass did. */
export interface SyncReport {
  sent: { id: string; contact: Contact; retainUntil: string | undefined }[];
  failed: { id: string; error: string; rejected: boolean }[];
}

/** Automatic retries back off from about 5 s to at most 15 min (with jitter), never sooner than `Retry-After`. */
export const SYNC_BACKOFF = { baseDelayMs: 5_000, maxDelayMs: 15 * 60_000 };

/**
 * Sends every contact that is due, or only the ones the organizer asked to retry.
 * @param options.only ids to send now whatever their schedule (the panel's "retry")
 * @param options.now the current time, for scheduling
 */
export async function syncQueue(
  queue: ContactQueue,
  send: SendContact,
  options: { only?: string[]; now?: number } = {},
): Promise<SyncReport> {
  const now = options.now ?? Date.now();
  await queue.purgeExpired(now);
  const report: SyncReport = { sent: [], failed: [] };
  for (const pending of await queue.list()) {
    const due = options.only ? options.only.includes(pending.id) : !pending.rejected && pending.nextAttemptAt <= now;
    if (!due || !pending.contact) continue;
    try {
      const receipt = await send({
        id: pending.id,
        kind: 'contact',
        submittedAt: new Date(pending.queuedAt).toISOString(),
        data: pending.contact,
      });
      await queue.remove(pending.id);
      report.sent.push({ id: pending.id, contact: pending.contact, retainUntil: receipt.retainUntil });
    } catch (error) {
      const rejected = error instanceof TractRejectedError;
      const retryAfterMs = error instanceof TractNetworkError ? error.retryAfterMs : undefined;
      const message = error instanceof Error ? error.message : String(error);
      await queue.recordFailure(pending.id, {
        error: message,
        rejected,
        retryAt: now + backoffDelay(pending.attempts + 1, SYNC_BACKOFF, retryAfterMs),
      });
      report.failed.push({ id: pending.id, error: message, rejected });
    }
  }
  return report;
}

/** When the next automatic attempt is due, or undefined when nothing waits for one. */
export async function nextRetryAt(queue: ContactQueue): Promise<number | undefined> {
  const times = (await queue.list()).filter((p) => p.contact && !p.rejected).map((p) => p.nextAttemptAt);
  return times.length > 0 ? Math.min(...times) : undefined;
}
