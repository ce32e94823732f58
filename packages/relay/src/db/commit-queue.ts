/**
 * Group commit. With `synchronous=FULL` every commit waits for the disk, so one
 * transaction per request caps the relay near 3,500 writes/s. Concurrent
 * submissions instead join a batch that is written in one transaction (after
 * `maxDelayMs`, or sooner once it holds `maxBatch`), and each request is
 * answered only after that transaction committed.
 *
 * Relays sharing a PostgreSQL database can race on a unique key (the same
 * Idempotency-Key or challenge sent to two of them at once): the primary key
 * decides. A batch that fails on a duplicate key is written again one
 * submission per transaction, so only the submission that lost fails (with
 * the database's unique-violation error, which its caller answers), never
 * the others of its batch.
 */
import type { Kysely, Transaction } from 'kysely';
import { isPostgres, isRetryable, scriptLiteralOf, uniqueViolation } from './dialect.js';
import { scriptRunnerOf } from './open.js';
import { RowBuffer } from './row-buffer.js';
import type { Database } from './schema.js';
import type { ScriptRunner } from './worker-dialect.js';

/**
 * One submission's work inside the batch transaction. It adds its rows to
 * `rows` (written in bulk before the commit). Work that reads what earlier
 * work in the batch wrote (running totals, capacity) calls `rows.write(trx)` first.
 */
export type BatchWork<T> = (trx: Transaction<Database>, rows: RowBuffer) => Promise<T>;

/** Work that only adds rows, reading nothing: a batch of these is written in one round trip. */
export type BufferWork<T> = (rows: RowBuffer) => T;

type Pending = { resolve(value: unknown): void; reject(error: unknown): void } & (
  | { work: BatchWork<unknown>; buffer?: undefined }
  | { buffer: BufferWork<unknown>; work?: undefined }
);

/** The queue is closed: the relay is shutting down. */
export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
}

/** How many batches a relay on PostgreSQL commits at once (measured: see docs/scale-out.md). */
const POSTGRES_CONCURRENT_BATCHES = 8;

export interface CommitQueueOptions {
  maxBatch: number;
  maxDelayMs: number;
}

export class CommitQueue {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing = new Set<Promise<void>>();
  /**
   * Batches committed at once. SQLite has one writer: one. PostgreSQL commits
   * concurrent transactions together (one WAL flush for all), so while one
   * batch waits for the disk the next ones are already on their way.
   */
  private readonly concurrency: number;
  private closed = false;

  private readonly runScript: ScriptRunner | undefined;
  private readonly scriptLiteral: ((value: unknown) => string) | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: CommitQueueOptions,
  ) {
    this.runScript = scriptRunnerOf(db);
    this.scriptLiteral = scriptLiteralOf(db);
    this.concurrency = isPostgres(db) ? POSTGRES_CONCURRENT_BATCHES : 1;
  }

  /** Runs `work` in the next batch's transaction; resolves with its result once the batch is committed. */
  run<T>(work: BatchWork<T>): Promise<T> {
    return this.enqueue({ work });
  }

  /** Adds rows to the next batch; resolves with `buffer`'s result once the batch is committed. */
  runBuffered<T>(buffer: BufferWork<T>): Promise<T> {
    return this.enqueue({ buffer });
  }

  private enqueue<T>(item: Pick<Pending, 'work'> | Pick<Pending, 'buffer'>): Promise<T> {
    if (this.closed) return Promise.reject(new QueueClosedError('The relay is shutting down.'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ ...item, resolve: resolve as (value: unknown) => void, reject } as Pending);
      this.schedule();
    });
  }

  /** Writes everything queued, then refuses new work. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    while (this.pending.length > 0 || this.flushing.size > 0) {
      if (this.flushing.size > 0) await Promise.race(this.flushing);
      else await this.flush();
    }
  }

  private schedule(): void {
    if (this.flushing.size >= this.concurrency) return; // a running flush picks the new work up when it ends
    if (this.pending.length >= this.options.maxBatch) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.maxDelayMs);
    }
  }

  private flush(): Promise<void> {
    const batch = this.pending.splice(0, this.options.maxBatch);
    if (batch.length === 0) return Promise.resolve();
    const flushing: Promise<void> = this.commit(batch).finally(() => {
      this.flushing.delete(flushing);
      // Work that arrived during the commit has already waited a whole commit: write it now.
      if (this.pending.length > 0 && !this.closed) void this.flush();
    });
    this.flushing.add(flushing);
    return flushing;
  }

  private async commit(batch: Pending[]): Promise<void> {
    let results: unknown[];
    try {
      results = await this.write(batch);
    } catch (error) {
      if (batch.length > 1 && (uniqueViolation(error) || isRetryable(error))) return this.commitOneByOne(batch);
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      item.resolve(results[index]);
    });
  }

  /**
   * After a duplicate key, or a deadlock PostgreSQL broke between two relays'
   * batches: each submission in its own transaction, so only a duplicate fails.
   */
  private async commitOneByOne(batch: Pending[]): Promise<void> {
    for (const item of batch) {
      try {
        const [result] = await this.write([item]);
        item.resolve(result);
      } catch (error) {
        item.reject(error);
      }
    }
  }

  /** Writes `batch` in one transaction; answers each item's result. */
  private async write(batch: Pending[]): Promise<unknown[]> {
    const results: unknown[] = [];
    const runScript = this.runScript;
    if (runScript && batch.every((item) => item.buffer)) {
      // Nothing reads inside the transaction: the worker runs it whole, begin to commit.
      const rows = new RowBuffer();
      for (const item of batch) results.push(item.buffer!(rows));
      await runScript(rows.takeStatements(this.db, this.scriptLiteral));
    } else {
      await this.db.transaction().execute(async (trx) => {
        const rows = new RowBuffer();
        for (const item of batch) results.push(item.buffer ? item.buffer(rows) : await item.work!(trx, rows));
        await rows.write(trx);
      });
    }
    return results;
  }
}
