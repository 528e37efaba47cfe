import { checkIntegerAtLeast, checkNumber, checkOneOf, InvalidArgumentError } from '@dlspec/core';
import { checkMomentum } from './validate.js';

/**
 * How a framework keeps the running (test-time) statistics of batch normalization (SPEC section 2).
 * After each training mini-batch with statistics (mu, sigma2):
 *   running = w * running + (1 - w) * batchStat,
 * where w, the weight on the old value, is `momentum` when the profile puts momentum on the old
 * value and `1 - momentum` when it puts it on the new one; the variance folded in is the biased
 * sigma2 or the unbiased sigma2 * m / (m - 1) (m examples per feature).
 */
export interface RunningStatsProfile {
  readonly name: ProfileName;
  readonly frameworks: string;
  readonly momentumOn: 'old' | 'new';
  readonly variance: 'biased' | 'unbiased';
  readonly defaultMomentum: number;
  readonly defaultEpsilon: number;
}

export const PROFILES = {
  course: { name: 'course', frameworks: 'the lecture (exponentially weighted average, beta on the old value)', momentumOn: 'old', variance: 'biased', defaultMomentum: 0.9, defaultEpsilon: 1e-8 },
  keras: { name: 'keras', frameworks: 'Keras 3, tf.keras, tfjs-layers', momentumOn: 'old', variance: 'biased', defaultMomentum: 0.99, defaultEpsilon: 1e-3 },
  pytorch: { name: 'pytorch', frameworks: 'PyTorch nn.BatchNorm*d', momentumOn: 'new', variance: 'unbiased', defaultMomentum: 0.1, defaultEpsilon: 1e-5 },
  onnx: { name: 'onnx', frameworks: 'ONNX BatchNormalization (training mode)', momentumOn: 'old', variance: 'biased', defaultMomentum: 0.9, defaultEpsilon: 1e-5 },
} as const satisfies Record<string, Omit<RunningStatsProfile, 'name'> & { name: string }>;

export type ProfileName = keyof typeof PROFILES;

export function resolveProfile(name: string): RunningStatsProfile {
  return PROFILES[checkOneOf('profile', name, Object.keys(PROFILES) as ProfileName[])];
}

/** One of PROFILES (the object itself, as resolveProfile gives it). */
function checkProfile(profile: RunningStatsProfile): RunningStatsProfile {
  if (!(Object.values(PROFILES) as RunningStatsProfile[]).includes(profile)) throw new InvalidArgumentError('profile', profile, 'must be one of PROFILES (see resolveProfile)');
  return profile;
}

/** The weight on the old running value for this profile and momentum. */
export const weightOnOld = (profile: RunningStatsProfile, momentum: number): number =>
  checkProfile(profile).momentumOn === 'old' ? checkMomentum(momentum) : 1 - checkMomentum(momentum);

/** The variance a profile folds into its running variance, from the biased batch variance of m examples. */
export function runningVarianceInput(profile: RunningStatsProfile, sigma2: number, m: number): number {
  const unbiased = checkProfile(profile).variance === 'unbiased';
  checkNumber('sigma2', sigma2);
  checkIntegerAtLeast('m', m, unbiased ? 2 : 1, unbiased ? 'the unbiased variance divides by m - 1' : undefined);
  return unbiased ? (sigma2 * m) / (m - 1) : sigma2;
}
