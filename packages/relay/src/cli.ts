/**
 * `tract-relay`: run the relay, create a token, migrate a database.
 *
 *   tract-relay [--config tract.config.json] [--port 8787] [--host 127.0.0.1] [--db .tract/relay.db]
 *   tract-relay token create --role organizer|admin --name "Lyon team" [--db ...]
 *   tract-relay migrate [--db <file or postgres:// URL>]
 *   tract-relay copy --from relay.db --to postgres://... (one way, into an empty database)
 *
 * `--db` takes a SQLite file or a PostgreSQL URL; see `db/target.ts` for the
 * environment variables and the configuration key that choose it otherwise.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createToken } from './auth/tokens.js';
import { ConfigError, loadConfigFile } from './config/load.js';
import type { RelayConfig } from './config/schema.js';
import { copyDatabase } from './db/copy.js';
import { redactUrl } from './db/dialect.js';
import { keyFileOf } from './db/hash-key.js';
import { migrate } from './db/open.js';
import type { TokenRole } from './db/schema.js';
import { databaseTarget } from './db/target.js';
import { forwardingService } from './forwarding/service.js';
import { mailService } from './mail/service.js';
import { openDatabaseAt, type RelayService, startRelay } from './server.js';
import { exitOnStartupFailure, portFrom, type StartCommand, type TerminalLocale, terminalLocale } from './startup-failures.js';

const USAGE = `Usage:
  tract-relay [--config <file>] [--port <port>] [--host <address>] [--db <file or url>]
  tract-relay token create --role organizer|admin --name <name> [--db <file or url>]
  tract-relay migrate [--config <file>] [--db <file or url>]
  tract-relay copy --from <relay.db> --to <postgres url, default $TRACT_DATABASE_URL>

Defaults: --config $TRACT_CONFIG or ./tract.config.json, --port $PORT or 8787, --host $HOST or 127.0.0.1,
--db $TRACT_DATABASE_URL, else "database.url" in the configuration, else $TRACT_DB or .tract/relay.db`;

/** The configuration file, when one was named or the default exists: commands other than serving can do without. */
function optionalConfig(flag: string | undefined): RelayConfig | undefined {
  const named = flag ?? (process.env.TRACT_CONFIG || undefined);
  const path = named ?? 'tract.config.json';
  if (named === undefined && !existsSync(path)) return undefined;
  return loadConfigFile(path);
}

function dbPathOf(flag: string | undefined, config?: RelayConfig): string {
  return databaseTarget(flag, config);
}

/** Applies pending migrations and says how many ran (relays also migrate when they start). */
async function migrateCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { db: { type: 'string' }, config: { type: 'string' } } });
  const target = dbPathOf(values.db, optionalConfig(values.config));
  const db = await openDatabaseAt(target);
  try {
    // Opening applied what was pending (under a lock on PostgreSQL); this finds nothing left.
    await migrate(db);
    const version = await db
      .selectFrom('relay_migrations')
      .select((eb) => eb.fn.max('version').as('version'))
      .executeTakeFirst();
    process.stdout.write(`${MIGRATED[terminalLocale()](redactUrl(target), Number(version?.version ?? 0))}\n`);
  } finally {
    await db.destroy();
  }
}

/**
 * Copies a SQLite relay's database into an empty PostgreSQL one (see
 * `db/copy.ts`), then says how many rows moved and how to keep its hashes
 * matching: the relays on PostgreSQL need the SQLite relay's hash key.
 */
async function copyCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from) throw new ConfigError('--from is required: the SQLite file of the relay you are moving from (e.g. .tract/relay.db).');
  if (!existsSync(values.from)) throw new ConfigError(`--from ${values.from}: no such file.`);
  const to = values.to ?? process.env.TRACT_DATABASE_URL;
  if (!to) throw new ConfigError('--to is required (or TRACT_DATABASE_URL): the PostgreSQL URL the relays will share.');
  const target = databaseTarget(values.to, undefined, values.to ? {} : process.env, '--to');
  const report = await copyDatabase(values.from, target);
  const locale = terminalLocale();
  const rows = Object.entries(report)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
  process.stdout.write(`${COPIED[locale](values.from, redactUrl(target), rows, keyFileOf(values.from))}\n`);
}

const COPIED: Record<TerminalLocale, (from: string, to: string, rows: string, keyFile: string) => string> = {
  en: (from, to, rows, keyFile) =>
    `Copied ${from} into ${to}: ${rows}.\nEvery relay on PostgreSQL must hash with this relay's key: set TRACT_HASH_KEY to the contents of ${keyFile} (unless TRACT_HASH_KEY already held it), and one shared TRACT_CHALLENGE_SECRET.`,
  fr: (from, to, rows, keyFile) =>
    `${from} copié dans ${to} : ${rows}.\nChaque relais sur PostgreSQL doit hacher avec la clé de ce relais : donnez à TRACT_HASH_KEY le contenu de ${keyFile} (sauf si TRACT_HASH_KEY la contenait déjà), et un même TRACT_CHALLENGE_SECRET à tous.`,
};

/** What `migrate` prints once the database is current. */
const MIGRATED: Record<TerminalLocale, (target: string, version: number) => string> = {
  en: (target, version) => `${target} is at schema version ${version}.`,
  fr: (target, version) => `${target} est à la version ${version} du schéma.`,
};

/** How `tract-relay` is told to use another port or database. */
const TRACT_RELAY: StartCommand = {
  name: 'tract-relay',
  onPort: (port) => `tract-relay --port ${port} (or PORT=${port})`,
  otherDatabase: {
    en: 'Choose a file you can write with --db <file> (or TRACT_DB), or check the PostgreSQL URL (TRACT_DATABASE_URL) and PGPASSWORD.',
    fr: 'Choisissez un fichier où vous pouvez écrire avec --db <fichier> (ou TRACT_DB), ou vérifiez l’URL PostgreSQL (TRACT_DATABASE_URL) et PGPASSWORD.',
  },
};

/** The roles `token create` gives. */
type CreatedRole = Extract<TokenRole, 'organizer' | 'admin'>;

/** What `token create` says once the token is printed: it is never shown again. */
const TOKEN_CREATED: Record<TerminalLocale, (role: CreatedRole, name: string) => string> = {
  en: (role, name) => `Created an ${role} token named "${name}". It is shown only once: store it now.`,
  fr: (role, name) =>
    `Jeton ${role === 'admin' ? 'administrateur' : 'organisateur'} « ${name} » créé. Il n’est affiché qu’une fois : conservez-le maintenant.`,
};

async function createTokenCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { role: { type: 'string' }, name: { type: 'string' }, db: { type: 'string' } } });
  if (values.role !== 'organizer' && values.role !== 'admin') throw new ConfigError('--role must be organizer or admin.');
  if (!values.name?.trim()) throw new ConfigError('--name is required: it tells tokens apart (e.g. "Lyon team").');
  const db = await openDatabaseAt(dbPathOf(values.db, optionalConfig(undefined)));
  try {
    const { token } = await createToken(db, values.role, values.name.trim());
    process.stdout.write(`${token}\n`);
    process.stderr.write(`${TOKEN_CREATED[terminalLocale()](values.role, values.name.trim())}\n`);
  } finally {
    await db.destroy();
  }
}

/** Runs the CLI; `services` run beside the server (the outbox and mail workers, when configured). */
export async function main(argv: string[], services: RelayService[] = []): Promise<void> {
  if (argv[0] === 'token') {
    if (argv[1] !== 'create') throw new ConfigError(USAGE);
    return createTokenCommand(argv.slice(2));
  }
  if (argv[0] === 'migrate') return migrateCommand(argv.slice(1));
  if (argv[0] === 'copy') return copyCommand(argv.slice(1));
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfigFile(values.config ?? process.env.TRACT_CONFIG ?? 'tract.config.json');
  const port = values.port !== undefined ? portFrom(values.port, '--port') : portFrom(process.env.PORT ?? '8787', 'PORT');
  const hostname = values.host ?? process.env.HOST ?? '127.0.0.1';
  const relay = await startRelay({ config, dbPath: dbPathOf(values.db, config), port, hostname, services });
  const stop = () => {
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Entry point of the `tract-relay` binary. */
export function run(): void {
  main(process.argv.slice(2), [forwardingService(), mailService()]).catch((error: unknown) => exitOnStartupFailure(error, TRACT_RELAY));
}
