import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // node:sqlite's ExperimentalWarning is expected; keep test output for real problems.
    execArgv: ['--disable-warning=ExperimentalWarning'],
    reporters: ['default'],
  },
});
