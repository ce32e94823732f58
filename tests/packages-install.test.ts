/**
 * The three packages as someone outside the repository gets them: `npm pack`
 * on `@tract/sdk`, `@tract/widgets` and `@tract/relay`, the tarballs
 * installed into an empty project with their dependencies from the npm
 * registry, then used there as their READMEs say: the SDK imported in Node
 * validates and sends an action, the relay starts from its bin with a small
 * configuration, serves the widgets at `/widgets/`, and the published types
 * check.
 *
 * `npm test` builds the packages first, so the tarballs are packed without
 * running `prepack` again. better-sqlite3 fetches its prebuilt binding from
 * GitHub at install; that host is out of reach here, so a local stand-in
 * serves the binding this machine already built, at the address the
 * installer asks for, and nothing else.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const PACKAGES = ['sdk', 'widgets', 'relay'] as const;

let scratch: string;
let project: string;
let binaries: Server;
const binaryRequests: string[] = [];
let relay: ChildProcess | undefined;
let relayUrl: string;

/**
 * This environment without what an enclosing `npm test` or `npx` passes to its
 * children (`npm_config_local_prefix` would point a nested npm at the
 * repository, `npm_config_allow_scripts` would override the project's own).
 */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

/** Runs a command to its end in a clean environment plus `env`; throws with its output when it fails. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...cleanEnv, ...env }, timeout: 600_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** `run`, letting this process serve requests meanwhile. */
function runAsync(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/**
 * Serves better-sqlite3's prebuilt binding for this Node and platform, as its
 * GitHub release would: a tarball of `build/Release/better_sqlite3.node`.
 */
async function serveSqliteBinding(directory: string): Promise<string> {
  const sqlite = join(createRequire(join(ROOT, 'packages/relay/package.json')).resolve('better-sqlite3/package.json'), '..');
  const { version } = JSON.parse(readFileSync(join(sqlite, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  run('tar', ['czf', join(directory, name), 'build/Release/better_sqlite3.node'], sqlite);
  const path = `/v${version}/${name}`;
  binaries = createServer((request, response) => {
    binaryRequests.push(request.url ?? '');
    if (request.url !== path) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/gzip' }).end(readFileSync(join(directory, name)));
  });
  await new Promise<void>((resolve) => binaries.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(binaries.address() as { port: number }).port}`;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tract-packages-'));
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  for (const name of PACKAGES) {
    const dir = join(ROOT, 'packages', name);
    if (!existsSync(join(dir, 'dist'))) throw new Error(`packages/${name} is not built: run npm run build first.`);
    run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tarballs], dir);
  }
  const bindingHost = await serveSqliteBinding(scratch);

  project = join(scratch, 'campaign');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'campaign', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } }, null, 2),
  );
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  // Not spawnSync: the stand-in host answers from this very process.
  await runAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files], project, {
    npm_config_better_sqlite3_binary_host: bindingHost,
  });
}, 900_000);

afterAll(async () => {
  if (relay && relay.exitCode === null) {
    const exited = new Promise((resolve) => relay!.once('exit', resolve));
    relay.kill('SIGTERM');
    await exited;
  }
  await new Promise((resolve) => (binaries ? binaries.close(resolve) : resolve(undefined)));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed packages in an empty project', () => {
  it('installed from the tarballs, each once, with the SQLite binding from its stand-in host', () => {
    const installed = JSON.parse(run('npm', ['ls', '--all', '--json'], project)) as {
      dependencies: Record<string, { version: string; resolved?: string }>;
    };
    for (const name of PACKAGES) {
      expect(installed.dependencies[`@tract/${name}`]?.resolved, name).toMatch(new RegExp(`tract-${name}-0\\.1\\.0\\.tgz$`));
    }
    expect(binaryRequests).toHaveLength(1);
    expect(existsSync(join(project, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    // Only what a package is for travels: no tests, no demo, no workspace sources of other packages.
    const relayFiles = run('find', ['node_modules/@tract', '-name', '*.test.ts', '-o', '-path', '*/demo/*'], project);
    expect(relayFiles).toBe('');
  });

  it('starts the relay from its bin with a small configuration', async () => {
    writeFileSync(
      join(project, 'tract.config.json'),
      JSON.stringify({
        origins: ['https://www.example.fr'],
        signups: { doubleOptIn: false },
        challenge: { enabled: false },
        accessLog: false,
      }),
    );
    relay = spawn(join(project, 'node_modules/.bin/tract-relay'), ['--port', '0', '--db', 'data/relay.db'], {
      cwd: project,
      env: cleanEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    relayUrl = await new Promise<string>((resolve, reject) => {
      relay!.stdout!.on('data', (chunk) => {
        output += chunk;
        const url = /"event":"listening","url":"([^"]+)"/.exec(output)?.[1];
        if (url) resolve(url);
      });
      relay!.stderr!.on('data', (chunk) => {
        output += chunk;
      });
      relay!.once('exit', (code) => reject(new Error(`tract-relay exited (${code}):\n${output}`)));
    });
    expect(relayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('imports the SDK in Node, which validates an action and sends it to that relay', () => {
    writeFileSync(
      join(project, 'send.mjs'),
      `import { createClient, relay, validateAction } from '@tract/sdk';
const invalid = validateAction('signup', { person: { email: 'not an email' }, consent: [] }, 'fr');
const client = createClient({ backend: relay({ url: process.argv[2] }), queue: false, locale: 'fr' });
const sent = await client.signup({ person: { givenName: 'Camille', email: 'camille@example.fr' }, consent: [] });
await client.close();
console.log(JSON.stringify({ invalid, sent }));
`,
    );
    const { invalid, sent } = JSON.parse(run(process.execPath, ['send.mjs', relayUrl], project));
    expect(invalid).toMatchObject({ ok: false, issues: [{ path: 'person.email', code: 'invalid_email' }] });
    expect(invalid.issues[0].message).toMatch(/adresse/i);
    expect(sent).toMatchObject({ status: 'sent', receipt: { status: 'accepted' } });
  });

  it('serves the widgets at /widgets/: the script tag and the SDK module it imports', async () => {
    const script = await fetch(`${relayUrl}/widgets/tract-widgets.iife.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('tract-widgets-sdk.js');
    const sdk = await fetch(`${relayUrl}/widgets/tract-widgets-sdk.js`, { headers: { origin: 'https://www.example.fr' } });
    expect(sdk.status).toBe(200);
  });

  it('gives TypeScript the published types of all three', () => {
    writeFileSync(
      join(project, 'check.ts'),
      `import { createClient, relay, type TractClient } from '@tract/sdk';
import { signupSchema } from '@tract/sdk/schema';
import { TractSignup, type WidgetLocale } from '@tract/widgets';
import { parseConfig, type RunningRelay, startRelay } from '@tract/relay';
const client: TractClient = createClient({ backend: relay({ url: 'https://relay.example.org' }) });
const locale: WidgetLocale = 'fr';
const tag: string = new TractSignup().localName;
const config = parseConfig({ origins: [], signups: { doubleOptIn: false } });
const started: Promise<RunningRelay> = startRelay({ config, dbPath: ':memory:', port: 0 });
export { client, locale, signupSchema, started, tag };
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          types: [],
          strict: true,
          skipLibCheck: true,
          noEmit: true,
        },
        files: ['check.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
