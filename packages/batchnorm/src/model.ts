/**
 * Batch normalization on tfjs ops, the formulas of spec.ts, running on any backend. Statistics are
 * per feature along `axis` (default -1: [m, n] and channels-last inputs), over every other axis.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkObject, checkTensor, ShapeError } from '@dlspec/core';
import { checkEpsilon32, checkPerFeatureTensor, layoutOf, type Layout } from './validate.js';

export interface BatchNormOptions {
  readonly epsilon: number;
  /** The feature axis; default -1. */
  readonly axis?: number;
}

/** The axes statistics are taken over, and the shape that broadcasts a per-feature [n] against z. */
export function geometry(zShape: readonly number[], axis = -1): Layout & { reduce: number[]; broadcast: number[] } {
  const L = layoutOf(zShape, axis);
  return { ...L, reduce: zShape.map((_, d) => d).filter((d) => d !== L.axis), broadcast: zShape.map((d, k) => (k === L.axis ? d : 1)) };
}

/** mu and sigma2 (biased), two-pass, kept in z's rank for broadcasting. */
export function stats(z: tf.Tensor, reduce: number[]): { mu: tf.Tensor; sigma2: tf.Tensor } {
  const mu = tf.mean(z, reduce, true);
  const sigma2 = tf.mean(tf.square(tf.sub(z, mu)), reduce, true);
  return { mu, sigma2 };
}

/** z's geometry, after checking z and each per-feature tensor (live, float32, one value per feature) and eps > 0. */
function checked(z: tf.Tensor, perFeatureTensors: Record<string, tf.Tensor>, options: BatchNormOptions): ReturnType<typeof geometry> {
  checkTensor('z', z);
  checkObject('options', options);
  const g = geometry(z.shape, options.axis);
  for (const [name, t] of Object.entries(perFeatureTensors)) checkPerFeatureTensor(name, t, g.n);
  checkEpsilon32(options.epsilon);
  return g;
}

/** zTilde = gamma (z - mu) / sqrt(sigma2 + eps) + beta, every per-feature tensor already in z's rank. */
export function normalize(z: tf.Tensor, mu: tf.Tensor, sigma2: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): { zNorm: tf.Tensor; zTilde: tf.Tensor } {
  const zNorm = tf.div(tf.sub(z, mu), tf.sqrt(tf.add(sigma2, epsilon)));
  return { zNorm, zTilde: tf.add(tf.mul(gamma, zNorm), beta) };
}

export interface BatchNormTrainTensors {
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  readonly zNorm: tf.Tensor;
  readonly zTilde: tf.Tensor;
}

/** Training mode: mu, sigma2 of this mini-batch, zNorm = (z - mu) / sqrt(sigma2 + eps), zTilde = gamma zNorm + beta. */
export function batchNormTrain(z: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, options: BatchNormOptions): BatchNormTrainTensors {
  const g = checked(z, { gamma, beta }, options);
  return tf.tidy(() => {
    const { mu, sigma2 } = stats(z, g.reduce);
    const { zNorm, zTilde } = normalize(z, mu, sigma2, tf.reshape(gamma, g.broadcast), tf.reshape(beta, g.broadcast), options.epsilon);
    return { mean: tf.reshape(mu, [g.n]) as tf.Tensor1D, variance: tf.reshape(sigma2, [g.n]) as tf.Tensor1D, zNorm, zTilde };
  });
}

/** Test time: zTilde from given per-feature mean and variance (the running statistics). */
export function batchNormInference(
  z: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  options: BatchNormOptions,
): tf.Tensor {
  const g = checked(z, { gamma, beta, mean, variance }, options);
  return tf.tidy(() => {
    const [gm, bt, mu, s2] = [gamma, beta, mean, variance].map((t) => tf.reshape(t, g.broadcast)) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    return normalize(z, mu, s2, gm, bt, options.epsilon).zTilde;
  });
}

export interface BatchNormGradients {
  readonly dz: tf.Tensor;
  readonly dgamma: tf.Tensor1D;
  readonly dbeta: tf.Tensor1D;
}

/**
 * The backward pass in the lecture's compact form, given dzTilde:
 *   dbeta = sum dzTilde, dgamma = sum dzTilde zNorm,
 *   dz = gamma / (m sqrt(sigma2 + eps)) (m dzTilde - dbeta - zNorm dgamma).
 */
export function batchNormBackward(z: tf.Tensor, gamma: tf.Tensor1D, dzTilde: tf.Tensor, options: BatchNormOptions): BatchNormGradients {
  const g = checked(z, { gamma }, options);
  if (!tf.util.arraysEqual(checkTensor('dzTilde', dzTilde).shape, z.shape)) throw new ShapeError('dzTilde', dzTilde.shape, `must have the shape of z [${z.shape.join(', ')}]`);
  return tf.tidy(() => {
    const { mu, sigma2 } = stats(z, g.reduce);
    const sigma = tf.sqrt(tf.add(sigma2, options.epsilon));
    const zNorm = tf.div(tf.sub(z, mu), sigma);
    const dbeta = tf.sum(dzTilde, g.reduce, true);
    const dgamma = tf.sum(tf.mul(dzTilde, zNorm), g.reduce, true);
    const inner = tf.sub(tf.sub(tf.mul(dzTilde, g.m), dbeta), tf.mul(zNorm, dgamma));
    const dz = tf.mul(tf.div(tf.reshape(gamma, g.broadcast), tf.mul(sigma, g.m)), inner);
    return { dz, dgamma: tf.reshape(dgamma, [g.n]) as tf.Tensor1D, dbeta: tf.reshape(dbeta, [g.n]) as tf.Tensor1D };
  });
}
