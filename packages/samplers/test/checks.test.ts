/**
 * checkU and checkRandom decide the good case inline (they run at every draw): values that a
 * comparison would coerce into [0, 1) (null, '0.5', false) and NaN still get the typed error.
 */
import { describe, expect, it } from 'vitest';
import { createRandom, InvalidArgumentError } from '@dlspec/core';
import { checkRandom, checkU, logUniform } from '../src/distributions.js';

describe('the per-draw checks', () => {
  it('checkU passes [0, 1) and refuses everything else by name', () => {
    for (const u of [0, -0, 0.5, 1 - 2 ** -53]) expect(checkU(u)).toBe(u);
    for (const u of [null, '0.5', false, true, [0.5], NaN, 1, -1e-300, Infinity, undefined]) {
      expect(() => checkU(u as number, 'u.alpha')).toThrow(InvalidArgumentError);
      expect(() => checkU(u as number, 'u.alpha')).toThrow(/^u\.alpha must be in \[0, 1\)/);
    }
  });

  it('sample refuses a Random that is not one, and a uniform outside [0, 1), at every draw', () => {
    const d = logUniform(1e-4, 1);
    const random = createRandom(3);
    expect(checkRandom(random)).toBe(random);
    expect(d.sample(random)).toBeGreaterThanOrEqual(1e-4);
    for (const bad of [null, 5, { uniform: 0.5 }, {}]) expect(() => d.sample(bad as never)).toThrow(/^random(\.uniform)? must be/);
    let next: unknown = 0.25;
    const fake = { uniform: () => next };
    expect(d.sample(fake as never)).toBeCloseTo(10 ** -3, 12);
    for (const u of [1, NaN, '0.5', null]) {
      next = u;
      expect(() => d.sample(fake as never)).toThrow(/^u must be in \[0, 1\)/);
    }
  });
});
