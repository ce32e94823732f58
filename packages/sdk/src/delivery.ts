/** One submission's trip to the backend: sent, and sent again with backoff while the network fails. */
import type { Backend, Receipt, SendContext } from './backend.js';
import { TractNetworkError } from './errors.js';
import { backoffDelay, type RetryPolicy } from './retry.js';
import type { TractAction } from './schema/envelope.js';

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sends `action` until the backend accepts it, refuses it, or the policy's
 * attempts run out. Only `TractNetworkError` is retried, always with the same
 * context (so the same Idempotency-Key). A `Retry-After` longer than
 * `policy.maxDelayMs` ends the retries at once: the caller queues instead of hanging.
 * @param onRetry told before each wait, with the attempt that failed (1 = first)
 */
export async function deliverWithRetries(
  backend: Backend,
  action: TractAction,
  context: SendContext,
  policy: RetryPolicy,
  onRetry: (attempt: number, delayMs: number, error: TractNetworkError) => void,
): Promise<Receipt> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await backend.send(action, context);
    } catch (error) {
      const retryable = error instanceof TractNetworkError && attempt < policy.attempts && !context.signal?.aborted;
      if (!retryable || (error.retryAfterMs ?? 0) > policy.maxDelayMs) throw error;
      const delayMs = backoffDelay(attempt, policy, error.retryAfterMs);
      onRetry(attempt, delayMs, error);
      await sleep(delayMs, context.signal);
    }
  }
}
