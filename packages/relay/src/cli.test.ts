import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticate } from './auth/tokens.js';
import { openDatabase } from './db/open.js';

const packageDir = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tract-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', ...args], {
    cwd: packageDir,
    encoding: 'utf8',
  });
}

describe('tract-relay', () => {
  it('token create prints a token that the database knows only by its hash', async () => {
    const dbPath = join(dir, 'tokens.db');
    const result = cli(['token', 'create', '--role', 'organizer', '--name', 'Lyon team', '--db', dbPath]);
    expect(result.status).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^tract_[A-Za-z0-9_-]{43}$/);
    expect(result.stderr).toContain('shown only once');
    const db = await openDatabase(dbPath);
    try {
      expect(await authenticate(db, `Bearer ${token}`)).toMatchObject({ role: 'organizer', name: 'Lyon team' });
      expect(JSON.stringify(await db.selectFrom('tokens').selectAll().execute())).not.toContain(token);
    } finally {
      await db.destroy();
    }
  });

  it('refuses an unknown role', () => {
    const result = cli(['token', 'create', '--role', 'root', '--name', 'x', '--db', join(dir, 'x.db')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--role must be organizer or admin');
  });

  it('refuses to start with an invalid config, naming the bad key', () => {
    const configPath = join(dir, 'bad.json');
    writeFileSync(configPath, JSON.stringify({ origins: ['*'], rateLimits: { perIP: 5 } }));
    const result = cli(['--config', configPath, '--db', join(dir, 'bad.db'), '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('origins.0');
    expect(result.stderr).toContain('rateLimits.perIP: unknown key');
  });

  it('refuses to start when signups ask for double opt-in and no mail server is configured, naming both fixes', () => {
    const configPath = join(dir, 'no-mail.json');
    writeFileSync(configPath, JSON.stringify({ origins: ['https://www.example.fr'] }));
    const result = cli(['--config', configPath, '--db', join(dir, 'no-mail.db'), '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('signups.doubleOptIn (on by default)');
    expect(result.stderr).toContain('configure "smtp"');
    expect(result.stderr).toContain('signups.doubleOptIn: false');
  });

  it('refuses to start when the SMTP password variable is not set', () => {
    const configPath = join(dir, 'no-password.json');
    const mail = {
      publicUrl: 'https://relay.example.fr',
      campaign: { name: 'Lyon en commun', controller: 'Lyon en commun, Lyon', privacyUrl: 'https://www.example.fr/vie-privee' },
      smtp: { host: 'smtp.example.fr', user: 'relay', passwordEnv: 'TRACT_TEST_UNSET_PASSWORD', from: 'relay@example.fr' },
    };
    writeFileSync(configPath, JSON.stringify({ origins: ['https://www.example.fr'], ...mail }));
    const result = cli(['--config', configPath, '--db', join(dir, 'no-password.db'), '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('smtp.passwordEnv names TRACT_TEST_UNSET_PASSWORD, which is not set');
  });
});
