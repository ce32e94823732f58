/**
 * `tract-relay`: run the relay, or create a token.
 *
 *   tract-relay [--config tract.config.json] [--port 8787] [--host 127.0.0.1] [--db .tract/relay.db]
 *   tract-relay token create --role organizer|admin --name "Lyon team" [--db ...]
 */
import { parseArgs } from 'node:util';
import { createToken } from './auth/tokens.js';
import { ConfigError, loadConfigFile } from './config/load.js';
import type { TokenRole } from './db/schema.js';
import { forwardingService } from './forwarding/service.js';
import { mailService } from './mail/service.js';
import { openDatabaseAt, type RelayService, startRelay } from './server.js';
import { exitOnStartupFailure, portFrom, type StartCommand, type TerminalLocale, terminalLocale } from './startup-failures.js';

const USAGE = `Usage:
  tract-relay [--config <file>] [--port <port>] [--host <address>] [--db <file>]
  tract-relay token create --role organizer|admin --name <name> [--db <file>]

Defaults: --config $TRACT_CONFIG or ./tract.config.json, --port $PORT or 8787, --host $HOST or 127.0.0.1,
--db $TRACT_DB or .tract/relay.db`;

function dbPathOf(value: string | undefined): string {
  return value ?? process.env.TRACT_DB ?? '.tract/relay.db';
}

/** How `tract-relay` is told to use another port or database. */
const TRACT_RELAY: StartCommand = {
  name: 'tract-relay',
  onPort: (port) => `tract-relay --port ${port} (or PORT=${port})`,
  otherDatabase: {
    en: 'Choose a file you can write with --db <file> (or TRACT_DB).',
    fr: 'Choisissez un fichier où vous pouvez écrire avec --db <fichier> (ou TRACT_DB).',
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
  const db = await openDatabaseAt(dbPathOf(values.db));
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
  const relay = await startRelay({ config, dbPath: dbPathOf(values.db), port, hostname, services });
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
