/**
 * Fixed-window counters behind one small interface. `MemoryRateCounter`
 * counts for one relay process; relays that share one database share a
 * counter that implements the same interface over it. What is counted, and
 * when, is decided by the callers (per-IP limits here, the per-form brake in
 * `src/bot/form-brake.ts`).
 */
import { HttpError } from './errors.js';

/** A key's hits in the current window and the one before it. */
export interface WindowCounts {
  current: number;
  previous: number;
  /** Seconds until the current window ends. */
  resetsIn: number;
}

export interface RateCounter {
  /** Adds `weight` hits to `key` in the current window and answers its counts after them. */
  add(key: string, weight: number): Promise<WindowCounts>;
  /** The counts of `key`, adding nothing. */
  read(key: string): Promise<WindowCounts>;
}

/** Counts in memory, for one relay process. */
export class MemoryRateCounter implements RateCounter {
  private windowStart = 0;
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(
    private readonly windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(key: string, weight: number): Promise<WindowCounts> {
    const counts = this.counts(key);
    counts.current += weight;
    this.current.set(key, counts.current);
    return Promise.resolve(counts);
  }

  read(key: string): Promise<WindowCounts> {
    return Promise.resolve(this.counts(key));
  }

  private counts(key: string): WindowCounts {
    const now = this.now();
    const windowMs = this.windowSeconds * 1000;
    const start = now - (now % windowMs);
    if (start !== this.windowStart) {
      // Only the window just before is kept, so memory stays bounded by two windows' keys.
      this.previous = start - this.windowStart === windowMs ? this.current : new Map();
      this.current = new Map();
      this.windowStart = start;
    }
    return {
      current: this.current.get(key) ?? 0,
      previous: this.previous.get(key) ?? 0,
      resetsIn: (start + windowMs - now) / 1000,
    };
  }
}

/** Adds `weight` hits to `key`, and refuses with 429 (and `Retry-After`) once the window holds more than `limit`. */
export async function chargeOrRefuse(counter: RateCounter, key: string, weight: number, limit: number): Promise<void> {
  const counts = await counter.add(key, weight);
  if (counts.current > limit) throw new HttpError(429, 'rate_limited', { retryAfter: counts.resetsIn });
}
