import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/.svelte-kit/**', 'web/build/**', 'db/generated/**'],
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
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
