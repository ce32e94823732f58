import { describe, expect, it } from 'vitest';
import type { PetitionConfig } from '../config/schema.js';
import { PetitionFactsCache } from './facts.js';

const petition = (id: string) => ({ id }) as PetitionConfig;

/** A count that answers when told to, and records each time it was asked. */
function counting() {
  const asked: string[] = [];
  const pending: Array<{ id: string; resolve(n: number): void; reject(e: Error): void }> = [];
  const count = (p: PetitionConfig) =>
    new Promise<number>((resolve, reject) => {
      asked.push(p.id);
      pending.push({ id: p.id, resolve, reject });
    });
  return { asked, pending, count };
}

describe('PetitionFactsCache', () => {
  it('counts once for every request that arrives while a count runs or within the max age', async () => {
    let now = 0;
    const { asked, pending, count } = counting();
    const cache = new PetitionFactsCache(count, 1000, () => now);
    const first = Array.from({ length: 50 }, () => cache.get(petition('viral')));
    expect(asked).toEqual(['viral']);
    pending[0]!.resolve(300_000);
    expect(await Promise.all(first)).toEqual(Array(50).fill(300_000));
    now = 999;
    expect(await cache.get(petition('viral'))).toBe(300_000);
    expect(asked).toHaveLength(1);
    // Petitions are counted apart.
    void cache.get(petition('other'));
    expect(asked).toEqual(['viral', 'other']);
    now = 1000;
    const later = cache.get(petition('viral'));
    expect(asked).toEqual(['viral', 'other', 'viral']);
    pending[2]!.resolve(300_001);
    expect(await later).toBe(300_001);
  });

  it('counts again at once when this relay stored or confirmed a signature', async () => {
    const { asked, pending, count } = counting();
    const cache = new PetitionFactsCache(count, 1000, () => 0);
    const before = cache.get(petition('p'));
    pending[0]!.resolve(1);
    await before;
    cache.forget('p');
    const after = cache.get(petition('p'));
    pending[1]!.resolve(2);
    expect(await after).toBe(2);
    cache.forget();
    void cache.get(petition('p'));
    expect(asked).toEqual(['p', 'p', 'p']);
  });

  it('keeps no failed count: the next request counts again', async () => {
    const { asked, pending, count } = counting();
    const cache = new PetitionFactsCache(count, 1000, () => 0);
    const failed = cache.get(petition('p'));
    pending[0]!.reject(new Error('database unavailable'));
    await expect(failed).rejects.toThrow('database unavailable');
    const retried = cache.get(petition('p'));
    pending[1]!.resolve(7);
    expect(await retried).toBe(7);
    expect(asked).toEqual(['p', 'p']);
  });
});
