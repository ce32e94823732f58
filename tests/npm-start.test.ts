/**
 * `npm start` as a newcomer runs it: real `npm start` processes (npm, the
 * start script, the demo relay) with the demo's data in a temporary folder
 * (`TRACT_DEMO_DIR`). What a person can get wrong at start (a taken port, a
 * broken configuration, a database path that cannot be used, a build that
 * fails) is told in one line naming the problem and the fix, with a non-zero
 * exit and no stack trace; Ctrl-C stops every process it started.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tract-npm-start-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An English terminal, the demo's data in `dataDir`. */
function startEnv(dataDir: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', LC_MESSAGES: '', PORT: '0', TRACT_DEMO_DIR: dataDir, ...env };
}

/** Runs `npm start` to its end (it fails before serving). */
function npmStartFailing(dataDir: string, env: Record<string, string> = {}) {
  return spawnSync('npm', ['start', '--silent'], { cwd: ROOT, encoding: 'utf8', env: startEnv(dataDir, env), timeout: 60_000 });
}

/** A failure a person can fix is one line on stderr, with no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

interface RunningStart {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

/** Starts `npm start` in its own process group (as a terminal does) and waits for the demo's banner. */
async function npmStart(dataDir: string): Promise<RunningStart> {
  const child = spawn('npm', ['start'], { cwd: ROOT, env: startEnv(dataDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /Campaign page: +http:\/\/localhost:(\d+)\//.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
  });
  return { child, port, exited };
}

/**
 * The live processes of a process group, read from /proc (`<pid> <command
 * line>`). One that has exited but waits to be reaped (state Z) is gone
 * already: reaping it is its new parent's work (init's, in a container).
 */
function processesOfGroup(groupId: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command name (in parentheses, which may hold spaces): state, parent, process group.
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) !== groupId || state === 'Z') continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}`);
    } catch {
      // The process ended while it was being read.
    }
  }
  return found;
}

/** Whether nothing listens on `port` any more. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe: Server = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('npm start stops everything it started', () => {
  it('on Ctrl-C (SIGINT to its process group): no process left, the port free', async () => {
    const run = await npmStart(join(scratch, 'ctrl-c'));
    const group = run.child.pid!;
    const started = processesOfGroup(group);
    expect(started.some((line) => line.includes('src/demo/main.ts'))).toBe(true);
    process.kill(-group, 'SIGINT');
    expect(await run.exited).toBe(0);
    // tsx's esbuild helper leaves when its parent does, a moment after it: a process left behind stays.
    await expect.poll(() => processesOfGroup(group), { timeout: 2000 }).toEqual([]);
    expect(await portIsFree(run.port)).toBe(true);
  });

  it('on SIGINT sent to npm alone (a container or an editor stopping it): no process left, the port free', async () => {
    const run = await npmStart(join(scratch, 'npm-alone'));
    const group = run.child.pid!;
    process.kill(group, 'SIGINT');
    expect(await run.exited).toBe(0);
    await expect.poll(() => processesOfGroup(group), { timeout: 2000 }).toEqual([]);
    expect(await portIsFree(run.port)).toBe(true);
  });
});

describe('npm start tells what to fix', () => {
  it('a port already taken: which one, and PORT=… npm start, exit 1', async () => {
    const holder = createServer();
    const port = await new Promise<number>((resolve) =>
      holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)),
    );
    try {
      const result = npmStartFailing(join(scratch, 'busy'), { PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`npm start: Port ${port} is already in use`);
      expect(result.stderr).toContain(`PORT=${port + 1} npm start`);
      expectOneLine(result.stderr);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('a port that is not a number', () => {
    const result = npmStartFailing(join(scratch, 'nan'), { PORT: 'http' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm start: PORT must be a port number from 1 to 65535 (or 0 for any free port), not "http".');
    expectOneLine(result.stderr);
  });

  it('a demo configuration that is not valid JSON: names the file and the fix, exit 2', () => {
    const dataDir = join(scratch, 'bad-config');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'tract.config.json'), '{ "origins": [ }');
    const result = npmStartFailing(dataDir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`npm start: ${join(dataDir, 'tract.config.json')} is not valid JSON`);
    expect(result.stderr).toContain('Fix that file, or delete it: the next npm start writes the demo’s own again.');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('a demo configuration with a bad key: names the key', () => {
    const dataDir = join(scratch, 'bad-key');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'tract.config.json'), JSON.stringify({ origins: [], rateLimits: { perIP: 5 } }));
    const result = npmStartFailing(dataDir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('rateLimits.perIP: unknown key');
    expect(result.stderr).toContain('Fix that file, or delete it');
  });

  it('a database that cannot be opened: names it and how to start afresh', () => {
    const dataDir = join(scratch, 'bad-db');
    mkdirSync(join(dataDir, 'relay.db'), { recursive: true });
    const result = npmStartFailing(dataDir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`npm start: Cannot open the database ${join(dataDir, 'relay.db')}: SQLite cannot open it`);
    expect(result.stderr).toContain('TRACT_DEMO_DIR=<folder> npm start');
    expectOneLine(result.stderr);
  });

  it('a data folder that cannot be created', () => {
    const blocker = join(scratch, 'a-file');
    writeFileSync(blocker, '');
    const result = npmStartFailing(join(blocker, 'demo'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `npm start: Cannot open the database ${join(blocker, 'demo', 'relay.db')}: a file stands where its folder should be.`,
    );
    expectOneLine(result.stderr);
  });

  it('a build that fails: stops before serving a page without widgets, and names the command to check it', () => {
    // The start script in a repository whose SDK does not build (as after a bad edit).
    const repo = join(scratch, 'broken-repo');
    for (const script of ['start.mjs', 'node-version.mjs']) cpSync(join(ROOT, 'scripts', script), join(repo, 'scripts', script));
    const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines;
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'broken', private: true, engines, workspaces: ['packages/sdk'] }));
    mkdirSync(join(repo, 'packages', 'sdk', 'src'), { recursive: true });
    writeFileSync(join(repo, 'packages', 'sdk', 'src', 'index.ts'), 'export const broken = ;\n');
    const failingBuild = 'node -e "console.error(\'src/index.ts: unexpected ;\'); process.exit(2)"';
    writeFileSync(join(repo, 'packages', 'sdk', 'package.json'), JSON.stringify({ name: '@broken/sdk', scripts: { build: failingBuild } }));
    const result = spawnSync(process.execPath, [join(repo, 'scripts', 'start.mjs')], {
      cwd: repo,
      encoding: 'utf8',
      env: startEnv(join(scratch, 'x')),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('src/index.ts: unexpected ;');
    expect(result.stderr).toContain(
      'npm start: building packages/sdk failed (see above), so the demo cannot serve packages/sdk/dist/index.js. Fix the error, check with npm run build -w packages/sdk, then run npm start again.',
    );
    expect(result.stdout).not.toContain('Campaign page');
  });
});

describe('the Node.js version', () => {
  /** Runs a root script as if under Node `version`. */
  function runAs(version: string, script: string, lang = 'en_GB.UTF-8') {
    const pretend = `data:text/javascript,Object.defineProperty(process.versions, 'node', { value: '${version}' })`;
    return spawnSync(process.execPath, ['--import', pretend, join(ROOT, 'scripts', script)], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LANG: lang, LC_ALL: '', LC_MESSAGES: '' },
    });
  }

  it.each(['18.20.4', '20.18.1', '21.7.3', '22.11.0'])('npm start and npm test stop on Node %s, naming what they need', (version) => {
    for (const [script, command] of [
      ['start.mjs', 'npm start'],
      ['test.mjs', 'npm test'],
    ]) {
      const result = runAs(version, script!);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `${command}: Tract needs Node.js 20.19 or a later 20.x, or 22.12 or later, and this is Node ${version}. Install a supported version (https://nodejs.org, or nvm install 22), then run ${command} again.\n`,
      );
      expect(result.stdout).toBe('');
    }
  });

  it('says it in French in a French terminal', () => {
    const result = runAs('20.11.0', 'test.mjs', 'fr_FR.UTF-8');
    expect(result.stderr).toContain(
      'npm test : Tract demande Node.js 20.19 ou un 20.x plus récent, ou 22.12 ou plus récent, et ceci est Node 20.11.0.',
    );
  });

  it('declares the versions the README states', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
    expect(engines).toBe('^20.19.0 || >=22.12.0');
    expect(readme).toContain('Node.js 20.19 or a later 20.x, or 22.12 or later');
  });
});

describe('npm start on a second port', () => {
  it('hands donations off to the port it runs on, not the first one', async () => {
    const dataDir = join(scratch, 'two-ports');
    const first = await npmStart(dataDir);
    process.kill(-first.child.pid!, 'SIGINT');
    await first.exited;
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(first.port, '127.0.0.1', resolve));
    const second = await npmStart(dataDir);
    try {
      const config = JSON.parse(readFileSync(join(dataDir, 'tract.config.json'), 'utf8'));
      expect(second.port).not.toBe(first.port);
      expect(config.donations.checkoutUrlTemplate.startsWith(`http://localhost:${second.port}/demo-checkout?`)).toBe(true);
      expect(config.origins).toContain(`http://localhost:${second.port}`);
    } finally {
      process.kill(-second.child.pid!, 'SIGINT');
      await second.exited;
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
