/**
 * Which database a relay opens: a SQLite file (the default) or a PostgreSQL
 * server. In order: the `--db` flag (a file or a URL), `TRACT_DATABASE_URL`,
 * `database.url` in the configuration, `TRACT_DB` (a file), then
 * `.tract/relay.db`. A password may only come from the environment
 * (`TRACT_DATABASE_URL`, or `PGPASSWORD` beside a URL without one): a
 * configuration file is shared, and a flag shows in every process list.
 */
import { ConfigError } from '../config/load.js';
import type { RelayConfig } from '../config/schema.js';
import { isPostgresUrl, urlHasPassword } from './dialect.js';

export const DEFAULT_DB_PATH = '.tract/relay.db';

export function databaseTarget(
  flag: string | undefined,
  config: Pick<RelayConfig, 'database'> | undefined,
  env: Record<string, string | undefined> = process.env,
  flagName = '--db',
): string {
  if (flag !== undefined) {
    if (isPostgresUrl(flag) && urlHasPassword(flag)) {
      throw new ConfigError(
        `${flagName}: a URL given on the command line must not hold a password (every process list shows it). ` +
          'Set PGPASSWORD, or give the whole URL in TRACT_DATABASE_URL.',
      );
    }
    return flag;
  }
  const fromEnv = env.TRACT_DATABASE_URL?.trim();
  if (fromEnv) {
    if (!isPostgresUrl(fromEnv)) {
      throw new ConfigError('TRACT_DATABASE_URL must be a PostgreSQL URL such as postgres://tract:secret@db.example.org:5432/tract.');
    }
    return fromEnv;
  }
  if (config?.database?.url) return config.database.url;
  return env.TRACT_DB ?? DEFAULT_DB_PATH;
}
