import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['tract-source'] },
  ssr: { resolve: { conditions: ['tract-source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test file starts real servers and SQLite files; two cores are shared by six engineers.
    maxWorkers: 2,
  },
});
