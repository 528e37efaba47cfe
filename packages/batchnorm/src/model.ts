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

/**
 * z seen as [outer, n, inner] ([outer, n] for the last axis), with the axes to reduce and the shape
 * of a per-feature tensor in that view: the models compute there, so every op runs at rank 2 or 3
 * whatever z's rank (tfjs backends cap ranks: the webgl and webgpu shaders at 6, wasm's XNNPACK
 * binary ops at 6). The reductions visit the same values in the same order as over z itself.
 * For the last axis a per-feature tensor is [n], not [1, n], and the reductions drop the reduced
 * axis (keepDims false): the same values, but tfjs-backend-cpu's binary ops take their fast path
 * for an operand of lower rank (a flat index modulo its size) and the slow per-element index path
 * for a size-1 axis, which made a [32768, 64] by [1, 64] op several times slower.
 * On webgpu the last axis takes the other form (webgpuColumns).
 */
export function lineView(zShape: readonly number[], axis = -1): { lines: number[]; reduce: number[]; broadcast: number[]; keepDims: boolean; n: number; onesRow: boolean } {
  const L = layoutOf(zShape, axis);
  const outer = L.m / L.inner;
  if (L.inner !== 1) return { lines: [outer, L.n, L.inner], reduce: [0, 2], broadcast: [1, L.n, 1], keepDims: true, n: L.n, onesRow: false };
  return tf.getBackend() === 'webgpu'
    ? { lines: [outer, L.n], reduce: [0], broadcast: [1, L.n], keepDims: true, n: L.n, onesRow: onesRowIsOrdered(outer, L.n) }
    : { lines: [outer, L.n], reduce: [0], broadcast: [L.n], keepDims: false, n: L.n, onesRow: false };
}

/**
 * webgpuColumns: tfjs-backend-webgpu (measured on Dawn's SwiftShader, [32768, 64]) runs a binary op
 * with a rank-1 operand of fewer than 128 entries through a shared-memory shader about 25 times
 * slower than its vec4 shader for a [1, n] operand (5.1 to 8.9 s against 0.2 to 0.3 s), and sums
 * over axis 0 as a transpose and a reduction (9.9 to 13 s) where a matMul with a row of ones
 * ([1, m] x [m, n], one kernel reading the columns in place) takes 0.7 s; at [256, 1024], 408 ms
 * against 94 ms. So there the per-feature tensors are [1, n] and the column sums are that matMul.
 * Except where tfjs would split the matMul's K over workgroups that add into the output
 * atomically (BatchMatMul_impl's heuristic for few workgroups: one row of A, K >= 2000 and
 * 128 < n <= 512, or n <= 1024 on newer Intel GPUs), whose order of additions, so the sums' last
 * bits, could change from run to run: those keep tf.sum.
 */
const onesRowIsOrdered = (m: number, n: number): boolean => !(m >= 2000 && n > 128 && n <= 1024);

/** Where lineView's reductions are taken: over its axes, to its per-feature shape. */
export type Reduction = Pick<ReturnType<typeof lineView>, 'reduce' | 'keepDims' | 'onesRow'>;

/** The sum of x's lines per feature, in the view's per-feature shape (webgpuColumns for the matMul). */
export function sumOver(x: tf.Tensor, { reduce, keepDims, onesRow }: Reduction): tf.Tensor {
  return onesRow ? tf.matMul(tf.ones([1, x.shape[0] as number]), x as tf.Tensor2D) : tf.sum(x, reduce, keepDims);
}

/** The mean of x's lines per feature: tf.mean, or the ones-row sum divided by m (webgpuColumns). */
export function meanOver(x: tf.Tensor, r: Reduction): tf.Tensor {
  return r.onesRow ? tf.div(sumOver(x, r), x.shape[0] as number) : tf.mean(x, r.reduce, r.keepDims);
}

/** mu, zc = z - mu and sigma2 = mean(zc^2) (biased, two-pass), in the view's per-feature shape; zc is computed once and reused. */
export function stats(z: tf.Tensor, r: Reduction): { mu: tf.Tensor; zc: tf.Tensor; sigma2: tf.Tensor } {
  const mu = meanOver(z, r);
  const zc = tf.sub(z, mu);
  return { mu, zc, sigma2: meanOver(tf.square(zc), r) };
}

/** sigma = sqrt(sigma2 + eps), the per-feature scale of zNorm. */
export const sigmaOf = (sigma2: tf.Tensor, epsilon: number): tf.Tensor => tf.sqrt(tf.add(sigma2, epsilon));

/** z's geometry, after checking z and each per-feature tensor (live, float32, one value per feature) and eps > 0. */
function checked(z: tf.Tensor, perFeatureTensors: Record<string, tf.Tensor>, options: BatchNormOptions): ReturnType<typeof geometry> {
  checkTensor('z', z);
  checkObject('options', options);
  const g = geometry(z.shape, options.axis);
  for (const [name, t] of Object.entries(perFeatureTensors)) checkPerFeatureTensor(name, t, g.n);
  checkEpsilon32(options.epsilon);
  return g;
}

/** zNorm = zc / sigma, zTilde = gamma zNorm + beta, from zc = z - mu and sigma2; every per-feature tensor already in z's rank. */
export function normalize(zc: tf.Tensor, sigma2: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): { zNorm: tf.Tensor; zTilde: tf.Tensor } {
  const zNorm = tf.div(zc, sigmaOf(sigma2, epsilon));
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
  checked(z, { gamma, beta }, options);
  const v = lineView(z.shape, options.axis);
  return tf.tidy(() => {
    const x = tf.reshape(z, v.lines);
    const { mu, zc, sigma2 } = stats(x, v);
    const { zNorm, zTilde } = normalize(zc, sigma2, tf.reshape(gamma, v.broadcast), tf.reshape(beta, v.broadcast), options.epsilon);
    return { mean: tf.reshape(mu, [v.n]) as tf.Tensor1D, variance: tf.reshape(sigma2, [v.n]) as tf.Tensor1D, zNorm: tf.reshape(zNorm, z.shape), zTilde: tf.reshape(zTilde, z.shape) };
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
  checked(z, { gamma, beta, mean, variance }, options);
  const v = lineView(z.shape, options.axis);
  return tf.tidy(() => {
    const [gm, bt, mu, s2] = [gamma, beta, mean, variance].map((t) => tf.reshape(t, v.broadcast)) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    return tf.reshape(normalize(tf.sub(tf.reshape(z, v.lines), mu), s2, gm, bt, options.epsilon).zTilde, z.shape);
  });
}

export interface BatchNormGradients {
  readonly dz: tf.Tensor;
  readonly dgamma: tf.Tensor1D;
  readonly dbeta: tf.Tensor1D;
}

/** What batchNormTrain computed that the backward pass needs: its zNorm and variance (sigma2) for this z. */
export interface BatchNormSaved {
  readonly zNorm: tf.Tensor;
  readonly variance: tf.Tensor1D;
}

/**
 * The backward pass in the lecture's compact form, given dzTilde:
 *   dbeta = sum dzTilde, dgamma = sum dzTilde zNorm,
 *   dz = gamma / (m sqrt(sigma2 + eps)) (m dzTilde - dbeta - zNorm dgamma).
 * `saved`, batchNormTrain's result for the same z and epsilon, spares computing mu, sigma2 and zNorm
 * again: the results are the same bit for bit (the same ops on the same values), only faster.
 */
export function batchNormBackward(z: tf.Tensor, gamma: tf.Tensor1D, dzTilde: tf.Tensor, options: BatchNormOptions, saved?: BatchNormSaved): BatchNormGradients {
  const g = checked(z, { gamma }, options);
  if (!tf.util.arraysEqual(checkTensor('dzTilde', dzTilde).shape, z.shape)) throw new ShapeError('dzTilde', dzTilde.shape, `must have the shape of z [${z.shape.join(', ')}]`);
  if (saved !== undefined) {
    checkObject('saved', saved);
    if (!tf.util.arraysEqual(checkTensor('saved.zNorm', saved.zNorm).shape, z.shape)) throw new ShapeError('saved.zNorm', saved.zNorm.shape, `must have the shape of z [${z.shape.join(', ')}]`);
    checkPerFeatureTensor('saved.variance', saved.variance, g.n);
  }
  const v = lineView(z.shape, options.axis);
  return tf.tidy(() => {
    const dy = tf.reshape(dzTilde, v.lines);
    const { sigma, zNorm } = saved ? { sigma: sigmaOf(tf.reshape(saved.variance, v.broadcast), options.epsilon), zNorm: tf.reshape(saved.zNorm, v.lines) } : recomputed(tf.reshape(z, v.lines), v, options.epsilon);
    const dbeta = sumOver(dy, v);
    const dgamma = sumOver(tf.mul(dy, zNorm), v);
    const inner = tf.sub(tf.sub(tf.mul(dy, g.m), dbeta), tf.mul(zNorm, dgamma));
    const dz = tf.mul(tf.div(tf.reshape(gamma, v.broadcast), tf.mul(sigma, g.m)), inner);
    return { dz: tf.reshape(dz, z.shape), dgamma: tf.reshape(dgamma, [v.n]) as tf.Tensor1D, dbeta: tf.reshape(dbeta, [v.n]) as tf.Tensor1D };
  });
}

/** sigma and zNorm of x, as the forward pass computes them. */
function recomputed(x: tf.Tensor, reduction: Reduction, epsilon: number): { sigma: tf.Tensor; zNorm: tf.Tensor } {
  const { zc, sigma2 } = stats(x, reduction);
  const sigma = sigmaOf(sigma2, epsilon);
  return { sigma, zNorm: tf.div(zc, sigma) };
}
