import { describe, expect, it } from 'vitest';
import { decodeNumber, encodeNumber } from '../src/json-number.js';
import { isFloat32Exact, toFloat16 } from '../src/float.js';
import { createRandom } from '../src/random.js';
import { tensor64, normalizeAxis, forEachLine } from '../src/tensor.js';
import { InvalidArgumentError, ShapeError } from '../src/errors.js';

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(createRandom(43).uniform()).not.toBe(xs[0]);
  });
  it('gives uniforms in [0, 1) that are multiples of 2^-53', () => {
    const r = createRandom(1);
    for (let i = 0; i < 1000; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      expect(Number.isInteger(u * 2 ** 53)).toBe(true);
    }
  });
  it('draws integers in the closed range with every value reachable', () => {
    const r = createRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(2, 4));
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });
  it('has mean near 0 and variance near 1 for normal()', () => {
    const r = createRandom(3);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });
  it('rejects a seed that is not a safe integer', () => {
    expect(() => createRandom(0.5)).toThrow(InvalidArgumentError);
  });
});

describe('special numbers in JSON', () => {
  it('round-trips NaN, the infinities and -0 bit-identically', () => {
    for (const x of [NaN, Infinity, -Infinity, -0, 0, 0.1, 5e-324, -1.7976931348623157e308]) {
      const back = decodeNumber(JSON.parse(JSON.stringify(encodeNumber(x))));
      expect(Object.is(back, x)).toBe(true);
    }
  });
  it('rejects other strings, naming the argument', () => {
    expect(() => decodeNumber('nan', 'z.data[3]')).toThrow(/z\.data\[3\]/);
  });
});

describe('float rounding', () => {
  it('rounds to float16 with ties to even and overflows past 65504', () => {
    expect(toFloat16(1 + 2 ** -11)).toBe(1); // tie, even neighbour is 1
    expect(toFloat16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(toFloat16(65520)).toBe(Infinity);
    expect(toFloat16(1e4 + 3)).toBe(10000 + 0); // spacing 8 near 1e4
  });
  it('knows float32-exact values', () => {
    expect(isFloat32Exact(0.5)).toBe(true);
    expect(isFloat32Exact(0.1)).toBe(false);
  });
});

describe('tensor64', () => {
  it('checks data length against the shape and names the argument', () => {
    expect(() => tensor64([2, 2], [1, 2, 3], 'z')).toThrow(ShapeError);
    expect(() => tensor64([2, 2], [1, 2, 3], 'z')).toThrow(/^z holds 3 values/);
  });
  it('normalizes negative axes and rejects unknown ones', () => {
    expect(normalizeAxis(-1, 3)).toBe(2);
    expect(() => normalizeAxis(3, 3)).toThrow(/axis must be an integer in \[-3, 2\]/);
  });
  it('visits every line along an axis once', () => {
    const lines: number[][] = [];
    forEachLine([2, 3], 0, (o, s, n) => lines.push(Array.from({ length: n }, (_, k) => o + k * s)));
    expect(lines).toEqual([[0, 3], [1, 4], [2, 5]]);
  });
});
