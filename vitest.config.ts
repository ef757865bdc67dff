import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['reconciler/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Network tests share the kernel's namespace list and BIRD; files run in parallel,
    // tests inside a file in order.
    pool: 'forks',
  },
});
