import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, resolveRetryPolicy } from './retry.js';

const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelay', () => {
  it('draws uniformly below a ceiling that doubles per retry (full jitter)', () => {
    expect(backoffDelay(1, policy, undefined, () => 0)).toBe(0);
    expect(backoffDelay(1, policy, undefined, () => 0.5)).toBe(50);
    expect(backoffDelay(2, policy, undefined, () => 0.5)).toBe(100);
    expect(backoffDelay(3, policy, undefined, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, undefined, () => 0.999)).toBe(399);
  });

  it('never exceeds maxDelayMs, however many retries', () => {
    expect(backoffDelay(30, policy, undefined, () => 0.999)).toBe(999);
  });

  it('never waits less than the Retry-After the server asked for', () => {
    expect(backoffDelay(1, policy, 5_000, () => 0.999)).toBe(5_000);
    expect(backoffDelay(5, policy, 10, () => 0.999)).toBe(999);
  });

  it('spreads clients out with Math.random by default', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeLessThan(800);
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults and refuses policies that cannot work', () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy({ attempts: 1 })).toEqual({ ...DEFAULT_RETRY_POLICY, attempts: 1 });
    expect(() => resolveRetryPolicy({ attempts: 0 })).toThrow(/attempts/);
    expect(() => resolveRetryPolicy({ attempts: 2.5 })).toThrow(/attempts/);
    expect(() => resolveRetryPolicy({ baseDelayMs: 500, maxDelayMs: 100 })).toThrow(/maxDelayMs/);
  });
});
