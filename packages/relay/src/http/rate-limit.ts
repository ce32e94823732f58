/**
 * Fixed-window request counters, in memory. Per relay instance: a
 * multi-instance deployment (PostgreSQL issue) puts them in shared storage.
 */

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets, when refused. */
  retryAfter: number;
}

/** Counts hits per key over fixed windows of `windowSeconds`. */
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one hit for `key` and says whether it is within the limit. */
  hit(key: string): RateDecision {
    const now = this.now();
    const windowMs = this.windowSeconds * 1000;
    if (now - this.windowStart >= windowMs) {
      // A new window: forgetting the old counts keeps memory bounded by one window's keys.
      this.windowStart = now - (now % windowMs);
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return { allowed: count <= this.limit, retryAfter: (this.windowStart + windowMs - now) / 1000 };
  }
}
