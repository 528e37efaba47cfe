import { checkObject, checkOneOf } from '@dlspec/core';
import { resolveConfig, type OptimizerConfig, type OptimizerName } from './config.js';

/**
 * The conventions of SPEC section 2 as data: a profile fills the fields where frameworks differ,
 * and one implementation (spec.ts, optimizer.ts) follows whatever it is given.
 */
export const PROFILES = {
  /** The lecture: v = beta v + (1 - beta) dW, eps outside the root, Adam with vHat and sHat, eps 1e-8. */
  course: { momentumForm: 'ewma', epsilonPlacement: 'outside', centeredForm: 'inside', adamForm: 'course', epsilon: 1e-8, initialAccumulator: 0 },
  /** tfjs 4.22 as documented: accumulate, eps inside the root, Adam as the lecture with eps 1e-7 (the float32 backend epsilon), Adagrad from 0.1. */
  tfjs: { momentumForm: 'accumulate', epsilonPlacement: 'inside', centeredForm: 'inside', adamForm: 'course', epsilon: 1e-7, initialAccumulator: 0.1 },
  /** Keras 3: as tfjs, but Adam in the epsilon-hat form. (Keras's m = beta m - lr dW equals accumulate while lr is constant.) */
  keras: { momentumForm: 'accumulate', epsilonPlacement: 'inside', centeredForm: 'inside', adamForm: 'epsilon-hat', epsilon: 1e-7, initialAccumulator: 0.1 },
  /** PyTorch: accumulate (dampening 0), eps outside the root, centered sqrt(v - mg^2) + eps, Adam as the lecture, eps 1e-8, Adagrad from 0. */
  pytorch: { momentumForm: 'accumulate', epsilonPlacement: 'outside', centeredForm: 'outside', adamForm: 'course', epsilon: 1e-8, initialAccumulator: 0 },
  /**
   * ONNX (ai.onnx.preview.training, opset 1): Momentum v = alpha v + beta g with beta taken as 1 at
   * T = 0 (here beta and gradientScale); Adagrad with eps outside the root and decay_factor
   * (decayFactor); Adam in the R_adj form (no bias correction at T = 0), eps 1e-6. ONNX's T is the
   * number of steps taken before this one: step t runs with T = t - 1. norm_coefficient is
   * weightDecay, Adam's norm_coefficient_post is weightDecayPost. ONNX has no RMSprop.
   */
  onnx: { momentumForm: 'onnx', epsilonPlacement: 'outside', centeredForm: 'outside', adamForm: 'onnx', epsilon: 1e-6, initialAccumulator: 0 },
} as const satisfies Record<string, Partial<OptimizerConfig>>;

export type ProfileName = keyof typeof PROFILES;

/** An optimizer under a profile's conventions; `overrides` set the hyperparameters. The result is checked (resolveConfig). */
export function configFor(profile: string, optimizer: OptimizerName, overrides: Partial<OptimizerConfig> & { learningRate: number }): OptimizerConfig {
  const conventions = PROFILES[checkOneOf('profile', profile, Object.keys(PROFILES) as ProfileName[])];
  const config = { ...conventions, optimizer, ...checkObject<typeof overrides>('overrides', overrides) };
  resolveConfig(config);
  return config;
}
