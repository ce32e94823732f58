/**
 * The database a test relay runs on. By default a SQLite file in the test's
 * temporary folder; with `TRACT_TEST_POSTGRES=1`, a database of its own,
 * freshly created on the PostgreSQL server (`TRACT_TEST_POSTGRES_URL`,
 * default the local one) and dropped when the relay stops, so the same suite
 * proves every behaviour on both.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../db/open.js';
import type { Database } from '../db/schema.js';

/** Whether this run of the suite is the PostgreSQL one. */
export const ON_POSTGRES = process.env.TRACT_TEST_POSTGRES === '1';

/** The server's maintenance database, where test databases are created and dropped. */
export const TEST_POSTGRES_URL = process.env.TRACT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** What `startRelay` opens: a file path or a `postgres://` URL. */
  target: string;
  drop(): Promise<void>;
}

/** Runs one statement on the maintenance database. */
async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL database; its URL and how to drop it. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `tract_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  // Which test made it: a database left behind names its culprit (`\l+` shows the comment).
  const caller = (new Error().stack ?? '').split('\n').find((line) => /\.test\.ts/.test(line)) ?? 'unknown';
  await admin(`comment on database ${name} is ${pg.escapeLiteral(caller.trim().slice(0, 200))}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    target: url.toString(),
    // FORCE: a relay killed by a test may have left connections open.
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/** The database of a test relay whose files live in `dir`. */
export async function testDatabase(dir: string): Promise<TestDatabase> {
  if (ON_POSTGRES) return createPostgresDatabase();
  return { target: join(dir, 'relay.db'), drop: async () => {} };
}

/** A migrated database opened for a test, in a temporary folder of its own; `close` removes it all. */
export interface OpenTestDatabase {
  db: Kysely<Database>;
  close(): Promise<void>;
}

/** Opens a fresh, migrated database of this run's kind (SQLite in a new folder named after `prefix`, or PostgreSQL). */
export async function openTestDatabase(prefix: string): Promise<OpenTestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const database = await testDatabase(dir);
  const db = await openDatabase(database.target);
  return {
    db,
    async close() {
      await db.destroy();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
