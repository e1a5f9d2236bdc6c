import { defineConfig } from 'vitest/config';

/** One vitest configuration for every package: tests next to the code and in test/. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    typecheck: { enabled: false },
  },
});
