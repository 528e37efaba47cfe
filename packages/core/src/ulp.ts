import { checkNumber } from './check.js';

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/**
 * Map a float32 to an integer so that adjacent floats differ by 1 and the order is kept
 * (negative floats have their magnitude bits flipped below zero; +0 and -0 both map to 0).
 */
function orderedBits(x: number): number {
  f32[0] = x;
  const bits = i32[0] ?? 0;
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/**
 * Distance in float32 units in the last place between the float32 roundings of a and b.
 * 0 for equal values (and for +0 vs -0); Infinity when exactly one of them is NaN.
 */
export function ulpDistance32(a: number, b: number): number {
  checkNumber('a', a);
  checkNumber('b', b);
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN && bNaN ? 0 : Infinity;
  return Math.abs(orderedBits(a) - orderedBits(b));
}
