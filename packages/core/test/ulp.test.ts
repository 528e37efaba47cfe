import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ulpDistance32 } from '../src/ulp.js';

const nextUp32 = (x: number): number => {
  const f = new Float32Array([x]);
  const i = new Int32Array(f.buffer);
  if (x === 0) return 2 ** -149;
  i[0] = (i[0] ?? 0) + (x > 0 ? 1 : -1);
  return f[0] ?? NaN;
};

describe('ulpDistance32', () => {
  it('is 0 for equal values and for +0 against -0', () => {
    expect(ulpDistance32(1, 1)).toBe(0);
    expect(ulpDistance32(0, -0)).toBe(0);
  });
  it('is 1 between neighbouring float32 values, across zero too', () => {
    expect(ulpDistance32(1, nextUp32(1))).toBe(1);
    expect(ulpDistance32(2 ** -149, -(2 ** -149))).toBe(2);
    expect(ulpDistance32(3.4028234663852886e38, Infinity)).toBe(1);
  });
  it('treats NaN as equal only to NaN', () => {
    expect(ulpDistance32(NaN, NaN)).toBe(0);
    expect(ulpDistance32(NaN, 1)).toBe(Infinity);
  });
  it('is symmetric and counts the floats in between', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 50 }), (x, k) => {
        let y = x;
        for (let j = 0; j < k && Number.isFinite(nextUp32(y)); j++) y = nextUp32(y);
        const d = ulpDistance32(x, y);
        return d === ulpDistance32(y, x) && d <= k;
      }),
    );
  });
});
