import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticate } from './auth/tokens.js';
import { openDatabase } from './db/open.js';

const packageDir = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tract-cli-'));
const configPath = join(dir, 'tract.config.json');
// Without mail: signups are taken without confirming the address (the relay refuses double opt-in without an SMTP server).
writeFileSync(configPath, JSON.stringify({ origins: ['https://www.example.fr'], signups: { doubleOptIn: false } }));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env },
    timeout: 30_000,
  });
}

/** A failure a person can fix is one line on stderr, with no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

/** A server holding a port, as another program would. */
function holdPort(): Promise<Server> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('tract-relay', () => {
  it('token create prints a token that the database knows only by its hash', async () => {
    const dbPath = join(dir, 'tokens.db');
    const result = cli(['token', 'create', '--role', 'organizer', '--name', 'Lyon team', '--db', dbPath]);
    expect(result.status).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^tract_[A-Za-z0-9_-]{43}$/);
    expect(result.stderr).toContain('Created an organizer token named "Lyon team". It is shown only once');
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

describe('tract-relay first start', () => {
  it('creates the database, its folder and its hash key where --db says, then serves', async () => {
    const dbPath = join(dir, 'fresh', 'data', 'relay.db');
    const relay = spawn(
      process.execPath,
      ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', '--config', configPath, '--db', dbPath, '--port', '0'],
      {
        cwd: packageDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const exited = new Promise((resolve) => relay.once('exit', resolve));
    const listening = await new Promise<boolean>((resolve) => {
      relay.stdout.on('data', (chunk) => {
        output += chunk;
        if (output.includes('"event":"listening"')) resolve(true);
      });
      relay.stderr.on('data', (chunk) => {
        output += chunk;
      });
      void exited.then(() => resolve(false));
    });
    if (listening) relay.kill('SIGTERM');
    await exited;
    expect(listening, output).toBe(true);
    expect(existsSync(dbPath)).toBe(true);
    expect(existsSync(join(dir, 'fresh', 'data', 'relay.key'))).toBe(true);
  });
});

describe('tract-relay start-up failures a person can fix', () => {
  it('a port already taken: names it and how to choose another, exits 1', async () => {
    const holder = await holdPort();
    const port = (holder.address() as { port: number }).port;
    try {
      const result = cli(['--config', configPath, '--db', join(dir, 'busy.db'), '--port', String(port)]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`tract-relay: Port ${port} is already in use`);
      expect(result.stderr).toContain(`tract-relay --port ${port + 1} (or PORT=${port + 1})`);
      expectOneLine(result.stderr);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('says the same in French when the terminal speaks French', async () => {
    const holder = await holdPort();
    const port = (holder.address() as { port: number }).port;
    try {
      const result = cli(['--config', configPath, '--db', join(dir, 'busy-fr.db'), '--port', String(port)], { LANG: 'fr_FR.UTF-8' });
      expect(result.stderr).toContain(`tract-relay: Le port ${port} est déjà utilisé`);
      expectOneLine(result.stderr);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it.each([
    ['a folder', (path: string) => mkdirSync(path), 'SQLite cannot open it (a folder has that name, or access is denied)'],
    [
      'a file that is not a database',
      (path: string) => writeFileSync(path, 'not a database, just text\n'.repeat(100)),
      'this file is not a SQLite database',
    ],
    ['a path under a file', (path: string) => writeFileSync(path, ''), 'a file stands where its folder should be'],
  ])('a database path that cannot be used (%s): names the file and how to choose another', (kind, make, reason) => {
    const path = join(dir, `db-${kind.replaceAll(' ', '-')}`);
    make(path);
    const dbPath = kind === 'a path under a file' ? join(path, 'relay.db') : path;
    for (const args of [
      ['--config', configPath, '--db', dbPath, '--port', '0'],
      ['token', 'create', '--role', 'admin', '--name', 'Camille', '--db', dbPath],
    ]) {
      const result = cli(args);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`tract-relay: Cannot open the database ${dbPath}: ${reason}.`);
      expect(result.stderr).toContain('--db <file> (or TRACT_DB)');
      expectOneLine(result.stderr);
    }
  });

  it('a port that is not a number, from --port or from PORT', () => {
    const flag = cli(['--config', configPath, '--db', join(dir, 'port.db'), '--port', '87x']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('--port must be a port number from 1 to 65535 (or 0 for any free port), not "87x".');
    const env = cli(['--config', configPath, '--db', join(dir, 'port.db')], { PORT: 'eighty' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('PORT must be a port number from 1 to 65535 (or 0 for any free port), not "eighty".');
  });

  it('a relay that is not built: the binary names the command that builds it', () => {
    const copy = join(dir, 'unbuilt', 'packages', 'relay');
    cpSync(join(packageDir, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(packageDir, 'package.json'), join(copy, 'package.json'));
    const run = () =>
      spawnSync(process.execPath, [join(copy, 'bin', 'tract-relay.js'), '--help'], {
        encoding: 'utf8',
        env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' },
      });
    const unbuilt = run();
    expect(unbuilt.status).toBe(1);
    expect(unbuilt.stderr).toBe(
      'tract-relay: @tract/relay is not built (packages/relay/dist/main.js is missing). Build it at the repository root with: npm run build -w packages/relay\n',
    );
    // Built, but the SDK it imports is not (its package resolves to a dist/ that is not there).
    mkdirSync(join(copy, 'dist'));
    writeFileSync(join(copy, 'dist', 'main.js'), "import '../../sdk/dist/index.js';\n");
    const sdkUnbuilt = run();
    expect(sdkUnbuilt.status).toBe(1);
    expect(sdkUnbuilt.stderr).toBe(
      'tract-relay: @tract/sdk is not built (packages/sdk/dist/index.js is missing). Build it at the repository root with: npm run build -w packages/sdk\n',
    );
  });
});
