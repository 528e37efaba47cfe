import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The matrix test starts every backend for real (Dawn, two Chromium pages): minutes, not seconds.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // One test file at a time: the machine has 2 cores and the matrix test uses both.
    fileParallelism: false,
  },
});
