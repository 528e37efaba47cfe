import { defineConfig } from 'vitest/config';

// The Kolmogorov-Smirnov tests compute exact p-values for 20 000 samples: seconds each.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
