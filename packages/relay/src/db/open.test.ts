import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ON_POSTGRES, type OpenTestDatabase, openTestDatabase } from '../test-support/database.js';
import { openDatabase, readerOf } from './open.js';
import type { Database } from './schema.js';

let opened: OpenTestDatabase;
let db: Kysely<Database>;

beforeEach(async () => {
  opened = await openTestDatabase('tract-open-');
  db = opened.db;
});
afterEach(() => opened.close());

const signatures = (reader: Kysely<Database>) =>
  reader
    .selectFrom('spent_challenges')
    .select('signature')
    .orderBy('signature')
    .execute()
    .then((rows) => rows.map((row) => row.signature));

/** Fails instead of hanging when `promise` waits for the writer. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
}

// The read-only second connection is SQLite's (WAL readers); on PostgreSQL `readerOf` is the pool itself.
describe.skipIf(ON_POSTGRES)('readerOf', () => {
  it('reads committed rows while a write transaction holds the writer, without seeing its uncommitted rows', async () => {
    const reader = readerOf(db);
    expect(reader).not.toBe(db);
    await db.insertInto('spent_challenges').values({ signature: 'committed', expires_at: '2099-01-01T00:00:00Z' }).execute();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('spent_challenges').values({ signature: 'in-flight', expires_at: '2099-01-01T00:00:00Z' }).execute();
      expect(await within(2000, signatures(reader))).toEqual(['committed']);
    });
    expect(await signatures(reader)).toEqual(['committed', 'in-flight']);
  });

  it('cannot write', async () => {
    await expect(
      readerOf(db).insertInto('spent_challenges').values({ signature: 'x', expires_at: '2099-01-01T00:00:00Z' }).execute(),
    ).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
  });

  it('is the database itself when it is in memory (no second connection can share it)', async () => {
    const memory = await openDatabase(':memory:');
    try {
      expect(readerOf(memory)).toBe(memory);
    } finally {
      await memory.destroy();
    }
  });
});
