import { defineConfig } from 'vitest/config';

/** Node-side checks of the build output; the components are tested in Chromium by web-test-runner. */
export default defineConfig({
  test: { include: ['build/**/*.test.ts'] },
});
