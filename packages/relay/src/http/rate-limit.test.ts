/** The in-memory counter's windows: what is counted, what is remembered, when it is forgotten. */
import { describe, expect, it } from 'vitest';
import { chargeOrRefuse, MemoryRateCounter } from './rate-limit.js';

describe('MemoryRateCounter', () => {
  it('counts weighted hits per key in the current window and keeps the one just before', async () => {
    let now = 60_000 * 100 + 5_000;
    const counter = new MemoryRateCounter(60, () => now);
    expect(await counter.add('a', 1)).toEqual({ current: 1, previous: 0, resetsIn: 55 });
    expect(await counter.add('a', 3)).toMatchObject({ current: 4 });
    expect(await counter.read('b')).toMatchObject({ current: 0, previous: 0 });
    now += 60_000;
    expect(await counter.read('a')).toEqual({ current: 0, previous: 4, resetsIn: 55 });
    expect(await counter.add('a', 1)).toMatchObject({ current: 1, previous: 4 });
    // Two windows later the older one is forgotten...
    now += 60_000;
    expect(await counter.read('a')).toMatchObject({ current: 0, previous: 1 });
    // ...and after a quiet gap, nothing is left.
    now += 180_000;
    expect(await counter.read('a')).toMatchObject({ current: 0, previous: 0 });
  });
});

describe('chargeOrRefuse', () => {
  it('refuses with 429 and the seconds left once the window holds more than the limit', async () => {
    const counter = new MemoryRateCounter(60, () => 30_000);
    await chargeOrRefuse(counter, 'a', 2, 3);
    await expect(chargeOrRefuse(counter, 'a', 2, 3)).rejects.toMatchObject({ status: 429, details: { retryAfter: 30 } });
    await chargeOrRefuse(counter, 'b', 3, 3);
  });
});
