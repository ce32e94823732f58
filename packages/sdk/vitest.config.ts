import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['tract-source'] },
  ssr: { resolve: { conditions: ['tract-source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // *.browser.test.ts run in Chromium under web-test-runner.
    exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
    testTimeout: 20_000,
  },
});
