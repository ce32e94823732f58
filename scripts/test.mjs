/**
 * `npm test`: build, typecheck, lint, then every package's tests (the
 * relay's twice: on SQLite and on PostgreSQL) and the end-to-end tests. Every step runs even after a failure, so one run shows
 * everything that is wrong. The last line is the plain summary CI reads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireSupportedNode } from './node-version.mjs';

requireSupportedNode('npm test');

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'tract-test-'));
const suites = [
  'packages/sdk',
  'packages/relay',
  'packages/widgets',
  'packages/console',
  'packages/extension',
  'examples/sdk-node',
  'examples/sdk-browser',
  'tests',
];
const only = process.argv.slice(2);
/** Suites that run twice: on SQLite, then on PostgreSQL (127.0.0.1:5432, or TRACT_TEST_POSTGRES_URL). */
const POSTGRES_TOO = ['packages/relay'];

function run(command, args, cwd, env = {}) {
  console.log(`\n▶ ${command} ${args.join(' ')}${cwd === root ? '' : `  (${cwd.slice(root.length)})`}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function readCounts(file, fromVitest) {
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  return fromVitest ? { passed: json.numPassedTests, failed: json.numFailedTests + (json.numFailedTestSuites ?? 0) } : json;
}

const total = { passed: 0, failed: 0 };
const failedSteps = [];

/** A step that is not a test runner counts as one test. */
function step(name, ok) {
  ok ? total.passed++ : total.failed++;
  if (!ok) failedSteps.push(name);
}

/** A test runner's own counts; a runner that crashed without counts is one failure. */
function suite(name, ok, counts) {
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  if (!ok && (!counts || counts.failed === 0)) total.failed++;
  if (!ok) failedSteps.push(name);
}

if (only.length === 0) {
  step('build', run('npm', ['run', 'build', '--silent'], root));
  step('typecheck', run('npx', ['tsc', '-b'], root));
  step('lint', run('npx', ['biome', 'check', '.'], root));
}

for (const dir of suites) {
  if (only.length > 0 && !only.some((o) => dir.endsWith(o))) continue;
  const cwd = join(root, dir);
  if (['vitest.config.ts', 'vitest.config.mjs'].some((f) => existsSync(join(cwd, f)))) {
    const out = join(scratch, `${dir.replaceAll('/', '-')}-vitest.json`);
    const ok = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], cwd);
    suite(`${dir} (vitest)`, ok, readCounts(out, true));
    if (POSTGRES_TOO.includes(dir)) {
      // The same suite again, each test relay on a fresh PostgreSQL database (see src/test-support/database.ts).
      const pgOut = join(scratch, `${dir.replaceAll('/', '-')}-vitest-postgres.json`);
      const pgOk = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${pgOut}`], cwd, {
        TRACT_TEST_POSTGRES: '1',
      });
      suite(`${dir} (vitest, PostgreSQL)`, pgOk, readCounts(pgOut, true));
    }
  }
  if (existsSync(join(cwd, 'web-test-runner.config.mjs'))) {
    const out = join(scratch, `${dir.replaceAll('/', '-')}-wtr.json`);
    const ok = run('npx', ['wtr'], cwd, { TRACT_TEST_COUNTS: out });
    suite(`${dir} (web-test-runner)`, ok, readCounts(out, false));
  }
}

if (failedSteps.length > 0) console.log(`\nFailed: ${failedSteps.join(', ')}`);
console.log(`\n${total.passed} passed, ${total.failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
