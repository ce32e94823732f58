/**
 * Opens the relay's database, then applies pending migrations. By default the
 * embedded one: SQLite in WAL mode with `synchronous=FULL`, so a commit has
 * reached the disk before the relay acknowledges anything, in a worker thread
 * (see `worker-dialect.ts`). Given a `postgres://` URL, PostgreSQL through
 * `pg`'s pool (see `dialect.ts`), which any number of relays can share.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, sql, type Transaction } from 'kysely';
import { isPostgres, isPostgresUrl, LOCKS, lockForTransaction, postgresDialect, postgresPool, postgresScriptRunner } from './dialect.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';
import { type ScriptRunner, WorkerSqliteDialect } from './worker-dialect.js';

const scriptRunners = new WeakMap<Kysely<Database>, ScriptRunner>();
const walTruncators = new WeakMap<Kysely<Database>, () => Promise<boolean>>();
const readers = new WeakMap<Kysely<Database>, Kysely<Database>>();
const relaxedHandles = new WeakMap<Kysely<Database>, Kysely<Database>>();

/**
 * Opens the database `target` names and migrates it: a `postgres://` URL, or
 * the path of a SQLite file (created if needed).
 */
export async function openDatabase(target: string): Promise<Kysely<Database>> {
  if (isPostgresUrl(target)) {
    const pool = postgresPool(target);
    const db = new Kysely<Database>({ dialect: postgresDialect(pool) });
    scriptRunners.set(db, postgresScriptRunner(pool));
    try {
      await migrate(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    const relaxed = new Kysely<Database>({ dialect: postgresDialect(postgresPool(target, 4, true)) });
    relaxedHandles.set(db, relaxed);
    // Closing the database closes its relaxed pool too.
    const destroy = db.destroy.bind(db);
    db.destroy = async () => {
      await relaxed.destroy();
      await destroy();
    };
    return db;
  }
  const path = target;
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
 * How to write a whole batch of statements in one round trip, as one
 * transaction (the SQLite worker and PostgreSQL both offer it).
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

/**
 * Where to write what a crash may lose (rate counters): on PostgreSQL, a
 * small pool of sessions with `synchronous_commit=off`, so an increment
 * commits without waiting for the disk and holds its row lock for
 * microseconds; `db` itself otherwise (SQLite counts in memory anyway).
 */
export function relaxedOf(db: Kysely<Database>): Kysely<Database> {
  return relaxedHandles.get(db) ?? db;
}

/**
 * Applies every migration not yet recorded, each in its own transaction. On
 * PostgreSQL, relays starting together must not migrate twice: the whole run
 * is one transaction under an advisory lock (PostgreSQL's DDL is
 * transactional), so the second relay waits and then finds nothing to do.
 */
export async function migrate(db: Kysely<Database>): Promise<number> {
  if (isPostgres(db)) {
    return db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, LOCKS.migrate);
      return applyMigrations(trx, (work) => work(trx));
    });
  }
  const applied = await applyMigrations(db, (work) => db.transaction().execute(work));
  await sql`select 1`.execute(db);
  return applied;
}

/** Creates the migrations table, then runs each missing migration through `inTransaction`; answers how many ran. */
async function applyMigrations(
  db: Kysely<Database> | Transaction<Database>,
  inTransaction: (work: (trx: Transaction<Database>) => Promise<void>) => Promise<void>,
): Promise<number> {
  await db.schema
    .createTable('relay_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const applied = new Set((await db.selectFrom('relay_migrations').select('version').execute()).map((row) => row.version));
  let count = 0;
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await inTransaction(async (trx) => {
      await migration.up(trx as unknown as Kysely<unknown>);
      await trx
        .insertInto('relay_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
        .execute();
    });
    count++;
  }
  return count;
}
