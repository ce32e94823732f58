import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/load.js';
import { testDatabase } from '../test-support/database.js';
import { databaseTarget } from './target.js';

const packageDir = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tract-target-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('choosing the database', () => {
  const config = (url: string) => parseConfig({ origins: ['https://www.example.fr'], signups: { doubleOptIn: false }, database: { url } });

  it('takes --db, then TRACT_DATABASE_URL, then database.url, then TRACT_DB, then the default file', () => {
    const withUrl = config('postgres://tract@db.example.org:5432/tract');
    expect(databaseTarget('x.db', withUrl, { TRACT_DATABASE_URL: 'postgres://a:b@h/d' })).toBe('x.db');
    expect(databaseTarget(undefined, withUrl, { TRACT_DATABASE_URL: 'postgres://a:b@h/d' })).toBe('postgres://a:b@h/d');
    expect(databaseTarget(undefined, withUrl, { TRACT_DB: 'y.db' })).toBe('postgres://tract@db.example.org:5432/tract');
    expect(databaseTarget(undefined, undefined, { TRACT_DB: 'y.db' })).toBe('y.db');
    expect(databaseTarget(undefined, undefined, {})).toBe('.tract/relay.db');
  });

  it('refuses a password in the configuration file, saying where it goes instead', () => {
    expect(() => config('postgres://tract:hunter2@db.example.org/tract')).toThrow(ConfigError);
    expect(() => config('postgres://tract:hunter2@db.example.org/tract')).toThrow(
      /database\.url: must not hold a password .* PGPASSWORD .* TRACT_DATABASE_URL/,
    );
    expect(() => config('mysql://db.example.org/tract')).toThrow(/database\.url: must be a PostgreSQL URL/);
  });

  it('refuses a password on the command line and a TRACT_DATABASE_URL that is not PostgreSQL', () => {
    expect(() => databaseTarget('postgres://tract:hunter2@db/tract', undefined, {})).toThrow(/--db: .* must not hold a password/);
    expect(() => databaseTarget(undefined, undefined, { TRACT_DATABASE_URL: 'relay.db' })).toThrow(
      /TRACT_DATABASE_URL must be a PostgreSQL URL/,
    );
  });
});

describe('tract-relay migrate', () => {
  it('brings the database to the current schema version, and says so', async () => {
    const database = await testDatabase(dir);
    try {
      const run = () =>
        spawnSync(process.execPath, ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', 'migrate', '--db', database.target], {
          cwd: packageDir,
          encoding: 'utf8',
          env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', LC_MESSAGES: '', TRACT_CONFIG: '' },
          timeout: 30_000,
        });
      const first = run();
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/is at schema version \d+\./);
      // Twice is harmless: nothing is left to apply.
      const second = run();
      expect(second.status).toBe(0);
      expect(second.stdout).toBe(first.stdout);
    } finally {
      await database.drop();
    }
  });
});
