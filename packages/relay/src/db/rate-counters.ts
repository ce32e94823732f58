/**
 * Rate counters shared by every relay on one database: the `RateCounter` of
 * relays on PostgreSQL (one SQLite relay counts in memory). The adds and
 * reads of one turn of the event loop go to the database together, as one
 * upsert that increments and returns the window's count, in a transaction
 * whose commit does not wait for the disk (a counter lost in a crash costs
 * nothing, and its row lock is held for microseconds instead of an fsync).
 * Every relay's increments are atomic in the database, so the count a relay
 * answers includes every hit any relay has recorded: exact, not estimated.
 */
import type { Kysely } from 'kysely';
import type { RateCounter, WindowCounts } from '../http/rate-limit.js';
import { relaxDurability } from './dialect.js';
import type { HashKey } from './hash-key.js';
import type { Database } from './schema.js';

interface Waiter {
  weight: number;
  resolve(counts: WindowCounts): void;
  reject(error: unknown): void;
}

export class DatabaseRateCounter implements RateCounter {
  private waiting = new Map<string, Waiter[]>();
  private scheduled = false;

  /** `name` keeps counters apart (`ip`, `form`); keys are stored as keyed hashes. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly name: string,
    private readonly windowSeconds: number,
    private readonly hashKey: HashKey,
    private readonly now: () => number = Date.now,
  ) {}

  add(key: string, weight: number): Promise<WindowCounts> {
    return this.enqueue(key, weight);
  }

  read(key: string): Promise<WindowCounts> {
    return this.enqueue(key, 0);
  }

  private enqueue(key: string, weight: number): Promise<WindowCounts> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ weight, resolve, reject });
      else this.waiting.set(key, [{ weight, resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    this.scheduled = false;
    const now = this.now();
    const windowMs = this.windowSeconds * 1000;
    const start = now - (now % windowMs);
    const current = new Date(start).toISOString();
    const previous = new Date(start - windowMs).toISOString();
    const resetsIn = (start + windowMs - now) / 1000;
    // Sorted, so two relays upserting the same keys lock their rows in the same order.
    const keys = [...batch.keys()].map((key) => ({ key, stored: this.hashKey.mac('rate', `${this.name}\n${key}`) }));
    keys.sort((a, b) => (a.stored < b.stored ? -1 : a.stored > b.stored ? 1 : 0));
    try {
      const counts = await this.db.transaction().execute(async (trx) => {
        await relaxDurability(trx);
        const adds = keys
          .map(({ key, stored }) => ({ stored, weight: batch.get(key)!.reduce((sum, waiter) => sum + waiter.weight, 0) }))
          .filter(({ weight }) => weight > 0);
        if (adds.length > 0) {
          await trx
            .insertInto('rate_counters')
            .values(
              adds.map(({ stored, weight }) => ({
                key: stored,
                window_start: current,
                count: weight,
                expires_at: new Date(start + 2 * windowMs).toISOString(),
              })),
            )
            .onConflict((oc) =>
              oc
                .columns(['key', 'window_start'])
                .doUpdateSet((eb) => ({ count: eb('rate_counters.count', '+', eb.ref('excluded.count')) })),
            )
            .execute();
        }
        return trx
          .selectFrom('rate_counters')
          .select(['key', 'window_start', 'count'])
          .where(
            'key',
            'in',
            keys.map(({ stored }) => stored),
          )
          .where('window_start', 'in', [current, previous])
          .execute();
      });
      const found = new Map(counts.map((row) => [`${row.key}\n${row.window_start}`, Number(row.count)]));
      for (const { key, stored } of keys) {
        const waiters = batch.get(key)!;
        const total = found.get(`${stored}\n${current}`) ?? 0;
        const before = found.get(`${stored}\n${previous}`) ?? 0;
        // This turn's hits count in arrival order, as if each had been sent alone.
        let running = total - waiters.reduce((sum, waiter) => sum + waiter.weight, 0);
        for (const waiter of waiters) {
          running += waiter.weight;
          waiter.resolve({ current: waiter.weight > 0 ? running : total, previous: before, resetsIn });
        }
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
