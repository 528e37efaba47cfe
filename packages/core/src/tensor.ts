import { checkShape, checkTensor64 } from './check-tensor.js';
import { checkArray, checkFunction, checkIntegerAtLeast, checkNumber } from './check.js';
import { InvalidArgumentError } from './errors.js';

/** A float64 tensor: shape plus row-major data. The spec modules compute on these. */
export interface Tensor64 {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** The number of elements of a shape (its product), after checking it. */
export function sizeOf(shape: readonly number[], argument = 'shape'): number {
  return checkShape(argument, shape);
}

/** A float64 buffer of `size` values, or a typed error naming the shape when it cannot be allocated. */
function allocate(size: number, shape: readonly number[], argument: string): Float64Array {
  try {
    return new Float64Array(size);
  } catch (error) {
    throw new InvalidArgumentError(argument, shape, `needs ${size} float64 values, more than can be allocated (${(error as Error).message})`);
  }
}

/** A Tensor64 holding a copy of data; the data must fill the shape exactly. */
export function tensor64(shape: readonly number[], data: ArrayLike<number> | Iterable<number>, argument = 'data'): Tensor64 {
  const size = sizeOf(shape, `${argument}.shape`);
  const values = data !== null && typeof data === 'object' && Symbol.iterator in data && !Array.isArray(data) && !ArrayBuffer.isView(data) ? Array.from(data) : data;
  checkTensor64(argument, { shape, data: values });
  const array = allocate(size, shape, `${argument}.shape`);
  array.set(values as ArrayLike<number>);
  return { shape: [...shape], data: array };
}

export function zeros64(shape: readonly number[]): Tensor64 {
  const data = allocate(sizeOf(shape), shape, 'shape');
  return { shape: [...shape], data };
}

export function scalar64(value: number): Tensor64 {
  return { shape: [], data: Float64Array.of(checkNumber('value', value)) };
}

/** Resolve a possibly negative axis against a rank, or throw naming the argument. */
export function normalizeAxis(axis: number, rank: number, argument = 'axis'): number {
  checkIntegerAtLeast('rank', rank, 0);
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(argument, axis, `must be an integer in [${-rank}, ${rank - 1}] for a rank-${rank} input`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Iterate over every 1-D line along `axis`: calls `visit(offset, stride, length)` where the
 * line's elements are data[offset + k * stride], k < length.
 */
export function forEachLine(shape: readonly number[], axis: number, visit: (offset: number, stride: number, length: number) => void): void {
  sizeOf(shape);
  axis = normalizeAxis(axis, shape.length);
  checkFunction('visit', visit);
  const length = shape[axis] ?? 1;
  let stride = 1;
  for (let d = axis + 1; d < shape.length; d++) stride *= shape[d] ?? 1;
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d] ?? 1;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < stride; i++) visit(o * length * stride + i, stride, length);
  }
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  checkArray('a', a);
  checkArray('b', b);
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
