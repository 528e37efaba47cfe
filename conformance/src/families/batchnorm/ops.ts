/**
 * The batch-norm family's ops (SPEC section 3, plus linear_batchnorm_forward_train, "fitting
 * batch norm into a network"): names, params, tensor keys, float64 expectations.
 */
import { PROFILES, spec } from '@dlspec/batchnorm';
import { z } from 'zod';
import { defineOp } from '../op.js';
import { axis, positive } from '../params.js';

/** spec refuses eps <= 0 (checkEpsilon): it alone keeps zNorm finite when sigma2 = 0. */
const eps = () => positive();
/** The feature axis; -1 for [m, n] and channels-last inputs. */
const featureAxis = () => axis().default(-1);

export const forwardTrainOp = defineOp({
  name: 'batchnorm_forward_train',
  summary: "training mode: the mini-batch's mean and (biased) variance per feature along `axis`, zNorm = (z - mean) / sqrt(variance + eps), zTilde = gamma zNorm + beta",
  params: z.strictObject({ epsilon: eps(), axis: featureAxis() }),
  inputs: ['z', 'gamma', 'beta'],
  outputs: ['mean', 'variance', 'zNorm', 'zTilde'],
  expect: ({ z, gamma, beta }, p) => {
    const r = spec.forwardTrain(z, gamma, beta, p.epsilon, p.axis);
    return { mean: r.mu, variance: r.sigma2, zNorm: r.zNorm, zTilde: r.zTilde };
  },
});

export const forwardInferenceOp = defineOp({
  name: 'batchnorm_forward_inference',
  summary: 'test time: zTilde = gamma (z - mean) / sqrt(variance + eps) + beta for given (running) per-feature statistics along `axis`',
  params: z.strictObject({ epsilon: eps(), axis: featureAxis() }),
  inputs: ['z', 'gamma', 'beta', 'mean', 'variance'],
  outputs: ['zTilde'],
  expect: ({ z, gamma, beta, mean, variance }, p) => ({ zTilde: spec.forwardInference(z, gamma, beta, mean, variance, p.epsilon, p.axis) }),
});

export const backwardOp = defineOp({
  name: 'batchnorm_backward',
  summary: 'dz, dgamma, dbeta through training-mode batch norm along `axis`, given dzTilde = dL/dzTilde',
  params: z.strictObject({ epsilon: eps(), axis: featureAxis() }),
  // beta does not enter the gradients; the subjects build their layers (and tf.grads its argument) with it.
  inputs: ['z', 'gamma', 'beta', 'dzTilde'],
  outputs: ['dz', 'dgamma', 'dbeta'],
  expect: ({ z, gamma, dzTilde }, p) => ({ ...spec.backward(z, gamma, dzTilde, p.epsilon, p.axis) }),
});

export const runningStatsOp = defineOp({
  name: 'batchnorm_running_stats',
  summary: "running mean and variance after each of K mini-batches [K, m, n] (or [K, ...] with the features on `axis` of each batch), from mean0 and variance0, under the profile's momentum convention",
  // momentum in [0, 1] as spec's checkMomentum takes it; epsilon does not enter the running
  // statistics but is the layer's, so subjects build their layers with it. axis is the feature
  // axis of each batch (the batches' axis + 1), -1 for [m, n] and channels-last batches.
  params: z.strictObject({ momentum: z.number().min(0).max(1), epsilon: eps(), axis: featureAxis() }),
  inputs: ['batches', 'mean0', 'variance0'],
  outputs: ['runningMean', 'runningVariance'],
  profiles: Object.keys(PROFILES),
  // A fixture of this op always names its profile (check.ts); 'course' is the layer's own default.
  expect: ({ batches, mean0, variance0 }, p, profile) => ({ ...spec.runningStats(batches, mean0, variance0, p.momentum, profile ?? 'course', p.axis) }),
});

export const linearForwardTrainOp = defineOp({
  name: 'linear_batchnorm_forward_train',
  summary: 'z = X W (+ b) for X [m, k], W [k, n], then training-mode batch norm of z over its m examples',
  params: z.strictObject({ epsilon: eps() }),
  inputs: ['X', 'W', 'gamma', 'beta'],
  optionalInputs: ['b'],
  outputs: ['z', 'mean', 'variance', 'zNorm', 'zTilde'],
  expect: ({ X, W, b, gamma, beta }, p) => {
    const z = spec.linear(X, W, b);
    const r = spec.forwardTrain(z, gamma, beta, p.epsilon);
    return { z, mean: r.mu, variance: r.sigma2, zNorm: r.zNorm, zTilde: r.zTilde };
  },
});

export const BATCHNORM_OPS = [forwardTrainOp, forwardInferenceOp, backwardOp, runningStatsOp, linearForwardTrainOp] as const;
