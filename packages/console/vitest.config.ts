import { defineConfig } from 'vitest/config';

/** The console's tests: its build's size, and the built console in real Chromium against a real relay, one file at a time. */
export default defineConfig({
  resolve: { conditions: ['tract-source'] },
  ssr: { resolve: { conditions: ['tract-source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
