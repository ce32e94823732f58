/**
 * Shared web-test-runner pieces: the Chromium launcher and a reporter that
 * writes pass/fail counts for scripts/test.mjs to add up.
 */
import { writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

export const chromium = () => chromeLauncher({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } });

/** TypeScript through esbuild, resolving workspace packages to their sources. */
export const typescript = () =>
  esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('../tsconfig.base.json', import.meta.url).pathname });

export const nodeResolve = { exportConditions: ['tract-source', 'browser', 'import'] };

function countTests(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const child of suite?.suites ?? []) countTests(child, counts);
}

/** Writes `{passed, failed, skipped}` to $TRACT_TEST_COUNTS when the run ends. */
export function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        countTests(session.testResults, counts);
        // A file that failed to load has no test results: count it as a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed++;
      }
      if (process.env.TRACT_TEST_COUNTS) writeFileSync(process.env.TRACT_TEST_COUNTS, JSON.stringify(counts));
    },
  };
}

export const reporters = () => [defaultReporter(), countingReporter()];
