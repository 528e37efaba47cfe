import { defineConfig } from 'vitest/config';

// Child processes (journal, workers) and a Redis server start in some tests: seconds on a loaded machine.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
