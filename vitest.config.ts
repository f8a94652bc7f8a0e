import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start real local servers and child processes; two cores is the budget.
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
