import { defineConfig } from 'vitest/config';

// The property tests (test/all-or-nothing.test.ts) take seconds alone, and turbo runs every
// package's tests at once on 2 cores: more than vitest's 5 s default per test.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
