/**
 * Checks for the two kinds of tensor the packages take: float64 Tensor64 values ({ shape, data })
 * and tfjs tensors. A tfjs tensor is recognised by its fields, so core does not import tfjs.
 */
import { DisposedError, InvalidArgumentError, ShapeError } from './errors.js';
import type { Tensor64 } from './tensor.js';

/** A shape: an array of non-negative integers whose product (the size) is a safe integer. Returns the size. */
export function checkShape(argument: string, shape: unknown): number {
  if (!Array.isArray(shape)) throw new InvalidArgumentError(argument, shape, 'must be an array of non-negative integers');
  let size = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || (d as number) < 0) throw new InvalidArgumentError(argument, shape, 'must hold non-negative integers');
    size *= d as number;
  }
  if (!Number.isSafeInteger(size)) throw new InvalidArgumentError(argument, shape, 'must have a size (product) below 2^53');
  return size;
}

const isArrayLike = (data: unknown): data is ArrayLike<unknown> =>
  Array.isArray(data) || (ArrayBuffer.isView(data) && !(data instanceof DataView) && typeof (data as unknown as ArrayLike<unknown>).length === 'number');

/** An array or typed array of numbers (NaN and the infinities included). */
export function checkValues(argument: string, values: unknown): ArrayLike<number> {
  if (!isArrayLike(values)) throw new InvalidArgumentError(argument, values, 'must be an array or typed array of numbers');
  if (!(values instanceof Float64Array || values instanceof Float32Array)) {
    for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') throw new InvalidArgumentError(`${argument}[${i}]`, values[i], 'must be a number');
  }
  return values as ArrayLike<number>;
}

/**
 * A Tensor64 whose data fills its shape: { shape, data } with data.length = product(shape) and every
 * entry a number (NaN and the infinities are values like any other). Returns it with its data as a
 * Float64Array: plain arrays and Float32Arrays are accepted and copied.
 */
export function checkTensor64(argument: string, t: unknown): Tensor64 {
  if (typeof t !== 'object' || t === null) throw new InvalidArgumentError(argument, t, 'must be a tensor { shape, data }');
  const { shape, data } = t as { shape: unknown; data: unknown };
  const size = checkShape(`${argument}.shape`, shape);
  const values = checkValues(`${argument}.data`, data);
  if (values.length !== size) throw new ShapeError(argument, shape as number[], `holds ${values.length} values, but its shape needs ${size}`);
  return values instanceof Float64Array ? (t as Tensor64) : { shape: shape as number[], data: Float64Array.from(values) };
}

/** What the checks need of a tfjs tensor or variable. */
export interface TensorLike {
  readonly shape: number[];
  readonly dtype: string;
  readonly rank: number;
  readonly size: number;
  readonly isDisposed: boolean;
}

const isTensorLike = (t: unknown): t is TensorLike =>
  typeof t === 'object' && t !== null && Array.isArray((t as TensorLike).shape) && typeof (t as TensorLike).dtype === 'string' && typeof (t as TensorLike).isDisposed === 'boolean';

/** A live tfjs tensor of one of `dtypes` (default float32: the models compute in float32). */
export function checkTensor<T extends TensorLike>(argument: string, t: T | unknown, dtypes: readonly string[] = ['float32']): T {
  if (!isTensorLike(t)) throw new InvalidArgumentError(argument, t, 'must be a tfjs tensor');
  if (t.isDisposed) throw new DisposedError(argument, t);
  if (!dtypes.includes(t.dtype)) throw new InvalidArgumentError(argument, t, `must be a ${dtypes.join(' or ')} tensor`);
  return t as T;
}

/** A tensor shape of the given rank with no zero dimension. */
export function checkNonEmpty(argument: string, shape: readonly number[], rank: number, layout: string): void {
  if (shape.length !== rank || shape.some((d) => d === 0)) throw new ShapeError(argument, shape, `must be a non-empty ${layout}`);
}
