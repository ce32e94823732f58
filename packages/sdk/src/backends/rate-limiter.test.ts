import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limiter.js';

/** The largest number of starts inside any window of `windowMs`. */
function busiestWindow(starts: number[], windowMs: number): number {
  let busiest = 0;
  for (let i = 0; i < starts.length; i++) {
    const inWindow = starts.filter((t) => t >= (starts[i] as number) && t < (starts[i] as number) + windowMs).length;
    busiest = Math.max(busiest, inWindow);
  }
  return busiest;
}

describe('SlidingWindowLimiter', () => {
  it('never starts more than the limit in any window', async () => {
    const limiter = new SlidingWindowLimiter(5, 200);
    const starts: number[] = [];
    const began = Date.now();
    await Promise.all(Array.from({ length: 12 }, () => limiter.acquire().then(() => starts.push(Date.now()))));
    expect(starts).toHaveLength(12);
    expect(busiestWindow(starts, 200)).toBeLessThanOrEqual(5);
    // 12 starts at 5 per 200 ms need at least two full windows.
    expect(Date.now() - began).toBeGreaterThanOrEqual(395);
  });

  it('holds everything after pauseFor, as a Retry-After asks', async () => {
    const limiter = new SlidingWindowLimiter(100, 1000);
    const began = Date.now();
    limiter.pauseFor(150);
    await limiter.acquire();
    expect(Date.now() - began).toBeGreaterThanOrEqual(145);
  });

  it('stops waiting when the signal aborts', async () => {
    const limiter = new SlidingWindowLimiter(1, 10_000);
    await limiter.acquire();
    await expect(limiter.acquire(AbortSignal.timeout(20))).rejects.toBeDefined();
  });

  it('refuses a limit that cannot work', () => {
    expect(() => new SlidingWindowLimiter(0, 1000)).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter(1, 0)).toThrow(RangeError);
  });
});
