import { defineConfig } from 'vitest/config';

/** One vitest configuration for every package: tests next to the code and in test/. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    // Hang guards, not speed checks: a spawned acs or a soak runs several times slower on a
    // busy 2-core machine, and no test here asserts how fast something runs.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    typecheck: { enabled: false },
  },
});
