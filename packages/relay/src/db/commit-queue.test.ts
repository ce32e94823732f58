import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenTestDatabase, openTestDatabase } from '../test-support/database.js';
import { CommitQueue, QueueClosedError } from './commit-queue.js';
import { uniqueViolation } from './dialect.js';
import type { Database } from './schema.js';

let opened: OpenTestDatabase;
let db: Kysely<Database>;

beforeEach(async () => {
  opened = await openTestDatabase('tract-queue-');
  db = opened.db;
});
afterEach(() => opened.close());

const challenge = (n: number) => ({ signature: `sig-${n}`, expires_at: '2099-01-01T00:00:00Z' });

describe('CommitQueue', () => {
  it('writes concurrent work in few transactions and resolves each after its commit', async () => {
    const queue = new CommitQueue(db, { maxBatch: 50, maxDelayMs: 5 });
    const batches = new Set<unknown>();
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, n) =>
        queue.run(async (_trx, rows) => {
          batches.add(rows);
          rows.addSpentChallenge(challenge(n));
          return n;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 120 }, (_, n) => n));
    expect(batches.size).toBeLessThanOrEqual(4);
    const count = await db
      .selectFrom('spent_challenges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(120);
  });

  it('rejects every submission of a batch whose transaction fails, and writes none of it', async () => {
    const queue = new CommitQueue(db, { maxBatch: 10, maxDelayMs: 5 });
    const ok = queue.run(async (_trx, rows) => rows.addSpentChallenge(challenge(1)));
    const failing = queue.run(async () => {
      throw new Error('disk on fire');
    });
    await expect(ok).rejects.toThrow('disk on fire');
    await expect(failing).rejects.toThrow('disk on fire');
    expect(await db.selectFrom('spent_challenges').selectAll().execute()).toHaveLength(0);
  });

  it('flushes queued work on close, then refuses more', async () => {
    const queue = new CommitQueue(db, { maxBatch: 1000, maxDelayMs: 1000 });
    const pending = queue.run(async (_trx, rows) => rows.addSpentChallenge(challenge(7)));
    await queue.close();
    await pending;
    expect(await db.selectFrom('spent_challenges').selectAll().execute()).toHaveLength(1);
    await expect(queue.run(async () => undefined)).rejects.toBeInstanceOf(QueueClosedError);
  });

  it('writes a batch that only adds rows in one round trip; a duplicate key fails only its own submission', async () => {
    const queue = new CommitQueue(db, { maxBatch: 50, maxDelayMs: 5 });
    const written = await Promise.all(
      Array.from({ length: 60 }, (_, n) => queue.runBuffered((rows) => rows.addSpentChallenge(challenge(100 + n)))),
    );
    expect(written).toHaveLength(60);
    expect(await db.selectFrom('spent_challenges').selectAll().execute()).toHaveLength(60);

    const record = { request_hash: 'h', status_code: 202, response_body: '{}', created_at: 'now', expires_at: '2099-01-01T00:00:00Z' };
    const first = queue.runBuffered((rows) => {
      rows.addSpentChallenge(challenge(999));
      rows.addIdempotencyRecord({ key: 'same', ...record });
    });
    const duplicate = queue.runBuffered((rows) => rows.addIdempotencyRecord({ key: 'same', ...record }));
    await expect(first).resolves.toBeUndefined();
    const refusal = await duplicate.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(uniqueViolation(refusal)).toEqual({ constraint: 'idempotency_records_pkey' });
    // The first submission of the batch was written again on its own, whole.
    expect(await db.selectFrom('spent_challenges').selectAll().where('signature', '=', 'sig-999').execute()).toHaveLength(1);
    expect(await db.selectFrom('idempotency_records').selectAll().execute()).toHaveLength(1);
  });

  it('writes every value of a one-round-trip batch verbatim: quotes, backslashes, placeholders, accents, null', async () => {
    const queue = new CommitQueue(db, { maxBatch: 50, maxDelayMs: 5 });
    const tricky = ["O'Brien; drop table actions; --", 'back\\slash \\x27 $1 $$ $2', 'Zoé « Ünïcode » 𝄞', "E'\\'"];
    await Promise.all(
      tricky.map((body, n) =>
        queue.runBuffered((rows) =>
          rows.addIdempotencyRecord({
            key: `k-${n}`,
            request_hash: body,
            status_code: 202 + n,
            response_body: body,
            created_at: 'now',
            expires_at: '2099-01-01T00:00:00Z',
          }),
        ),
      ),
    );
    const stored = await db
      .selectFrom('idempotency_records')
      .select(['key', 'request_hash', 'status_code', 'response_body'])
      .orderBy('key')
      .execute();
    expect(stored).toEqual(tricky.map((body, n) => ({ key: `k-${n}`, request_hash: body, status_code: 202 + n, response_body: body })));
    expect(await db.selectFrom('actions').select('id').execute()).toEqual([]);
  });
});
