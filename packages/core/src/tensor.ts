import { InvalidArgumentError, ShapeError } from './errors.js';

/** A float64 tensor: shape plus row-major data. The spec modules compute on these. */
export interface Tensor64 {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export function sizeOf(shape: readonly number[], argument = 'shape'): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new InvalidArgumentError(argument, shape, 'must hold non-negative integers');
    n *= d;
  }
  return n;
}

export function tensor64(shape: readonly number[], data: ArrayLike<number> | Iterable<number>, argument = 'data'): Tensor64 {
  const array = Float64Array.from(data as ArrayLike<number>);
  const size = sizeOf(shape, `${argument}.shape`);
  if (array.length !== size) {
    throw new ShapeError(argument, shape, `holds ${array.length} values but its shape needs ${size}`);
  }
  return { shape: [...shape], data: array };
}

export function zeros64(shape: readonly number[]): Tensor64 {
  return { shape: [...shape], data: new Float64Array(sizeOf(shape)) };
}

export function scalar64(value: number): Tensor64 {
  return { shape: [], data: Float64Array.of(value) };
}

/** Resolve a possibly negative axis against a rank, or throw naming the argument. */
export function normalizeAxis(axis: number, rank: number, argument = 'axis'): number {
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
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
