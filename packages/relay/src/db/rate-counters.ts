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

const STORED_KEYS_KEPT = 10_000;

interface Waiter {
  weight: number;
  resolve(counts: WindowCounts): void;
  reject(error: unknown): void;
}

export class DatabaseRateCounter implements RateCounter {
  private waiting = new Map<string, Waiter[]>();
  private running = false;
  /** Keys as stored (keyed hashes), kept for the keys seen lately: one HMAC per key, not per hit. */
  private stored = new Map<string, string>();

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

  private storedKey(key: string): string {
    let stored = this.stored.get(key);
    if (stored === undefined) {
      // Bounded: a flood of distinct addresses only costs HMACs again.
      if (this.stored.size >= STORED_KEYS_KEPT) this.stored.clear();
      stored = this.hashKey.mac('rate', `${this.name}\n${key}`);
      this.stored.set(key, stored);
    }
    return stored;
  }

  private async flush(batch: Map<string, Waiter[]>): Promise<void> {
    const now = this.now();
    const windowMs = this.windowSeconds * 1000;
    const start = now - (now % windowMs);
    const current = new Date(start).toISOString();
    const previous = new Date(start - windowMs).toISOString();
    const resetsIn = (start + windowMs - now) / 1000;
    // Sorted, so two relays upserting the same keys lock their rows in the same order.
    const keys = [...batch.keys()].map((key) => ({ key, stored: this.storedKey(key) }));
    keys.sort((a, b) => (a.stored < b.stored ? -1 : a.stored > b.stored ? 1 : 0));
    try {
      const adds = keys
        .map(({ key, stored }) => ({ stored, weight: batch.get(key)!.reduce((sum, waiter) => sum + waiter.weight, 0) }))
        .filter(({ weight }) => weight > 0);
      // One statement, one round trip, and one text whatever the keys (arrays, not lists of
      // placeholders): the increments, answering their new counts, beside a read of the window
      // before and of the current one of keys only read (nothing to lock for those).
      const { rows } = await sql<{ key: string; window_start: string; count: number | string; added: number }>`
        with incremented as (
          insert into rate_counters (key, window_start, count, expires_at)
          select added.key, ${current}, added.weight, ${new Date(start + 2 * windowMs).toISOString()}
          from unnest(${adds.map(({ stored }) => stored)}::text[], ${adds.map(({ weight }) => weight)}::integer[]) as added (key, weight)
          on conflict (key, window_start) do update set count = rate_counters.count + excluded.count
          returning key, window_start, count
        )
        select key, window_start, count, 1 as added from incremented
        union all
        select key, window_start, count, 0 as added from rate_counters
        where key = any(${keys.map(({ stored }) => stored)}::text[]) and window_start in (${current}, ${previous})`.execute(
        relaxedOf(this.db),
      );
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
