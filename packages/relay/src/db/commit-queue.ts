/**
 * Group commit. With `synchronous=FULL` every commit waits for the disk, so one
 * transaction per request caps the relay near 3,500 writes/s. Concurrent
 * submissions instead join a batch that is written in one transaction (after
 * `maxDelayMs`, or sooner once it holds `maxBatch`), and each request is
 * answered only after that transaction committed.
 */
import type { Kysely, Transaction } from 'kysely';
import { RowBuffer } from './row-buffer.js';
import type { Database } from './schema.js';

/**
 * One submission's work inside the batch transaction. It adds its rows to
 * `rows` (written in bulk before the commit). Work that reads what earlier
 * work in the batch wrote (running totals, capacity) calls `rows.write(trx)` first.
 */
export type BatchWork<T> = (trx: Transaction<Database>, rows: RowBuffer) => Promise<T>;

interface Pending {
  work: BatchWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The queue is closed: the relay is shutting down. */
export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
}

export interface CommitQueueOptions {
  maxBatch: number;
  maxDelayMs: number;
}

export class CommitQueue {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: CommitQueueOptions,
  ) {}

  /** Runs `work` in the next batch; resolves with its result once the batch is committed. */
  run<T>(work: BatchWork<T>): Promise<T> {
    if (this.closed) return Promise.reject(new QueueClosedError('The relay is shutting down.'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Writes everything queued, then refuses new work. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    while (this.pending.length > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
  }

  private schedule(): void {
    if (this.flushing) return; // the running flush picks the new work up when it ends
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
    this.flushing = this.commit(batch).finally(() => {
      this.flushing = undefined;
      // Work that arrived during the commit has already waited a whole commit: write it now.
      if (this.pending.length > 0 && !this.closed) void this.flush();
    });
    return this.flushing;
  }

  private async commit(batch: Pending[]): Promise<void> {
    const results: unknown[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        const rows = new RowBuffer();
        for (const item of batch) results.push(await item.work(trx, rows));
        await rows.write(trx);
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      item.resolve(results[index]);
    });
  }
}
