import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['tract-source'] },
  ssr: { resolve: { conditions: ['tract-source'] } },
  test: { include: ['*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
