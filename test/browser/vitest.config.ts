import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The admin order API and browser tests on their own, with the repository's global setup
 * (the shared Temporal dev server and template database their stacks start from).
 * `npx vitest run --config test/browser/vitest.config.ts`
 * The repository's vitest.config.ts runs the same files as part of the whole suite.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['api/orders/orders.test.ts', 'test/browser/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // One process per worker slot for all its files: modules load once, and the slot's shared
    // stack and browser (test/support/stack-broker.ts) serve file after file.
    isolate: false,
    testTimeout: 60_000,
    // expect.poll's default second is shorter than a page's first hydration on a loaded
    // 2-core machine; waiting longer only costs time when the test is failing anyway.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 240_000,
  },
});
