import { defineConfig } from 'vitest/config';

/** End-to-end tests: real servers, real Chromium, one file at a time (the machine is shared). */
export default defineConfig({
  resolve: { conditions: ['tract-source'] },
  ssr: { resolve: { conditions: ['tract-source'] } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
