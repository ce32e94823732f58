import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('is a UUIDv7 whose first 48 bits are the time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 29, 5, 0, 0, 123);
    const id = timeOrderedId(at);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts ids of later milliseconds after earlier ones, as text', () => {
    const ids = [0, 1, 255, 256, 1_700_000_000_000, 1_800_000_000_000].map((ms) => timeOrderedId(ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps the rest random: ids of the same millisecond differ', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedId(42)));
    expect(ids.size).toBe(1000);
  });
});
