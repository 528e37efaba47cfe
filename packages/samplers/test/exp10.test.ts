import stdlibExp10 from '@stdlib/math-base-special-exp10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@dlspec/core';
import { exp10 } from '../src/exp10.js';

// exp10 must give stdlib's float64 bit for bit: seeded searches draw through it, and their trials
// are the same on every platform only if this function is.
const same = (x: number) => expect(Object.is(exp10(x), stdlibExp10(x)), `exp10(${x}) = ${exp10(x)}, stdlib ${stdlibExp10(x)}`).toBe(true);

describe('exp10: bit for bit stdlib exp10', () => {
  it('on a million seeded arguments at the scales samplers use and across the whole range', () => {
    const r = createRandom(11);
    let mismatches = 0;
    for (let k = 0; k < 1_000_000; k++) {
      const scale = [1e-3, 1, 5, 40, 310][k % 5]!;
      const x = (2 * r.uniform() - 1) * scale;
      if (!Object.is(exp10(x), stdlibExp10(x))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
  it('on arbitrary doubles (fast-check)', () => {
    fc.assert(fc.property(fc.double(), (x) => Object.is(exp10(x), stdlibExp10(x))), { numRuns: 20_000 });
  });
  it('at the ends: the subnormal results, overflow, NaN, infinities and signed zeros', () => {
    for (const x of [308, 307.9999999, 308.0000001, 308.25, -308, -308.0000001, -307.9, -307.66, -307.653, -307.65, -307.6, -307.5, -307, -306])
      same(x);
    for (const x of [0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, NaN, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE]) same(x);
  });
  it('at every integer exponent and the halfway points where the reduction picks the next power of two', () => {
    for (let x = -308; x <= 308; x++) same(x);
    for (let n = -1023; n <= 1023; n++) {
      const x = (n + 0.5) / 3.32192809488736234787;
      for (const d of [-1e-12, 0, 1e-12]) same(x + d);
    }
  });
});
