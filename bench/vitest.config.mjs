import { defineConfig } from 'vitest/config';

// The empty-selection test starts a cpu worker with tfjs (a few seconds on a loaded 2-core machine).
export default defineConfig({ test: { include: ['test/**/*.test.mjs'], testTimeout: 120_000 } });
