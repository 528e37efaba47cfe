import kstest from '@stdlib/stats-kstest';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@dlspec/core';
import { ksTest } from './ks.js';

describe('the asymptotic Kolmogorov-Smirnov p-value of ks.ts', () => {
  it("agrees with @stdlib/stats-kstest's exact p within 0.01 at n = 2000, over samples near and far from the CDF", () => {
    const r = createRandom(12);
    for (const power of [1, 1.02, 1.05, 1.1]) {
      // x = u^power: the uniform CDF fits power 1 and fits less as power grows.
      const xs = Array.from({ length: 2000 }, () => r.uniform() ** power);
      const exact = kstest(xs, (x: number) => x, { alpha: 0.01 });
      const ours = ksTest(xs, (x) => x, 0.01);
      expect(ours.statistic).toBeCloseTo(exact.statistic, 12);
      expect(Math.abs(ours.pValue - exact.pValue), `power ${power}: ${ours.pValue} vs ${exact.pValue}`).toBeLessThan(0.01);
    }
  });
});
