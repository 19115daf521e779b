import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PostgreSQL and Redis suites share one real server each; files run in parallel, tests inside a file in order.
    pool: 'forks',
  },
});
