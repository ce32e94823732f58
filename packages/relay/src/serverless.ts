/**
 * The relay as serverless functions on PostgreSQL: `fetch` answers HTTP
 * requests (the Hono app's `app.fetch`), `scheduled` is the job a platform's
 * scheduler runs every minute or so: the outbox worker's deliveries, the
 * confirmation mail, the purge. Nothing lives in the function's memory that
 * another instance needs: challenges spent, rate counters, idempotency and
 * claims are all in the database (see `db/dialect.ts`), so the platform may
 * run any number of instances and stop any of them at any time.
 *
 *   import { serverlessRelayFromEnv } from '@tract/relay/serverless';
 *   const relay = serverlessRelayFromEnv();
 *   export default { fetch: relay.fetch, scheduled: relay.scheduled };
 *
 * Environment: `TRACT_DATABASE_URL`, `TRACT_CONFIG_JSON` (the configuration
 * itself) or `TRACT_CONFIG` (its file), `TRACT_HASH_KEY`,
 * `TRACT_CHALLENGE_SECRET`, and the backend's and SMTP's secrets. Set
 * `trustProxy` to the platform's proxy hops (usually 1): there is no socket
 * to read the client's address from.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { createRelayApp } from './app.js';
import { ConfigError, loadConfigFile, parseConfig } from './config/load.js';
import type { RelayConfig } from './config/schema.js';
import type { RelayContext } from './context.js';
import { isPostgresUrl } from './db/dialect.js';
import { type HashKey, loadHashKey } from './db/hash-key.js';
import { openDatabase } from './db/open.js';
import type { Database } from './db/schema.js';
import { backendFromConfig, deliveryPolicyFromConfig } from './forwarding/backend-from-config.js';
import { OutboxWorker } from './forwarding/outbox-worker.js';
import type { LogSink } from './http/access-log.js';
import { clientAddressResolver } from './http/client-address.js';
import { MailWorker } from './mail/mail-worker.js';
import { transportFromConfig } from './mail/transport.js';
import { type PurgeReport, purgeExpired } from './retention/purge.js';
import { createRelayContext } from './server.js';

export interface ServerlessRelayOptions {
  config: RelayConfig;
  /** The PostgreSQL URL every instance shares. */
  databaseUrl: string;
  hashKey: HashKey;
  challengeSecret: string;
  /** Where the backend's and SMTP's secrets are read (default `process.env`). */
  env?: Record<string, string | undefined>;
  log?: LogSink;
  /** How long one scheduled run may keep delivering, in milliseconds (default 50 s, under a minute's schedule). */
  scheduledBudgetMs?: number;
}

/** What one scheduled run did. */
export interface ScheduledReport {
  delivered: number;
  mailed: number;
  purge: PurgeReport;
}

export interface ServerlessRelay {
  /** Answers one HTTP request (web-standard `Request` and `Response`). */
  fetch(request: Request): Promise<Response>;
  /** One run of the scheduled job: deliveries and mail that are due, until none is left or the budget is spent; then the purge. */
  scheduled(): Promise<ScheduledReport>;
  /** Writes what is queued and closes the pool (tests, or a platform's shutdown hook). */
  close(): Promise<void>;
}

interface Opened {
  db: Kysely<Database>;
  ctx: RelayContext;
  app: Hono;
}

/** A relay for serverless platforms over the PostgreSQL database at `databaseUrl`. Opens it on first use. */
export function serverlessRelay(options: ServerlessRelayOptions): ServerlessRelay {
  if (!isPostgresUrl(options.databaseUrl)) {
    throw new ConfigError('A serverless relay needs a PostgreSQL database (postgres://...): functions have no lasting disk for SQLite.');
  }
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const budgetMs = options.scheduledBudgetMs ?? 50_000;
  let opening: Promise<Opened> | undefined;
  const open = () => {
    opening ??= (async () => {
      const db = await openDatabase(options.databaseUrl);
      const ctx = createRelayContext(options.config, db, log, options.challengeSecret, options.hashKey);
      const resolve = clientAddressResolver(options.config.trustProxy);
      const app = createRelayApp(ctx, { clientAddress: (c) => resolve(undefined, c.req.header('x-forwarded-for')) });
      return { db, ctx, app };
    })();
    // A failed open (database unreachable) is tried again by the next call instead of failing forever.
    opening.catch(() => {
      opening = undefined;
    });
    return opening;
  };

  return {
    async fetch(request) {
      const { app } = await open();
      return app.fetch(request);
    },

    async scheduled() {
      const { db } = await open();
      const { config } = options;
      const deadline = Date.now() + budgetMs;
      let delivered = 0;
      if (config.backend.type !== 'local') {
        const outbox = new OutboxWorker({
          db,
          backend: backendFromConfig(config.backend, env),
          backendType: config.backend.type,
          policy: deliveryPolicyFromConfig(config.backend),
          onEvent: (event) => log(JSON.stringify({ time: new Date().toISOString(), event: `outbox_${event.outcome}`, ...event })),
        });
        for (let handled = 1; handled > 0 && Date.now() < deadline; ) {
          handled = await outbox.runOnce();
          delivered += handled;
        }
      }
      let mailed = 0;
      if (config.smtp) {
        const mail = new MailWorker({
          db,
          config,
          hashKey: options.hashKey,
          transport: transportFromConfig(config.smtp, env),
          onEvent: (event) => log(JSON.stringify({ time: new Date().toISOString(), event: `mail_${event.outcome}`, ...event })),
        });
        for (let handled = 1; handled > 0 && Date.now() < deadline; ) {
          handled = await mail.runOnce();
          mailed += handled;
        }
      }
      // Under an advisory lock: two scheduled runs at once purge once.
      const purge = await purgeExpired(db, new Date());
      return { delivered, mailed, purge };
    },

    async close() {
      if (!opening) return;
      const { db, ctx } = await opening;
      opening = undefined;
      await ctx.queue.close();
      await db.destroy();
    },
  };
}

/** A serverless relay configured from the environment (see the module comment). */
export function serverlessRelayFromEnv(env: Record<string, string | undefined> = process.env): ServerlessRelay {
  const databaseUrl = env.TRACT_DATABASE_URL;
  if (!databaseUrl) throw new ConfigError('TRACT_DATABASE_URL is required: the PostgreSQL database every instance shares.');
  const config = env.TRACT_CONFIG_JSON
    ? parseConfig(JSON.parse(env.TRACT_CONFIG_JSON), 'TRACT_CONFIG_JSON')
    : loadConfigFile(env.TRACT_CONFIG ?? 'tract.config.json');
  if (!env.TRACT_HASH_KEY) throw new ConfigError('TRACT_HASH_KEY is required: every instance must hash emails with the same key.');
  const challengeSecret = env.TRACT_CHALLENGE_SECRET;
  if (!challengeSecret)
    throw new ConfigError('TRACT_CHALLENGE_SECRET is required: every instance must verify the challenges the others issued.');
  return serverlessRelay({ config, databaseUrl, hashKey: loadHashKey({ env, dbPath: ':memory:' }), challengeSecret, env });
}
