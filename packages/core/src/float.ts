import { f16round } from '@petamoriken/float16';
import { checkValues } from './check-tensor.js';
import { checkNumber } from './check.js';

/** Round to the nearest float32 (ties to even). */
export const toFloat32 = (x: number): number => Math.fround(checkNumber('x', x));

/** Round to the nearest float16 (ties to even), as a backend that stores half floats would. */
export const toFloat16 = (x: number): number => f16round(checkNumber('x', x));

export function isFloat32Exact(x: number): boolean {
  checkNumber('x', x);
  return Number.isNaN(x) || Object.is(Math.fround(x), x);
}

export function float32Array(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(checkValues('values', values), Math.fround);
}
