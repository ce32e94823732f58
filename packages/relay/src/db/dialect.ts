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
 * - a second, small pool whose commits need not wait for the disk (rate
 *   counters: see `relaxedOf` in `open.ts`).
 *
 * Columns stay portable on both: text (timestamps are ISO 8601 UTC text,
 * JSON is text) and integer. `count` and `sum` come back as strings from
 * `pg` (bigint), which every caller already converts with `Number`.
 */
import { type CompiledQuery, type Kysely, PostgresAdapter, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import type { ScriptRunner } from './worker-dialect.js';

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

/**
 * `pg`'s pool for the database at `url`. `relaxed`: its sessions run with
 * `synchronous_commit=off` (a commit returns before its WAL reaches the
 * disk), for data whose loss in a crash costs nothing: rate counters.
 */
export function postgresPool(url: string, poolSize = POOL_SIZE, relaxed = false): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(relaxed ? { options: '-c synchronous_commit=off' } : {}),
  });
  // A connection that dies idle (server restart) must not crash the relay: the pool replaces it.
  pool.on('error', () => {});
  return pool;
}

/** A Kysely dialect over a pool from `postgresPool`. */
export function postgresDialect(pool: pg.Pool): PostgresDialect {
  return new PostgresDialect({ pool });
}

/**
 * Writes a group commit's statements in one round trip, as SQLite's worker
 * does: one query string holding every statement, which PostgreSQL runs as
 * one implicit transaction (all or nothing, committed durably before it
 * answers). Several statements in one string need the simple protocol, which
 * takes no parameters, so the values are written into the text as literals,
 * escaped by `pg`. Without this, each of a batch's eight statements was a
 * round trip during which PostgreSQL sat "idle in transaction" holding its
 * row locks, waiting for a busy relay's event loop.
 */
export function postgresScriptRunner(pool: pg.Pool): ScriptRunner {
  return async (statements) => {
    if (statements.length === 0) return;
    await pool.query(statements.map(inlineParameters).join(';\n'));
  };
}

/**
 * The statement with its `$n` placeholders replaced by escaped literals
 * (Kysely puts every value in a parameter). The group commit's multi-row
 * inserts arrive with their values already written (`scriptLiteralOf`).
 */
function inlineParameters({ sql: text, parameters }: CompiledQuery): string {
  if (parameters.length === 0) return text;
  return text.replace(/\$(\d+)/g, (_placeholder, n: string) => sqlLiteral(parameters[Number(n) - 1]));
}

/** Text with no quote or backslash: quoted as is (`pg.escapeLiteral` would copy it character by character). */
const PLAIN_TEXT = /^[^'\\]*$/;

/** A value written as a PostgreSQL literal: the only way values travel in a multi-statement script. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return PLAIN_TEXT.test(value) ? `'${value}'` : pg.escapeLiteral(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new TypeError(`Cannot write a ${typeof value} into a batch statement.`);
}

/** How the group commit's script runner for `db` takes values: written into the text on PostgreSQL, as parameters on SQLite. */
export function scriptLiteralOf(db: Kysely<Database>): ((value: unknown) => string) | undefined {
  return isPostgres(db) ? sqlLiteral : undefined;
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
 * Serialises the transactions that read then write one running total (an
 * event's seats, a donor's yearly pledges): on PostgreSQL, concurrent batches
 * of one relay and of every other relay would otherwise each read the total
 * without the other's seats. Held until commit. SQLite has one writer: nothing to take.
 */
export async function lockTotal(trx: Transaction<Database>, name: string): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
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

/**
 * A failure PostgreSQL asks to retry: a deadlock it broke (40P01) or a
 * serialization failure (40001), e.g. two relays' batches locking the same
 * rows in opposite orders.
 */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === '40P01' || code === '40001';
}
