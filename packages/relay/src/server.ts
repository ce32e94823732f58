/**
 * Starting and stopping a relay on Node: open the database, purge what has
 * expired, serve the Hono app, run extra services beside it (the outbox
 * worker), and on stop: stop accepting, stop the services, flush the commit
 * queue, close the database.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { type HttpBindings, serve } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { IdempotencyGate } from './actions/idempotency.js';
import { createRelayApp } from './app.js';
import { ConfigError } from './config/load.js';
import type { RelayConfig } from './config/schema.js';
import type { RelayContext } from './context.js';
import { BatchedLookup } from './db/batched-lookup.js';
import { CommitQueue } from './db/commit-queue.js';
import { isPostgres, isPostgresUrl, redactUrl } from './db/dialect.js';
import { type HashKey, loadHashKey } from './db/hash-key.js';
import { upgradeLegacyHashes } from './db/legacy-hashes.js';
import { openDatabase, readerOf } from './db/open.js';
import { DatabaseRateCounter } from './db/rate-counters.js';
import type { Database } from './db/schema.js';
import { type LogSink, stdoutSink } from './http/access-log.js';
import { clientAddressResolver, type TrustProxy } from './http/client-address.js';
import { consoleBuild, serveConsole } from './http/console.js';
import { MemoryRateCounter } from './http/rate-limit.js';
import { serveWidgets, widgetsDirectory } from './http/widgets.js';
import { paymentProvider } from './payments/from-config.js';
import type { PaymentProvider } from './payments/provider.js';
import { purgeAndRecord } from './retention/purge-runs.js';
import { PetitionFactsCache, petitionFacts } from './routes/facts.js';
import { DatabaseOpenError, ListenError } from './startup-failures.js';

const HOUR_MS = 3_600_000;
/** How long stopping waits for handlers still running (longer than the body timeout's default). */
const DRAIN_MS = 15_000;

/** Counts the requests being handled, so stopping can wait for them. */
class RequestsInFlight {
  private count = 0;
  private idle: (() => void)[] = [];

  async track(handle: () => Response | Promise<Response>): Promise<Response> {
    this.count++;
    try {
      return await handle();
    } finally {
      if (--this.count === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Resolves once no request is being handled, or after `maxMs`. */
  drained(maxMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Something that runs beside the HTTP server for the relay's lifetime (e.g. the outbox worker). */
export interface RelayService {
  /** A name for logs. */
  name: string;
  start(relay: { db: Kysely<Database>; config: RelayConfig; log: LogSink; hashKey: HashKey }): void | Promise<void>;
  /** Stops cleanly; the database stays open until every service has stopped. */
  stop(): Promise<void>;
}

export interface StartRelayOptions {
  config: RelayConfig;
  /** The database: a SQLite file (`.tract/relay.db` by default) or a `postgres://` URL (see `db/target.ts`). */
  dbPath: string;
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  services?: RelayService[];
  log?: LogSink;
  /**
   * HMAC key for challenges; default `TRACT_CHALLENGE_SECRET`, else random per
   * process (SQLite only: relays sharing a PostgreSQL database must share it).
   */
  challengeSecret?: string;
  /**
   * Key of the email hashes; default `TRACT_HASH_KEY`, else the key file
   * beside a SQLite database (see `hash-key.ts`). On PostgreSQL there is no
   * file beside the database and every relay must hash alike: `TRACT_HASH_KEY`.
   */
  hashKey?: HashKey;
  /** Where secrets are read (payment providers); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Mounts more routes on the same origin (the demo serves its page and widgets). */
  extend?: (app: Hono) => void;
  /** The relay's clock (tests move it forward to end reservations and pace windows). */
  now?: () => Date;
}

export interface RunningRelay {
  url: string;
  port: number;
  db: Kysely<Database>;
  app: Hono;
  hashKey: HashKey;
  /** Stop accepting, stop services, flush the commit queue, close the database. */
  close(): Promise<void>;
}

/** Builds the shared context of a relay over an open database. */
export function createRelayContext(
  config: RelayConfig,
  db: Kysely<Database>,
  log: LogSink,
  challengeSecret: string,
  hashKey: HashKey,
  payments: PaymentProvider | undefined = paymentProvider(config, process.env),
): RelayContext {
  return {
    config,
    db,
    queue: new CommitQueue(db, config.commitQueue),
    challenge: { ...config.challenge, secret: challengeSecret },
    // One SQLite relay counts alone, in memory; relays sharing PostgreSQL count together in it.
    limits: isPostgres(db)
      ? {
          perIp: new DatabaseRateCounter(db, 'ip', config.rateLimits.windowSeconds, hashKey),
          perForm: new DatabaseRateCounter(db, 'form', config.rateLimits.windowSeconds, hashKey),
        }
      : {
          perIp: new MemoryRateCounter(config.rateLimits.windowSeconds),
          perForm: new MemoryRateCounter(config.rateLimits.windowSeconds),
        },
    idempotency: new IdempotencyGate(readerOf(db)),
    spendingChallenges: new Set(),
    petitionFacts: new PetitionFactsCache((petition) => petitionFacts(db, petition)),
    spentChallenges: new BatchedLookup(async (signatures) => {
      const rows = await readerOf(db).selectFrom('spent_challenges').select('signature').where('signature', 'in', signatures).execute();
      return new Map(rows.map((row) => [row.signature, row.signature]));
    }),
    hashKey,
    payments,
    log,
    now: () => new Date(),
  };
}

function nodeClientAddress(trustProxy: TrustProxy) {
  const resolve = clientAddressResolver(trustProxy);
  return (c: Context<{ Bindings: HttpBindings }>) => resolve(c.env?.incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'));
}

/** Opens the database, telling a path or server that cannot be used (`DatabaseOpenError`) apart from a bug. */
export async function openDatabaseAt(path: string): Promise<Kysely<Database>> {
  try {
    return await openDatabase(path);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    throw new DatabaseOpenError(redactUrl(path), code, message);
  }
}

/**
 * Relays sharing a PostgreSQL database must sign challenges and hash emails
 * with the same secrets, so those come from the environment there.
 */
function sharedSecret(name: string): never {
  throw new ConfigError(
    `${name} must be set when the database is PostgreSQL: every relay on that database must use the same value ` +
      '(generate one with: openssl rand -base64 32).',
  );
}

/**
 * The hash key beside the database at `path` (read, or written on the first
 * start, in the database's folder, created first): a key file that cannot be
 * written is the database path's problem, told as such.
 */
function hashKeyBeside(path: string): HashKey {
  if (isPostgresUrl(path)) {
    if (process.env.TRACT_HASH_KEY === undefined) sharedSecret('TRACT_HASH_KEY');
    return loadHashKey({ dbPath: ':memory:' });
  }
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return loadHashKey({ dbPath: path });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const { code, message } = error as NodeJS.ErrnoException;
    throw new DatabaseOpenError(path, code, message);
  }
}

/** A challenge secret for this process alone: fine for the one process a SQLite file allows. */
function randomSecret(target: string): string {
  if (isPostgresUrl(target)) sharedSecret('TRACT_CHALLENGE_SECRET');
  return randomBytes(32).toString('base64url');
}

/** Listens on `port`, rejecting with a `ListenError` (port taken, reserved, unknown host) instead of crashing. */
function listen(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  port: number,
  hostname: string,
): Promise<ReturnType<typeof serve>> {
  return new Promise((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(new ListenError(port, hostname, error.code ?? 'unknown'));
    const server = serve({ fetch, port, hostname }, () => {
      server.off('error', refuse);
      resolve(server);
    });
    server.once('error', refuse);
  });
}

/**
 * Starts a relay; resolves once it listens. Rejects with `DatabaseOpenError`
 * or `ListenError` when the database or the port cannot be used, having
 * released whatever it had opened.
 */
export async function startRelay(options: StartRelayOptions): Promise<RunningRelay> {
  const log = options.log ?? stdoutSink;
  // A provider without its secrets is a configuration error, told before anything is opened.
  const payments = paymentProvider(options.config, options.env ?? process.env);
  const hashKey = options.hashKey ?? hashKeyBeside(options.dbPath);
  const secret = options.challengeSecret ?? process.env.TRACT_CHALLENGE_SECRET ?? randomSecret(options.dbPath);
  const db = await openDatabaseAt(options.dbPath);
  const upgraded = await upgradeLegacyHashes(db, hashKey);
  if (upgraded.people + upgraded.consentSubjects + upgraded.suppression > 0) {
    log(JSON.stringify({ time: new Date().toISOString(), event: 'hashes_keyed', ...upgraded }));
  }
  const purged = await purgeAndRecord(db, new Date());
  log(JSON.stringify({ time: new Date().toISOString(), event: 'purge', ...purged }));
  const ctx = createRelayContext(options.config, db, log, secret, hashKey, payments);
  if (options.now) ctx.now = options.now;
  const app = createRelayApp(ctx, { clientAddress: nodeClientAddress(options.config.trustProxy) as (c: Context) => string });
  const widgets = widgetsDirectory();
  if (widgets) serveWidgets(app, widgets);
  const consoleApps = consoleBuild();
  if (consoleApps) serveConsole(app, consoleApps);
  options.extend?.(app);

  const services = options.services ?? [];
  const requests = new RequestsInFlight();
  for (const service of services) await service.start({ db, config: options.config, log, hashKey });
  let server: ReturnType<typeof serve>;
  try {
    server = await listen((request, env) => requests.track(() => app.fetch(request, env)), options.port, options.hostname ?? '127.0.0.1');
  } catch (error) {
    for (const service of services) await service.stop();
    await ctx.queue.close();
    await db.destroy();
    throw error;
  }

  const purgeTimer = setInterval(() => {
    purgeAndRecord(db, new Date()).then(
      (report) => log(JSON.stringify({ time: new Date().toISOString(), event: 'purge', ...report })),
      (error: Error) => log(JSON.stringify({ time: new Date().toISOString(), event: 'purge_failed', error: error.message })),
    );
  }, HOUR_MS);
  purgeTimer.unref();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log(JSON.stringify({ time: new Date().toISOString(), event: 'listening', url }));

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(purgeTimer);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold close() open; requests in flight still finish.
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      for (const service of services) await service.stop();
      await stopped;
      // A request whose client hung up no longer holds the server open, but its handler still runs:
      // it must reach its answer before the queue and the database close under it.
      await requests.drained(DRAIN_MS);
      await ctx.queue.close();
      await db.destroy();
      log(JSON.stringify({ time: new Date().toISOString(), event: 'stopped' }));
    })();
    return closing;
  };
  return { url, port: address.port, db, app, hashKey, close };
}
