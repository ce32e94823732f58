/**
 * When to try a failed delivery again and how long to wait first. Pure and
 * free of timers, so the relay's outbox worker schedules with the very policy
 * the client uses.
 */

/** How persistently a delivery is retried. */
export interface RetryPolicy {
  /** Attempts in total, the first one included: 1 never retries. */
  attempts: number;
  /** Backoff ceiling of the first retry; it doubles on every further retry. */
  baseDelayMs: number;
  /** No computed wait exceeds this. A `Retry-After` longer than this ends the client's retries (it queues instead of hanging). */
  maxDelayMs: number;
}

/** Four attempts spread over about ten seconds at worst. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Capped exponential backoff with full jitter: a uniform wait between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^(retry - 1))`, so clients that failed
 * together do not come back together; never shorter than the server asked.
 * @param retry which retry is about to happen: 1 for the first
 * @param policy the base and the cap of the backoff
 * @param retryAfterMs the wait the server asked for (`Retry-After`), if it asked
 * @param random a source of numbers in [0, 1), `Math.random` unless a caller needs determinism
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.max(Math.floor(random() * ceiling), retryAfterMs ?? 0);
}

/** The policy with the caller's overrides, refusing values that cannot work. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry.attempts must be an integer of at least 1 (got ${policy.attempts}).`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) {
    throw new RangeError('retry.baseDelayMs must be at least 0 and retry.maxDelayMs at least retry.baseDelayMs.');
  }
  return policy;
}
