/**
 * Property: every public function of @dlspec/core, given arguments good or bad, returns a correct
 * result or throws a typed error naming the argument, and changes no state when it throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareTensors, compareValues, createRandom, decodeNumber, encodeNumber, encodeNumbers, float32Array, forEachLine, isFloat32Exact,
  normalizeAxis, pool, resolveTolerance, sameShape, scalar64, sizeOf, tensor64, toFloat16, toFloat32, toleranceForPrecision, ulpDistance32, zeros64,
} from '../src/index.js';
import { anyNumber, attempt, attemptAsync, BAD_NUMBERS } from '../src/testing.js';

const RUNS = { numRuns: 200 };
/** Shapes, good and bad: small dimensions, negative, fractional, NaN, non-arrays. */
const anyShape = fc.oneof(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), fc.array(anyNumber, { maxLength: 3 }), fc.constantFrom(...BAD_NUMBERS));
const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

describe('@dlspec/core: typed error or correct result, for any argument', () => {
  it('sizeOf, zeros64, tensor64, scalar64', () => {
    fc.assert(
      fc.property(anyShape, fc.oneof(fc.array(anyNumber, { maxLength: 8 }), fc.constantFrom(...BAD_NUMBERS)), (shape, data) => {
        const size = attempt(() => sizeOf(shape as number[]), ['shape']);
        if (size.ok) expect(size.value).toBe(product(shape as number[]));
        const zeros = attempt(() => zeros64(shape as number[]), ['shape']);
        if (zeros.ok) expect(Array.from(zeros.value.data)).toEqual(new Array(product(shape as number[])).fill(0));
        const t = attempt(() => tensor64(shape as number[], data as number[]), ['data']);
        if (t.ok) expect(Array.from(t.value.data)).toEqual(data);
        const s = attempt(() => scalar64(data as unknown as number), ['value']);
        if (s.ok) expect(s.value.data[0]).toBe(data);
      }),
      RUNS,
    );
  });

  it('normalizeAxis, forEachLine, sameShape', () => {
    fc.assert(
      fc.property(anyNumber, fc.integer({ min: 0, max: 4 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 }), (axis, rank, shape) => {
        const ax = attempt(() => normalizeAxis(axis as number, rank), ['axis']);
        if (ax.ok) {
          expect(ax.value).toBeGreaterThanOrEqual(0);
          expect(ax.value).toBeLessThan(rank);
          expect((ax.value - (axis as number)) % rank).toBe(0);
        }
        let elements = 0;
        const lines = attempt(() => forEachLine(shape, axis as number, (_o, _s, length) => (elements += length)), ['axis']);
        if (lines.ok) expect(elements).toBe(product(shape));
        const same = attempt(() => sameShape(shape, axis as unknown as number[]), ['a', 'b']);
        if (same.ok) expect(same.value).toBe(JSON.stringify(shape) === JSON.stringify(axis));
      }),
      RUNS,
    );
  });

  it('createRandom and its methods: a refused call draws nothing', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, (seed, low, high) => {
        const made = attempt(() => createRandom(seed as number), ['seed']);
        if (!made.ok) return;
        const [r, twin] = [made.value, createRandom(seed as number)];
        const x = attempt(() => r.uniformIn(low as number, high as number), ['low', 'high']);
        if (x.ok) expect(x.value).toBe((low as number) + ((high as number) - (low as number)) * twin.uniform());
        const k = attempt(() => r.int(low as number, high as number), ['low', 'high']);
        if (k.ok) {
          expect(Number.isInteger(k.value) && k.value >= (low as number) && k.value <= (high as number)).toBe(true);
          twin.int(low as number, high as number);
        }
        expect(r.uniform()).toBe(twin.uniform()); // same state: throwing calls consumed nothing
      }),
      RUNS,
    );
  });

  it('float32/float16 rounding, ULP distance, JSON numbers', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, fc.oneof(fc.array(anyNumber, { maxLength: 4 }), fc.constantFrom(...BAD_NUMBERS)), (a, b, values) => {
        const f = attempt(() => toFloat32(a as number), ['x']);
        if (f.ok) expect(Object.is(f.value, Math.fround(a as number))).toBe(true);
        const h = attempt(() => toFloat16(a as number), ['x']);
        if (h.ok) expect(Number.isNaN(h.value) || Math.abs(h.value) <= 65504 || !Number.isFinite(h.value)).toBe(true);
        const exact = attempt(() => isFloat32Exact(a as number), ['x']);
        if (exact.ok) expect(exact.value).toBe(Number.isNaN(a) || Object.is(Math.fround(a as number), a));
        const u = attempt(() => ulpDistance32(a as number, b as number), ['a', 'b']);
        if (u.ok) expect(u.value >= 0 && (Number.isInteger(u.value) || u.value === Infinity)).toBe(true);
        const e = attempt(() => encodeNumber(a as number), ['x']);
        if (e.ok) expect(Object.is(decodeNumber(e.value), a)).toBe(true);
        const d = attempt(() => decodeNumber(a, 'x'), ['x']);
        if (d.ok) expect(d.value).toBe(a);
        const arr = attempt(() => float32Array(values as number[]), ['values']);
        if (arr.ok) expect(Array.from(arr.value)).toEqual((values as number[]).map(Math.fround));
        const enc = attempt(() => encodeNumbers(values as number[]), ['values']);
        if (enc.ok) expect(enc.value.map((v) => decodeNumber(v))).toEqual(values);
      }),
      RUNS,
    );
  });

  it('tolerances and comparison', () => {
    const tolerance = fc.oneof(fc.constantFrom('exact', 'f32-op', 'loose', ...BAD_NUMBERS), fc.record({ rtol: anyNumber, atol: anyNumber, reason: fc.constantFrom('why', '', 3) }));
    fc.assert(
      fc.property(tolerance, anyNumber, fc.array(fc.double(), { maxLength: 4 }), fc.array(fc.double(), { maxLength: 4 }), (t, precision, got, expected) => {
        const r = attempt(() => resolveTolerance(t as never), ['tolerance']);
        if (!r.ok) return;
        const p = attempt(() => toleranceForPrecision(r.value, precision as 16 | 32), ['precision']);
        if (p.ok) expect(p.value.rtol >= r.value.rtol && p.value.atol >= r.value.atol).toBe(true);
        const c = attempt(() => compareValues(got, expected, r.value), ['got']);
        if (c.ok) expect(c.value.size).toBe(expected.length);
        const bad = attempt(() => compareValues(got, got, { rtol: precision as number, atol: 0 }), ['bounds']);
        if (bad.ok) expect(bad.value.pass).toBe(true);
        const tc = attempt(() => compareTensors({ shape: [got.length], data: got }, { shape: [expected.length], data: expected }, r.value), ['got']);
        if (tc.ok) expect(got.length).toBe(expected.length);
      }),
      RUNS,
    );
  });

  it('pool', async () => {
    await fc.assert(
      fc.asyncProperty(anyNumber, fc.array(fc.integer(), { maxLength: 5 }), async (concurrency, items) => {
        let calls = 0;
        const p = await attemptAsync(() => pool(items, concurrency as number, async (x) => (calls++, x * 2)), ['concurrency']);
        if (p.ok) expect(p.value).toEqual(items.map((x) => x * 2));
        else expect(calls).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
