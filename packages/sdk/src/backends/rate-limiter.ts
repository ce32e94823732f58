/**
 * Client-side rate limiting for CRMs that cap requests per window
 * (NationBuilder: 250 requests per 10 s). A sliding window of the last
 * `limit` start times, rather than a refilling token bucket, because a bucket
 * lets a full burst plus a full refill through in one window (up to twice the
 * limit), while this never starts more than `limit` requests in any window.
 */

/** Sleeps `ms`, or rejects with the signal's reason when it aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** At most `limit` acquisitions in any `windowMs`, granted in call order. */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: () => number;
  /** Start times still inside the window, oldest first. */
  private readonly starts: number[] = [];
  /** Nothing starts before this instant (a server's `Retry-After`). */
  private pausedUntil = 0;
  /** Chains waiters so they are served first come, first served. */
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param limit requests allowed per window
   * @param windowMs the window, in milliseconds
   * @param clock current time in milliseconds (tests may pass their own)
   */
  constructor(limit: number, windowMs: number, clock: () => number = Date.now) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be an integer of at least 1 (got ${limit}).`);
    if (!(windowMs > 0)) throw new RangeError(`rate limit window must be positive (got ${windowMs} ms).`);
    this.limit = limit;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  /**
   * A limiter for a server that counts requests when they arrive, later than
   * we start them: the window is padded by 5 % (at least 250 ms) so network
   * jitter never bunches our requests into more than `limit` per server window.
   */
  static forServer(limit: number, windowMs: number, clock?: () => number): SlidingWindowLimiter {
    return new SlidingWindowLimiter(limit, windowMs + Math.max(250, windowMs * 0.05), clock);
  }

  /** Resolves when one more request may start, and counts it as started. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every later acquisition until `now + ms` (a 429's `Retry-After`). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + ms);
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock();
      while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.windowMs) this.starts.shift();
      const wait = Math.max(this.pausedUntil - now, this.starts.length < this.limit ? 0 : (this.starts[0] as number) + this.windowMs - now);
      if (wait <= 0) {
        this.starts.push(now);
        return;
      }
      await sleep(wait, signal);
    }
  }
}
