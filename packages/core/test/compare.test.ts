import { describe, expect, it } from 'vitest';
import { compareValues, compareTensors } from '../src/compare.js';
import { ShapeError } from '../src/errors.js';
import { TIERS } from '../src/tolerance.js';

const op = TIERS['f32-op'];

describe('compareValues', () => {
  it('passes within atol + rtol |expected| and fails just outside', () => {
    expect(compareValues([1 + 1e-5], [1], op).pass).toBe(true);
    const c = compareValues([1, 2 + 3e-5], [1, 2], op);
    expect(c.pass).toBe(false);
    expect(c.mismatches).toBe(1);
    expect(c.worst?.index).toBe(1);
    expect(c.maxAbsError).toBeCloseTo(3e-5, 12);
    expect(c.maxRelError).toBeCloseTo(1.5e-5, 12);
  });
  it('reports the float32 ULP distance from the rounded expectation', () => {
    const c = compareValues([Math.fround(0.1)], [0.1], TIERS.exact);
    // The float32 value is the rounding of the expectation: 0 ULP, though not bit-identical.
    expect(c.maxUlp).toBe(0);
    expect(c.pass).toBe(false);
  });
  it('keeps near-zero ULPs out of maxUlpRelative', () => {
    const c = compareValues([0, 1 + 2 ** -23], [1e-30, 1], op);
    expect(c.pass).toBe(true);
    expect(c.maxUlp).toBeGreaterThan(1e8);
    expect(c.maxUlpRelative).toBe(1);
  });
  it('matches NaN only with NaN and an infinity only with itself', () => {
    expect(compareValues([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], TIERS.exact).pass).toBe(true);
    const nan = compareValues([0.5], [NaN], TIERS.f16);
    expect(nan.pass).toBe(false);
    expect(nan.maxUlp).toBe(Infinity);
    expect(compareValues([NaN], [0.5], TIERS.f16).pass).toBe(false);
    expect(compareValues([Infinity], [-Infinity], TIERS.f16).pass).toBe(false);
    expect(compareValues([3.4e38], [Infinity], TIERS.f16)).toMatchObject({ pass: false, maxAbsError: Infinity });
    expect(compareValues([0.5, 1], [NaN, 1], TIERS.f16)).toMatchObject({ pass: false, maxAbsError: 0, mismatches: 1 });
  });
  it('ignores the sign of zero unless asked', () => {
    expect(compareValues([0], [-0], TIERS.exact).pass).toBe(true);
    expect(compareValues([0], [-0], TIERS.exact, { signedZero: true }).pass).toBe(false);
    expect(compareValues([-0], [-0], TIERS.exact, { signedZero: true }).pass).toBe(true);
  });
  it('refuses values of the wrong length or shape with a typed error', () => {
    expect(() => compareValues([1], [1, 2], op)).toThrow(ShapeError);
    expect(() => compareTensors({ shape: [2], data: [1, 2] }, { shape: [1, 2], data: [1, 2] }, op)).toThrow(/expected shape \[1, 2\]/);
  });
});
