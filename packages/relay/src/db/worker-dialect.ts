/**
 * A Kysely SQLite dialect whose better-sqlite3 connection lives in a worker
 * thread. better-sqlite3 is synchronous: on the main thread every commit
 * would stop the HTTP server while `synchronous=FULL` waits for the disk. In
 * a worker, the server keeps parsing and validating the next batch meanwhile.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteDialect,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/**
 * The worker's code, plain CommonJS so it runs under any loader (tsx, vitest,
 * built JS). It keeps prepared statements by SQL text: the relay runs the same
 * few dozen all day.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driverPath);
let db;
const cache = new Map();
function statement(sql) {
  let stmt = cache.get(sql);
  if (stmt) { cache.delete(sql); }
  else {
    stmt = db.prepare(sql);
    if (cache.size >= 256) cache.delete(cache.keys().next().value);
  }
  cache.set(sql, stmt);
  return stmt;
}
try {
  db = new SQLite(workerData.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, not just unlinked: an erasure must leave no readable byte.
  db.pragma('secure_delete = ON');
  // The checkpointer thread copies the WAL into the database; this is only the backstop.
  db.pragma('wal_autocheckpoint = 10000');
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: { message: error.message, code: error.code } });
}
const runScript = (statements) => {
  for (const { sql, parameters } of statements) statement(sql).run(parameters);
};
parentPort.on('message', ({ id, sql, parameters, script, close }) => {
  if (close) { cache.clear(); db.close(); parentPort.postMessage({ id, closed: true }); return; }
  if (script) {
    try {
      db.transaction(runScript)(script);
      parentPort.postMessage({ id, changes: script.length });
    } catch (error) {
      parentPort.postMessage({ id, error: { message: error.message, code: error.code } });
    }
    return;
  }
  try {
    const stmt = statement(sql);
    if (stmt.reader) parentPort.postMessage({ id, rows: stmt.all(parameters) });
    else {
      const { changes, lastInsertRowid } = stmt.run(parameters);
      parentPort.postMessage({ id, changes, lastInsertRowid });
    }
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code } });
  }
});
`;

/** How many times a TRUNCATE checkpoint is tried (each waits up to the busy timeout) before giving up. */
const TRUNCATE_ATTEMPTS = 20;

/**
 * A second connection, in its own thread, that checkpoints the WAL every
 * 20 ms. Left to SQLite, the commit that crosses the WAL threshold copies
 * and syncs the whole database file itself, and every request in that batch
 * waits for it. A passive checkpoint never blocks the writer, but its fsync
 * of the database file shares the disk with the commits' fsync of the WAL:
 * on a database of 70,000 submissions, one checkpoint a second synced a
 * second's worth of scattered pages and held commits up to 45 ms.
 * Checkpointing every 20 ms keeps each sync small; when the WAL holds nothing
 * new, a checkpoint returns without syncing.
 */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driverPath);
const db = new SQLite(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('secure_delete = ON');
setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, 20);
// A TRUNCATE checkpoint copies every frame into the database and empties the
// WAL file, so pages holding erased rows survive in neither. It waits for
// readers of older frames, through the busy timeout, and is retried until they let it.
parentPort.on('message', ({ id }) => {
  const attempt = (tries) => {
    let busy = 1;
    try { busy = db.pragma('wal_checkpoint(TRUNCATE)')[0].busy; } catch {}
    if (busy === 0 || tries >= ${TRUNCATE_ATTEMPTS}) parentPort.postMessage({ id, truncated: busy === 0 });
    else setTimeout(() => attempt(tries + 1), 20);
  };
  attempt(1);
});
`;

interface Reply {
  id: number;
  rows?: unknown[];
  changes?: number;
  lastInsertRowid?: number | bigint;
  error?: { message: string; code?: string };
}

/** An error SQLite raised in the worker, with its code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_PRIMARYKEY`...). */
export class SqliteWorkerError extends Error {
  override name = 'SqliteError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

class WorkerConnection implements DatabaseConnection {
  private nextId = 0;
  private pending = new Map<number, { resolve(reply: Reply): void; reject(error: Error): void }>();

  constructor(readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      waiter.resolve(reply);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('The SQLite worker stopped.')));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  request(message: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.request({ sql: compiledQuery.sql, parameters: compiledQuery.parameters });
    if (reply.error) throw new SqliteWorkerError(reply.error.message, reply.error.code);
    if (reply.rows) return { rows: reply.rows as R[] };
    return {
      rows: [],
      numAffectedRows: reply.changes === undefined ? undefined : BigInt(reply.changes),
      insertId: reply.lastInsertRowid === undefined ? undefined : BigInt(reply.lastInsertRowid),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered; the relay never streams.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported by the SQLite worker dialect.');
  }
}

/** SQLite has one connection: callers take turns, as in Kysely's own SQLite driver. */
class ConnectionMutex {
  private promise: Promise<void> | undefined;
  private resolve: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.promise) await this.promise;
    this.promise = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  unlock(): void {
    const resolve = this.resolve;
    this.promise = undefined;
    this.resolve = undefined;
    resolve?.();
  }
}

class WorkerSqliteDriver implements Driver {
  private connection: WorkerConnection | undefined;
  private checkpointer: Worker | undefined;
  private truncations = new Map<number, (truncated: boolean) => void>();
  private nextTruncation = 0;
  private reader: SQLite.Database | undefined;
  private mutex = new ConnectionMutex();

  constructor(private readonly path: string) {}

  async init(): Promise<void> {
    const workerData = { path: this.path, driverPath: createRequire(import.meta.url).resolve('better-sqlite3') };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    const ready = await new Promise<{ ready: boolean; error?: { message: string; code?: string } }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (!ready.ready) {
      await worker.terminate();
      throw new SqliteWorkerError(`Cannot open the database ${this.path}: ${ready.error?.message}`, ready.error?.code);
    }
    this.connection = new WorkerConnection(worker);
    // An in-memory database has no WAL and cannot be shared with a second connection.
    if (this.path !== ':memory:') {
      this.checkpointer = new Worker(CHECKPOINTER_SOURCE, { eval: true, workerData });
      this.checkpointer.on('message', ({ id, truncated }: { id: number; truncated: boolean }) => {
        this.truncations.get(id)?.(truncated);
        this.truncations.delete(id);
      });
      // Losing it only costs latency: SQLite's own checkpoint at 10,000 pages takes over.
      this.checkpointer.on('error', () => {
        this.checkpointer = undefined;
        for (const settle of this.truncations.values()) settle(false);
        this.truncations.clear();
      });
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection!;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  /** Runs `statements` in one transaction, in one round trip to the worker. */
  async runScript(statements: readonly CompiledQuery[]): Promise<void> {
    await this.mutex.lock();
    try {
      const reply = await this.connection!.request({ script: statements.map(({ sql, parameters }) => ({ sql, parameters })) });
      if (reply.error) throw new SqliteWorkerError(reply.error.message, reply.error.code);
    } finally {
      this.mutex.unlock();
    }
  }

  /**
   * Checkpoints the whole WAL into the database and truncates it to zero
   * bytes. Resolves false when readers kept it from completing, or when there
   * is no checkpointer (an in-memory database has no WAL to truncate: true).
   */
  truncateWal(): Promise<boolean> {
    if (this.path === ':memory:') return Promise.resolve(true);
    const checkpointer = this.checkpointer;
    if (!checkpointer) return Promise.resolve(false);
    const id = this.nextTruncation++;
    return new Promise((resolve) => {
      this.truncations.set(id, resolve);
      checkpointer.postMessage({ id });
    });
  }

  /** The read-only connection of this thread, opened on first use and closed with the database. */
  openReader(): SQLite.Database {
    if (!this.reader) {
      this.reader = new SQLite(this.path, { readonly: true, fileMustExist: true });
      this.reader.pragma('busy_timeout = 5000');
    }
    return this.reader;
  }

  async destroy(): Promise<void> {
    this.reader?.close();
    this.reader = undefined;
    await this.checkpointer?.terminate();
    this.checkpointer = undefined;
    for (const settle of this.truncations.values()) settle(false);
    this.truncations.clear();
    const connection = this.connection;
    this.connection = undefined;
    if (!connection) return;
    await connection.request({ close: true });
    await connection.worker.terminate();
  }
}

/** Writes a list of statements as one transaction (a whole group commit in one go). */
export type ScriptRunner = (statements: readonly CompiledQuery[]) => Promise<void>;

/** SQLite through better-sqlite3 in a worker thread (WAL, `synchronous=FULL`). */
export class WorkerSqliteDialect implements Dialect {
  private driver: WorkerSqliteDriver | undefined;

  constructor(private readonly path: string) {}

  createDriver(): Driver {
    this.driver = new WorkerSqliteDriver(this.path);
    return this.driver;
  }

  /**
   * Runs statements as one transaction in one message to the worker, taking
   * turns with Kysely's queries. Available once the database is open.
   */
  readonly runScript: ScriptRunner = (statements) => {
    if (!this.driver) return Promise.reject(new Error('The database is not open yet.'));
    return this.driver.runScript(statements);
  };

  /** See `WorkerSqliteDriver.truncateWal`. */
  readonly truncateWal = (): Promise<boolean> => {
    if (!this.driver) return Promise.reject(new Error('The database is not open yet.'));
    return this.driver.truncateWal();
  };

  /**
   * A dialect for reads on a second, read-only connection in this thread.
   * In WAL mode a reader sees the last commit and never waits for the writer,
   * so a point lookup no longer queues behind a group commit's fsync in the
   * worker (nor pays a round trip to it). It is closed with the database; an
   * in-memory database (no WAL, not shareable) has none.
   */
  readonly readerDialect = (): Dialect | undefined => {
    if (!this.driver) throw new Error('The database is not open yet.');
    if (this.path === ':memory:') return undefined;
    return new SqliteDialect({ database: this.driver.openReader() });
  };

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}
