import { defineConfig } from 'vitest/config';

// Repo-level tests only; each workspace package has its own config and runs under turbo.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
