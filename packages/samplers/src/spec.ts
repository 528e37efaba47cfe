/**
 * sample_transform by name (SPEC section 3): the float64 reference the fixtures are generated
 * from, for any implementation that reads the distribution's name and bounds from a fixture.
 */
import { InvalidArgumentError } from '@dlspec/core';
import { intUniform, logUniform, quantized, reverseLogUniform, uniform, type Distribution } from './distributions.js';

export const TRANSFORMS = ['uniform', 'log_uniform', 'reverse_log_uniform', 'int_uniform', 'quantized_uniform', 'quantized_log_uniform'] as const;
export type TransformName = (typeof TRANSFORMS)[number];

export interface TransformParams {
  readonly distribution: string;
  readonly low: number;
  readonly high: number;
  /** quantized_*: the step. */
  readonly q?: number;
}

export function distributionOf(p: TransformParams): Distribution<number> {
  switch (p.distribution) {
    case 'uniform':
      return uniform(p.low, p.high);
    case 'log_uniform':
      return logUniform(p.low, p.high);
    case 'reverse_log_uniform':
      return reverseLogUniform(p.low, p.high);
    case 'int_uniform':
      return intUniform(p.low, p.high);
    case 'quantized_uniform':
      return quantized(uniform(p.low, p.high), p.q ?? NaN);
    case 'quantized_log_uniform':
      return quantized(logUniform(p.low, p.high), p.q ?? NaN);
    default:
      throw new InvalidArgumentError('distribution', p.distribution, `must be one of ${TRANSFORMS.join(', ')}`);
  }
}

export function transform(p: TransformParams, u: ArrayLike<number>): Float64Array {
  const d = distributionOf(p);
  return Float64Array.from(u as ArrayLike<number>, (x) => d.transform(x));
}
