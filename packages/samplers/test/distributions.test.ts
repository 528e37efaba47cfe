import chi2gof from '@stdlib/stats-chi2gof';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, InvalidArgumentError } from '@dlspec/core';
import { ksTest } from './ks.js';
import { choice, intUniform, LAST_U, logUniform, quantized, reverseLogUniform, uniform, type Distribution } from '../src/distributions.js';

/** Significance of every statistical test here: a correct sampler fails one with probability 1%. */
const ALPHA = 0.01;
const N = 20_000;
const draw = <T>(d: Distribution<T>, seed: number) => {
  const r = createRandom(seed);
  return Array.from({ length: N }, () => d.sample(r));
};

// The KS p-values are the limiting distribution's (ks.ts), checked against the exact ones in ks.test.ts.
describe('continuous distributions: Kolmogorov-Smirnov against the exact CDF', () => {
  it('uniform(-1, 3)', () => {
    const res = ksTest(draw(uniform(-1, 3), 1), (x: number) => (x + 1) / 4, ALPHA);
    expect(res.rejected, `p = ${res.pValue}`).toBe(false);
  });
  it('logUniform(1e-4, 1): log10 of the value is uniform on [-4, 0]', () => {
    const res = ksTest(draw(logUniform(1e-4, 1), 2).map(Math.log10), (r: number) => (r + 4) / 4, ALPHA);
    expect(res.rejected, `p = ${res.pValue}`).toBe(false);
  });
  it('reverseLogUniform(0.9, 0.999): log10(1 - beta) is uniform on [-3, -1]', () => {
    const res = ksTest(draw(reverseLogUniform(0.9, 0.999), 3).map((b) => Math.log10(1 - b)), (r: number) => (r + 3) / 2, ALPHA);
    expect(res.rejected, `p = ${res.pValue}`).toBe(false);
  });
  it('the KS test does reject a uniform sampler used for a learning rate (the lecture: do not sample alpha uniformly)', () => {
    const res = ksTest(draw(uniform(1e-4, 1), 4).map(Math.log10), (r: number) => (r + 4) / 4, ALPHA);
    expect(res.rejected).toBe(true);
  });
  it('each distribution has the CDF it samples from', () => {
    for (const d of [uniform(-1, 3), logUniform(1e-4, 1), reverseLogUniform(0.9, 0.999)]) {
      const res = ksTest(draw(d, 5), (x: number) => d.cdf(x), ALPHA);
      expect(res.rejected, `${d.kind}: p = ${res.pValue}`).toBe(false);
    }
  });
});

describe('discrete distributions: chi-square against equal frequencies', () => {
  const counts = <T>(xs: T[], values: T[]) => values.map((v) => xs.filter((x) => x === v).length);
  it('intUniform(2, 4) (layers) and intUniform(50, 100) (hidden units), both ends inclusive', () => {
    for (const [low, high, seed] of [[2, 4, 6], [50, 100, 7]] as const) {
      const values = Array.from({ length: high - low + 1 }, (_, i) => low + i);
      const observed = counts(draw(intUniform(low, high), seed), values);
      const res = chi2gof(observed, values.map(() => N / values.length), { alpha: ALPHA });
      expect(res.rejected, `[${low}, ${high}]: p = ${res.pValue}`).toBe(false);
      expect(observed.every((c) => c > 0)).toBe(true);
    }
  });
  it('choice over activations', () => {
    const values = ['relu', 'tanh', 'sigmoid', 'gelu'];
    const res = chi2gof(counts(draw(choice(values), 8), values), values.map(() => N / 4), { alpha: ALPHA });
    expect(res.rejected, `p = ${res.pValue}`).toBe(false);
  });
  it('quantized uniform: multiples of q with the probabilities of their rounding cells', () => {
    const d = quantized(uniform(16, 256), 16);
    const values = Array.from({ length: 16 }, (_, i) => 16 * (i + 1));
    const expected = values.map((v) => N * (d.cdf(v) - d.cdf(v - 16)));
    const res = chi2gof(counts(draw(d, 9), values), expected, { alpha: ALPHA });
    expect(res.rejected, `p = ${res.pValue}`).toBe(false);
  });
});

describe('transforms', () => {
  const all: Array<[string, Distribution<number> & { low: number; high: number }]> = [
    ['uniform', uniform(-1, 3)],
    ['logUniform', logUniform(1e-4, 1)],
    ['reverseLogUniform', reverseLogUniform(0.9, 0.999)],
    ['intUniform', intUniform(50, 100)],
    ['quantized', quantized(logUniform(1, 1024), 8)],
  ];
  it('give low at u = 0 and stay at or below high as u approaches 1', () => {
    for (const [name, d] of all) {
      expect(d.transform(0), name).toBe(d.low);
      expect(d.transform(LAST_U), name).toBeLessThanOrEqual(d.high);
    }
    expect(intUniform(2, 4).transform(LAST_U)).toBe(4);
    expect(logUniform(1e-4, 1).transform(0.5)).toBeCloseTo(1e-2, 15);
    expect(reverseLogUniform(0.9, 0.999).transform(0.5)).toBeCloseTo(0.99, 15);
  });
  it('never cross their bounds and never decrease in u', () => {
    for (const [name, d] of all) {
      fc.assert(
        fc.property(fc.double({ min: 0, max: LAST_U, noNaN: true }), fc.double({ min: 0, max: LAST_U, noNaN: true }), (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const [x, y] = [d.transform(lo), d.transform(hi)];
          return x >= d.low && y <= d.high && x <= y;
        }),
        { numRuns: 500 },
      );
      void name;
    }
  });
});

describe('bad input', () => {
  it('gets a typed error naming the argument', () => {
    expect(() => uniform(1, 1)).toThrow(/^low must be below high \(1\); got 1/);
    expect(() => logUniform(0, 1)).toThrow(/^low must be > 0 for a log scale; got 0/);
    expect(() => logUniform(-1, 1)).toThrow(InvalidArgumentError);
    expect(() => reverseLogUniform(0.9, 1)).toThrow(/^high must lie in \(0, 1\) for a reverse-log \(beta\) scale; got 1/);
    expect(() => reverseLogUniform(0, 0.9)).toThrow(/^low must lie in \(0, 1\)/);
    expect(() => intUniform(2.5, 4)).toThrow(/^low must be an integer; got 2.5/);
    expect(() => intUniform(5, 4)).toThrow(/^low must be at most high \(4\); got 5/);
    expect(() => choice([])).toThrow(/^values must be a non-empty list/);
    expect(() => quantized(uniform(1, 2), 5)).toThrow(/^q leaves no multiple of q in \[1, 2\]/);
    expect(() => uniform(0, 1).transform(1)).toThrow(/^u must be in \[0, 1\); got 1/);
  });
});
