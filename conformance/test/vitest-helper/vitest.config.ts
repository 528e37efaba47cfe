import { defineConfig } from 'vitest/config';

// A maintainer's own Vitest run, as test/api.test.ts starts it: the suite as tests of theirs.
export default defineConfig({ test: { include: ['*.conformance.ts'], testTimeout: 300_000, hookTimeout: 300_000 } });
