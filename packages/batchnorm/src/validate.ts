import { checkFloat32, checkInterval, checkPositive, checkShape, checkTensor, InvalidArgumentError, normalizeAxis, ShapeError, type Tensor64, type TensorLike } from '@dlspec/core';
import type { RunningStatsProfile } from './profiles.js';

export interface Layout {
  /** The feature (channel) axis, non-negative. */
  readonly axis: number;
  /** n: number of features. */
  readonly n: number;
  /** m: examples per feature (product of every other axis). */
  readonly m: number;
  /** Elements between consecutive features along the axis. */
  readonly inner: number;
}

/** z's layout for per-feature statistics along `axis`; refuses an empty batch. */
export function layoutOf(zShape: readonly number[], axis = -1, argument = 'z'): Layout {
  const size = checkShape(`${argument}.shape`, zShape);
  if (zShape.length < 2) throw new ShapeError(argument, zShape, 'must have an examples axis and a feature axis (rank >= 2)');
  const ax = normalizeAxis(axis, zShape.length);
  const n = zShape[ax] as number;
  if (size === 0) throw new ShapeError(argument, zShape, 'must not be empty (a batch of zero examples or zero features)');
  let inner = 1;
  for (let d = ax + 1; d < zShape.length; d++) inner *= zShape[d] as number;
  return { axis: ax, n, m: size / n, inner };
}

/** gamma, beta, mean, variance: one value per feature. */
export function checkPerFeature(argument: string, shape: readonly number[], n: number): void {
  if (shape.length !== 1 || shape[0] !== n) throw new ShapeError(argument, shape, `must be [n] = [${n}], one value per feature`);
}

/** A live float32 tensor of one value per feature. */
export function checkPerFeatureTensor<T extends TensorLike>(argument: string, t: T, n: number): T {
  checkPerFeature(argument, checkTensor<T>(argument, t).shape, n);
  return t;
}

/** A variance per feature: no negative value (NaN passes through as data). */
export function checkVariance(argument: string, t: Tensor64): void {
  const i = t.data.findIndex((v) => v < 0);
  if (i >= 0) throw new InvalidArgumentError(`${argument}[${i}]`, t.data[i], 'must be >= 0 (a variance)');
}

export const checkEpsilon = (epsilon: unknown): number => checkPositive('epsilon', epsilon);

/** epsilon of a tfjs model: > 0 in float32 too, or a feature of constant value would give 0 / 0. */
export const checkEpsilon32 = (epsilon: unknown): number => checkFloat32('epsilon', checkEpsilon(epsilon));

export const checkMomentum = (momentum: unknown): number => checkInterval('momentum', momentum, { low: 0, high: 1 });

/** The unbiased variance needs two examples per feature. */
export function checkExamplesFor(profile: RunningStatsProfile, m: number, argument = 'z'): void {
  if (profile.variance === 'unbiased' && m < 2) {
    throw new InvalidArgumentError(argument, m, `must have at least 2 examples per feature for the unbiased running variance of profile ${profile.name}`);
  }
}
