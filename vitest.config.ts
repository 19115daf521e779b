import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Locale packs and the city profile, installed as the runtime factory does at start-up.
    setupFiles: ['test/setup/locales.ts'],
    // The default knowledge base's interpreter, trained once for the whole run.
    // Every log line of the run is checked for personal data in clear when it ends.
    globalSetup: ['test/setup/train-interpreter.ts', 'test/setup/log-capture.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PostgreSQL and Redis suites share one real server each; files run in parallel, tests inside a file in order.
    pool: 'forks',
  },
});
