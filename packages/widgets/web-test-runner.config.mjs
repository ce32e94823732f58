/** Component tests in real Chromium, against a test relay served from the same origin. */
import { chromium, nodeResolve, reporters, typescript } from '../../scripts/wtr-shared.mjs';
import { createTestRelay } from './test/relay-plugin.mjs';

const relay = createTestRelay();

/** The widgets load their worker next to the script; in tests that is the TypeScript source. */
function workerFromSource(ctx, next) {
  if (ctx.path.endsWith('/tract-challenge-worker.js')) return ctx.redirect('/packages/widgets/src/challenge-worker.ts');
  return next();
}

export default {
  rootDir: '../..',
  files: ['src/**/*.test.ts'],
  nodeResolve,
  browsers: [chromium()],
  concurrency: 1,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 20000 } },
  middleware: [workerFromSource, relay.middleware],
  plugins: [typescript(), relay.plugin],
  reporters: reporters(),
};
