import { InvalidArgumentError, ShapeError, normalizeAxis, sizeOf } from '@dlspec/core';
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
  if (zShape.length < 2) throw new ShapeError(argument, zShape, 'must have an examples axis and a feature axis (rank >= 2)');
  const ax = normalizeAxis(axis, zShape.length);
  const n = zShape[ax] as number;
  const size = sizeOf(zShape, `${argument}.shape`);
  if (size === 0) throw new ShapeError(argument, zShape, 'must not be empty (a batch of zero examples or zero features)');
  let inner = 1;
  for (let d = ax + 1; d < zShape.length; d++) inner *= zShape[d] as number;
  return { axis: ax, n, m: size / n, inner };
}

/** gamma, beta, mean, variance: one value per feature. */
export function checkPerFeature(argument: string, shape: readonly number[], n: number): void {
  if (shape.length !== 1 || shape[0] !== n) throw new ShapeError(argument, shape, `must be [n] = [${n}], one value per feature`);
}

export function checkEpsilon(epsilon: number): void {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new InvalidArgumentError('epsilon', epsilon, 'must be a finite number > 0');
}

export function checkMomentum(momentum: number): void {
  if (!(momentum >= 0 && momentum <= 1)) throw new InvalidArgumentError('momentum', momentum, 'must be in [0, 1]');
}

/** The unbiased variance needs two examples per feature. */
export function checkExamplesFor(profile: RunningStatsProfile, m: number, argument = 'z'): void {
  if (profile.variance === 'unbiased' && m < 2) {
    throw new InvalidArgumentError(argument, m, `must have at least 2 examples per feature for the unbiased running variance of profile ${profile.name}`);
  }
}
