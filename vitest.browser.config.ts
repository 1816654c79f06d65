import { defineConfig } from 'vitest/config';

// Browser tests drive Debian's /usr/bin/chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['test/temp-root.ts'],
    fileParallelism: false,
  },
});
