/**
 * Everything that differs between the two databases the relay runs on, in
 * one place. SQLite (embedded, one process, the default) and PostgreSQL (any
 * number of relays on one server) share the schema, the migrations and every
 * query; what this module owns is only what cannot be shared:
 *
 * - how to connect (a file path, or a `postgres://` URL through `pg`'s pool);
 * - claiming rows with `FOR UPDATE SKIP LOCKED` (PostgreSQL: several workers
 *   skip each other's rows; SQLite has one writer and needs no lock);
 * - advisory locks (PostgreSQL: one relay at a time runs the migrations or
 *   the purge; SQLite: the process is alone);
 * - how a unique violation is told (`SQLITE_CONSTRAINT_*` or SQLSTATE 23505);
 * - transactions whose commit need not wait for the disk (rate counters).
 *
 * Columns stay portable on both: text (timestamps are ISO 8601 UTC text,
 * JSON is text) and integer. `count` and `sum` come back as strings from
 * `pg` (bigint), which every caller already converts with `Number`.
 */
import { type Kysely, PostgresAdapter, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/** A PostgreSQL connection string (`postgres://` or `postgresql://`). */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The URL with its password masked, for logs and error messages. */
export function redactUrl(target: string): string {
  if (!isPostgresUrl(target)) return target;
  try {
    const url = new URL(target);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the PostgreSQL URL (unreadable)';
  }
}

/** Whether the URL carries a password (only the environment may hold one). */
export function urlHasPassword(target: string): boolean {
  try {
    return new URL(target).password !== '';
  } catch {
    return false;
  }
}

/** Whether `db` (or a transaction of it) runs on PostgreSQL. */
export function isPostgres(db: Kysely<Database> | Transaction<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Pool size per relay: enough for a group commit, the lookups beside it and the workers. */
const POOL_SIZE = 16;

/** A Kysely dialect for PostgreSQL over `pg`'s pool. */
export function postgresDialect(url: string, poolSize = POOL_SIZE): PostgresDialect {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A connection that dies idle (server restart) must not crash the relay: the pool replaces it.
  pool.on('error', () => {});
  return new PostgresDialect({ pool });
}

/**
 * Adds `FOR UPDATE SKIP LOCKED` on PostgreSQL: rows another worker is
 * claiming are skipped instead of waited for. SQLite needs nothing: its one
 * writer claims alone.
 */
export function skipLocked<Q extends { forUpdate(): Q; skipLocked(): Q }>(db: Kysely<Database> | Transaction<Database>, query: Q): Q {
  return isPostgres(db) ? query.forUpdate().skipLocked() : query;
}

/** Advisory lock ids: one per job that only one relay may run at a time. */
export const LOCKS = { migrate: 7_215_001, purge: 7_215_002 } as const;

/**
 * Takes the transaction-scoped advisory lock `id`, waiting for it
 * (PostgreSQL). Released at commit or rollback. SQLite: nothing to take.
 */
export async function lockForTransaction(trx: Transaction<Database>, id: number): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${id})`.execute(trx);
}

/**
 * Tries the transaction-scoped advisory lock `id` without waiting
 * (PostgreSQL): false when another relay holds it. SQLite: always true.
 */
export async function tryLockForTransaction(trx: Transaction<Database>, id: number): Promise<boolean> {
  if (!isPostgres(trx)) return true;
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${id}) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/**
 * Lets the commit of this transaction return before its WAL reaches the disk
 * (PostgreSQL): for data whose loss in a crash costs nothing, like rate
 * counters, so their row locks are not held for an fsync.
 */
export async function relaxDurability(trx: Transaction<Database>): Promise<void> {
  if (isPostgres(trx)) await sql`set local synchronous_commit = off`.execute(trx);
}

/** Whether `error` is a unique or primary-key violation, and on which constraint or table when known. */
export function uniqueViolation(error: unknown): { constraint: string } | undefined {
  const { code, message, constraint } = (error ?? {}) as { code?: string; message?: string; constraint?: string };
  if (code === '23505') return { constraint: constraint ?? '' };
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    // "UNIQUE constraint failed: idempotency_records.key": the table names the constraint.
    const table = /failed: (\w+)\./.exec(message ?? '')?.[1];
    return { constraint: table ? `${table}_pkey` : '' };
  }
  return undefined;
}
