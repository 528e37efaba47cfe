/**
 * sample_transform by name (SPEC section 3): the float64 reference the fixtures are generated
 * from, for any implementation that reads the distribution's name and bounds from a fixture.
 */
import { checkObject, checkOneOf, checkValues, InvalidArgumentError } from '@dlspec/core';
import { checkU, intUniform, logUniform, quantized, reverseLogUniform, uniform, type Distribution } from './distributions.js';

export const TRANSFORMS = ['uniform', 'log_uniform', 'reverse_log_uniform', 'int_uniform', 'quantized_uniform', 'quantized_log_uniform'] as const;
export type TransformName = (typeof TRANSFORMS)[number];

export interface TransformParams {
  readonly distribution: string;
  readonly low: number;
  readonly high: number;
  /** quantized_*: the step. */
  readonly q?: number;
}

/** The distribution the params name; q is given exactly for the quantized ones. */
export function distributionOf(p: TransformParams): Distribution<number> {
  checkObject('params', p);
  const name = checkOneOf('distribution', p.distribution, TRANSFORMS);
  if (name.startsWith('quantized_') && p.q === undefined) throw new InvalidArgumentError('q', p.q, `(the step) must be given for ${name}`);
  if (!name.startsWith('quantized_') && p.q !== undefined) throw new InvalidArgumentError('q', p.q, `is only for quantized_uniform and quantized_log_uniform, not ${name}`);
  switch (name) {
    case 'uniform':
      return uniform(p.low, p.high);
    case 'log_uniform':
      return logUniform(p.low, p.high);
    case 'reverse_log_uniform':
      return reverseLogUniform(p.low, p.high);
    case 'int_uniform':
      return intUniform(p.low, p.high);
    case 'quantized_uniform':
      return quantized(uniform(p.low, p.high), p.q as number);
    case 'quantized_log_uniform':
      return quantized(logUniform(p.low, p.high), p.q as number);
  }
}

/** x[i] = the distribution at u[i]; every u[i] in [0, 1). */
export function transform(p: TransformParams, u: ArrayLike<number>): Float64Array {
  const d = distributionOf(p);
  const us = checkValues('u', u);
  for (let i = 0; i < us.length; i++) checkU(us[i] as number, `u[${i}]`);
  return Float64Array.from(us, (x) => d.transform(x));
}
