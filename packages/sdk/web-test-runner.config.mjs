import { chromium, nodeResolve, reporters, typescript } from '../../scripts/wtr-shared.mjs';
import { relayDouble } from './test/relay-double.mjs';

export default {
  rootDir: '../..',
  files: ['src/**/*.browser.test.ts'],
  nodeResolve,
  browsers: [chromium()],
  plugins: [typescript()],
  middleware: [relayDouble()],
  reporters: reporters(),
  concurrency: 1,
  testFramework: { config: { timeout: 20_000 } },
};
