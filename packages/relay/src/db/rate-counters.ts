/**
 * Rate counters shared by every relay on one database: the `RateCounter` of
 * relays on PostgreSQL (one SQLite relay counts in memory). The adds and
 * reads that arrive while the previous round runs go to the database
 * together, as one statement: an upsert that increments and returns the
 * window's counts, beside a read of the window before,
 * committed without waiting for the disk (`relaxedOf`: a counter lost in a
 * crash costs nothing, and its row lock is held for microseconds instead of
 * an fsync).
 * Every relay's increments are atomic in the database, so the count a relay
 * answers includes every hit any relay has recorded: exact, not estimated.
 */
import { type Kysely, sql } from 'kysely';
import type { RateCounter, WindowCounts } from '../http/rate-limit.js';
import type { HashKey } from './hash-key.js';
import { relaxedOf } from './open.js';
import type { Database } from './schema.js';

interface Waiter {
  weight: number;
  resolve(counts: WindowCounts): void;
  reject(error: unknown): void;
}

export class DatabaseRateCounter implements RateCounter {
  private waiting = new Map<string, Waiter[]>();
  private running = false;

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
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.run());
      }
    });
  }

  /** One round at a time: what arrives meanwhile goes into the next one. */
  private async run(): Promise<void> {
    while (this.waiting.size > 0) {
      const batch = this.waiting;
      this.waiting = new Map();
      await this.flush(batch);
    }
    this.running = false;
  }

  private async flush(batch: Map<string, Waiter[]>): Promise<void> {
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
      const db = relaxedOf(this.db);
      const adds = keys
        .map(({ key, stored }) => ({ stored, weight: batch.get(key)!.reduce((sum, waiter) => sum + waiter.weight, 0) }))
        .filter(({ weight }) => weight > 0);
      // The window before, and the current one of keys only read: nothing to lock.
      const read = db
        .selectFrom('rate_counters')
        .select(['key', 'window_start', 'count', sql<number>`0`.as('added')])
        .where(
          'key',
          'in',
          keys.map(({ stored }) => stored),
        )
        .where('window_start', 'in', [current, previous]);
      // One statement, one round trip: the increments (answering their new counts) beside the read.
      const rows =
        adds.length === 0
          ? await read.execute()
          : await db
              .with('incremented', (qb) =>
                qb
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
                  .returning(['key', 'window_start', 'count']),
              )
              .selectFrom('incremented')
              .select(['key', 'window_start', 'count', sql<number>`1`.as('added')])
              .unionAll(read)
              .execute();
      // An increment's own answer is newer than what the read beside it saw (the statement's snapshot).
      const found = new Map<string, number>();
      for (const row of rows) {
        const id = `${row.key}\n${row.window_start}`;
        if (Number(row.added) === 1 || !found.has(id)) found.set(id, Number(row.count));
      }
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
