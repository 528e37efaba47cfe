import { f16round } from '@petamoriken/float16';

/** Round to the nearest float32 (ties to even). */
export const toFloat32 = Math.fround;

/** Round to the nearest float16 (ties to even), as a backend that stores half floats would. */
export const toFloat16: (x: number) => number = f16round;

export function isFloat32Exact(x: number): boolean {
  return Number.isNaN(x) || Object.is(Math.fround(x), x);
}

export function float32Array(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>, Math.fround);
}
