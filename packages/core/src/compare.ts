import { checkTensor64, checkValues } from './check-tensor.js';
import { checkObject } from './check.js';
import { ShapeError } from './errors.js';
import { sameShape } from './tensor.js';
import { checkBounds, type Bounds } from './tolerance.js';
import { ulpDistance32 } from './ulp.js';

export interface CompareOptions {
  /** When true, -0 and +0 are different values (a case says when the sign of zero matters). */
  readonly signedZero?: boolean;
}

export interface Mismatch {
  readonly index: number;
  readonly got: number;
  readonly expected: number;
}

export interface Comparison {
  readonly pass: boolean;
  /** Max |got - expected|: Infinity when a finite value meets an infinity; pairs with a NaN are left out (counted in mismatches and maxUlp). */
  readonly maxAbsError: number;
  /** Max |got - expected| / |expected| over finite, non-zero expectations. */
  readonly maxRelError: number;
  /** Max distance in float32 ULPs from the float32 rounding of the expectation (Infinity for a special-value mismatch). */
  readonly maxUlp: number;
  /**
   * maxUlp over the elements where the relative bound governs (|expected| >= atol / rtol). Near
   * zero, ULPs are tiny (a result of 0 for an expected 1e-30 is ~1e9 ULP away yet within atol),
   * so this is the figure to compare between backends.
   */
  readonly maxUlpRelative: number;
  /** The element furthest outside (or closest to) its bound: the one to look at first. */
  readonly worst: Mismatch | null;
  readonly mismatches: number;
  readonly size: number;
}

function specialMismatch(got: number, expected: number, signedZero: boolean): boolean | null {
  if (Number.isNaN(expected) || Number.isNaN(got)) return !(Number.isNaN(expected) && Number.isNaN(got));
  if (!Number.isFinite(expected) || !Number.isFinite(got)) return got !== expected;
  if (signedZero && expected === 0 && got === 0) return !Object.is(got, expected);
  return null; // an ordinary pair: judged by the bounds
}

/**
 * Compare a backend's values with a float64 expectation under `atol + rtol * |expected|`
 * (SPEC section 4). NaN matches only NaN; an infinity only the same infinity.
 */
export function compareValues(
  got: ArrayLike<number>,
  expected: ArrayLike<number>,
  bounds: Bounds,
  options: CompareOptions = {},
): Comparison {
  checkValues('got', got);
  checkValues('expected', expected);
  checkBounds('bounds', bounds);
  checkObject('options', options);
  if (got.length !== expected.length) {
    throw new ShapeError('got', [got.length], `must hold as many values as expected (${expected.length})`);
  }
  const signedZero = options.signedZero ?? false;
  let maxAbsError = 0;
  let maxRelError = 0;
  let maxUlp = 0;
  let maxUlpRelative = 0;
  const relativeFrom = bounds.rtol > 0 ? bounds.atol / bounds.rtol : Infinity;
  let mismatches = 0;
  let worst: Mismatch | null = null;
  let worstScore = -1;
  for (let i = 0; i < expected.length; i++) {
    const g = got[i] as number;
    const e = expected[i] as number;
    const special = specialMismatch(g, e, signedZero);
    let score: number;
    if (special !== null) {
      score = special ? Infinity : 0;
      if (special) {
        maxUlp = Infinity;
        maxUlpRelative = Infinity;
        // A finite value against an infinity is infinitely far; against NaN no distance is defined.
        if (!Number.isNaN(e) && !Number.isNaN(g)) maxAbsError = Infinity;
        mismatches++;
      }
    } else {
      const abs = Math.abs(g - e);
      const bound = bounds.atol + bounds.rtol * Math.abs(e);
      maxAbsError = Math.max(maxAbsError, abs);
      if (e !== 0) maxRelError = Math.max(maxRelError, abs / Math.abs(e));
      const ulp = ulpDistance32(g, Math.fround(e));
      maxUlp = Math.max(maxUlp, ulp);
      if (Math.abs(e) >= relativeFrom) maxUlpRelative = Math.max(maxUlpRelative, ulp);
      if (abs > bound) mismatches++;
      score = bound > 0 ? abs / bound : abs > 0 ? Infinity : 0;
    }
    if (score > worstScore) {
      worstScore = score;
      worst = { index: i, got: g, expected: e };
    }
  }
  return { pass: mismatches === 0, maxAbsError, maxRelError, maxUlp, maxUlpRelative, worst, mismatches, size: expected.length };
}

/** Compare shapes first, then values. */
export function compareTensors(
  got: { shape: readonly number[]; data: ArrayLike<number> },
  expected: { shape: readonly number[]; data: ArrayLike<number> },
  bounds: Bounds,
  options: CompareOptions = {},
): Comparison {
  checkTensor64('got', got);
  checkTensor64('expected', expected);
  if (!sameShape(got.shape, expected.shape)) {
    throw new ShapeError('got', got.shape, `must have the expected shape [${expected.shape.join(', ')}]`);
  }
  return compareValues(got.data, expected.data, bounds, options);
}
