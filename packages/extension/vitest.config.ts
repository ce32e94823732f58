import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  // WXT's plugin swaps `wxt/browser` for its in-memory fake browser, so the plain modules run under Node.
  plugins: [WxtVitest()],
  resolve: { conditions: ['tract-source'] },
  ssr: { resolve: { conditions: ['tract-source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
