/**
 * Opens the embedded database: SQLite in WAL mode with `synchronous=FULL`, so
 * a commit has reached the disk before the relay acknowledges anything, in a
 * worker thread (see `worker-dialect.ts`), then applies pending migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, sql } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';
import { type ScriptRunner, WorkerSqliteDialect } from './worker-dialect.js';

const scriptRunners = new WeakMap<Kysely<Database>, ScriptRunner>();
const walTruncators = new WeakMap<Kysely<Database>, () => Promise<boolean>>();
const readers = new WeakMap<Kysely<Database>, Kysely<Database>>();

/** Opens (creating if needed) the SQLite database at `path` and migrates it. */
export async function openDatabase(path: string): Promise<Kysely<Database>> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const dialect = new WorkerSqliteDialect(path);
  const db = new Kysely<Database>({ dialect });
  scriptRunners.set(db, dialect.runScript);
  walTruncators.set(db, dialect.truncateWal);
  await migrate(db);
  const readerDialect = dialect.readerDialect();
  if (readerDialect) readers.set(db, new Kysely<Database>({ dialect: readerDialect }));
  return db;
}

/**
 * How to write a whole batch of statements in one round trip, when the
 * database offers it (the embedded SQLite does); undefined otherwise.
 */
export function scriptRunnerOf(db: Kysely<Database>): ScriptRunner | undefined {
  return scriptRunners.get(db);
}

/**
 * After an erasure: copies the write-ahead log into the database file and
 * empties it, so the erased rows (zeroed in the database by `secure_delete`)
 * no longer sit in older WAL frames either. Resolves false when readers kept
 * it from completing; true when done, or when the database keeps no WAL file.
 */
export function truncateWal(db: Kysely<Database>): Promise<boolean> {
  return walTruncators.get(db)?.() ?? Promise.resolve(true);
}

/**
 * Where to run the point lookups of the submission path (idempotency keys,
 * spent challenges): a read-only connection that a running group commit does
 * not hold up, when the database offers one; `db` itself otherwise. It sees
 * every committed write, which is all those lookups need: work not yet
 * committed is tracked in memory by the callers.
 */
export function readerOf(db: Kysely<Database>): Kysely<Database> {
  return readers.get(db) ?? db;
}

/** Applies every migration not yet recorded, each in its own transaction. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('relay_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const applied = new Set((await db.selectFrom('relay_migrations').select('version').execute()).map((row) => row.version));
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx as unknown as Kysely<unknown>);
      await trx
        .insertInto('relay_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
        .execute();
    });
  }
  await sql`select 1`.execute(db);
}
