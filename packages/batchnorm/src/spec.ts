/**
 * Batch normalization in float64, in the lecture's names, per feature over the m examples of a
 * mini-batch (for [m, n] inputs, and for channels-last [N, H, W, C] inputs over N, H and W):
 *   mu     = 1/m sum_i z_i
 *   sigma2 = 1/m sum_i (z_i - mu)^2                  (biased)
 *   zNorm  = (z - mu) / sqrt(sigma2 + eps)
 *   zTilde = gamma zNorm + beta
 * Backward, in the compact form:
 *   dbeta  = sum_i dzTilde_i,   dgamma = sum_i dzTilde_i zNorm_i
 *   dz     = gamma / (m sqrt(sigma2 + eps)) (m dzTilde - sum dzTilde - zNorm sum(dzTilde zNorm))
 * The golden fixtures are generated from these functions; no tfjs here.
 */
import { checkTensor64, ShapeError, tensor64, zeros64, type Tensor64 } from '@dlspec/core';
import { resolveProfile, runningVarianceInput, weightOnOld } from './profiles.js';
import { checkEpsilon, checkExamplesFor, checkMomentum, checkPerFeature, checkVariance, layoutOf, type Layout } from './validate.js';

/** The feature of element i of z. */
const featureOf = (L: Layout, i: number): number => Math.floor(i / L.inner) % L.n;

/** Per-feature sums of f(element, feature) over the examples. */
function perFeatureSum(z: Tensor64, L: Layout, f: (v: number, feature: number, i: number) => number): Float64Array {
  const out = new Float64Array(L.n);
  for (let i = 0; i < z.data.length; i++) {
    const j = featureOf(L, i);
    out[j] = (out[j] as number) + f(z.data[i] as number, j, i);
  }
  return out;
}

export interface BatchStats {
  readonly mu: Tensor64;
  /** Biased: divided by m. */
  readonly sigma2: Tensor64;
}

/** mu and sigma2 per feature, two-pass (the deviations are formed before squaring). */
export function moments(z: Tensor64, axis = -1): BatchStats {
  z = checkTensor64('z', z);
  const L = layoutOf(z.shape, axis);
  const mu = perFeatureSum(z, L, (v) => v).map((s) => s / L.m);
  const sigma2 = perFeatureSum(z, L, (v, j) => (v - (mu[j] as number)) ** 2).map((s) => s / L.m);
  return { mu: tensor64([L.n], mu), sigma2: tensor64([L.n], sigma2) };
}

/** z's layout, after checking z, each per-feature tensor's shape and eps > 0; the tensors with Float64Array data. */
function checked<K extends string>(z: Tensor64, perFeature: Record<K, Tensor64>, epsilon: number, axis: number): { L: Layout; z: Tensor64 } & Record<K, Tensor64> {
  z = checkTensor64('z', z);
  const L = layoutOf(z.shape, axis);
  const out = Object.fromEntries(Object.entries<Tensor64>(perFeature).map(([name, t]) => [name, checkTensor64(name, t)])) as Record<K, Tensor64>;
  for (const [name, t] of Object.entries<Tensor64>(out)) checkPerFeature(name, t.shape, L.n);
  checkEpsilon(epsilon);
  return { ...out, L, z };
}

/** zTilde = gamma (z - mu) / sqrt(sigma2 + eps) + beta, for given per-feature statistics. */
function normalize(z: Tensor64, L: Layout, mu: Tensor64, sigma2: Tensor64, gamma: Tensor64, beta: Tensor64, epsilon: number): { zNorm: Tensor64; zTilde: Tensor64 } {
  const zNorm = zeros64(z.shape);
  const zTilde = zeros64(z.shape);
  for (let i = 0; i < z.data.length; i++) {
    const j = featureOf(L, i);
    const v = ((z.data[i] as number) - (mu.data[j] as number)) / Math.sqrt((sigma2.data[j] as number) + epsilon);
    zNorm.data[i] = v;
    zTilde.data[i] = (gamma.data[j] as number) * v + (beta.data[j] as number);
  }
  return { zNorm, zTilde };
}

export interface ForwardTrain extends BatchStats {
  readonly zNorm: Tensor64;
  readonly zTilde: Tensor64;
}

/** Training mode: normalize by the mini-batch's own statistics. */
export function forwardTrain(z: Tensor64, gamma: Tensor64, beta: Tensor64, epsilon: number, axis = -1): ForwardTrain {
  const c = checked(z, { gamma, beta }, epsilon, axis);
  const { mu, sigma2 } = moments(c.z, axis);
  return { mu, sigma2, ...normalize(c.z, c.L, mu, sigma2, c.gamma, c.beta, epsilon) };
}

/** Test time: normalize by given statistics (the running averages), one example or many. */
export function forwardInference(z: Tensor64, gamma: Tensor64, beta: Tensor64, mu: Tensor64, sigma2: Tensor64, epsilon: number, axis = -1): Tensor64 {
  const c = checked(z, { gamma, beta, mu, sigma2 }, epsilon, axis);
  checkVariance('sigma2', c.sigma2);
  return normalize(c.z, c.L, c.mu, c.sigma2, c.gamma, c.beta, epsilon).zTilde;
}

export interface Backward {
  readonly dz: Tensor64;
  readonly dgamma: Tensor64;
  readonly dbeta: Tensor64;
}

/** Gradients of a loss through training-mode batch norm, given dzTilde = dL/dzTilde. */
export function backward(z: Tensor64, gamma: Tensor64, dzTilde: Tensor64, epsilon: number, axis = -1): Backward {
  const c = checked(z, { gamma }, epsilon, axis);
  [z, gamma, dzTilde] = [c.z, c.gamma, checkTensor64('dzTilde', dzTilde)];
  const L = c.L;
  if (dzTilde.shape.length !== z.shape.length || dzTilde.shape.some((d, k) => d !== z.shape[k])) {
    throw new ShapeError('dzTilde', dzTilde.shape, `must have the shape of z [${z.shape.join(', ')}]`);
  }
  const { sigma2, zNorm } = forwardTrain(z, gamma, zeros64([L.n]), epsilon, axis);
  const dy = (i: number) => dzTilde.data[i] as number;
  const dbeta = perFeatureSum(dzTilde, L, (v) => v);
  const dgamma = perFeatureSum(dzTilde, L, (v, _j, i) => v * (zNorm.data[i] as number));
  const dz = zeros64(z.shape);
  for (let i = 0; i < z.data.length; i++) {
    const j = featureOf(L, i);
    const scale = (gamma.data[j] as number) / (L.m * Math.sqrt((sigma2.data[j] as number) + epsilon));
    dz.data[i] = scale * (L.m * dy(i) - (dbeta[j] as number) - (zNorm.data[i] as number) * (dgamma[j] as number));
  }
  return { dz, dgamma: tensor64([L.n], dgamma), dbeta: tensor64([L.n], dbeta) };
}

export interface RunningStats {
  /** After each of the K mini-batches, [K, n]. */
  readonly runningMean: Tensor64;
  readonly runningVariance: Tensor64;
}

/**
 * Running statistics after each of K mini-batches `batches` [K, ...] (each [m, n] by default, or
 * any layout with the features on `axis` of each batch), from mean0 and variance0, under a
 * convention profile (see profiles.ts): running = w running + (1 - w) batchStat.
 */
export function runningStats(batches: Tensor64, mean0: Tensor64, variance0: Tensor64, momentum: number, profileName: string, axis = -1): RunningStats {
  [batches, mean0, variance0] = [checkTensor64('batches', batches), checkTensor64('mean0', mean0), checkTensor64('variance0', variance0)];
  const profile = resolveProfile(profileName);
  checkMomentum(momentum);
  if (batches.shape.length < 3) throw new ShapeError('batches', batches.shape, 'must be [K, m, n] or [K, ...] with each batch of rank >= 2 (examples and features)');
  const [K, ...batchShape] = batches.shape as [number, ...number[]];
  const { n, m } = layoutOf(batchShape, axis, 'batches[k]');
  checkPerFeature('mean0', mean0.shape, n);
  checkPerFeature('variance0', variance0.shape, n);
  checkVariance('variance0', variance0);
  checkExamplesFor(profile, m, 'batches');
  const w = weightOnOld(profile, momentum);
  const mean = Float64Array.from(mean0.data);
  const variance = Float64Array.from(variance0.data);
  const runningMean = zeros64([K, n]);
  const runningVariance = zeros64([K, n]);
  const size = m * n;
  for (let k = 0; k < K; k++) {
    const batch = tensor64(batchShape, batches.data.subarray(k * size, (k + 1) * size));
    const { mu, sigma2 } = moments(batch, axis);
    for (let j = 0; j < n; j++) {
      mean[j] = w * (mean[j] as number) + (1 - w) * (mu.data[j] as number);
      variance[j] = w * (variance[j] as number) + (1 - w) * runningVarianceInput(profile, sigma2.data[j] as number, m);
      runningMean.data[k * n + j] = mean[j] as number;
      runningVariance.data[k * n + j] = variance[j] as number;
    }
  }
  return { runningMean, runningVariance };
}

/** z = X W (+ b): the linear layer before batch norm, [m, k] x [k, n]. */
export function linear(X: Tensor64, W: Tensor64, b?: Tensor64): Tensor64 {
  [X, W] = [checkTensor64('X', X), checkTensor64('W', W)];
  if (b !== undefined) b = checkTensor64('b', b);
  const [m, k] = X.shape as [number, number];
  if (X.shape.length !== 2) throw new ShapeError('X', X.shape, 'must be [m, k]');
  if (W.shape.length !== 2 || W.shape[0] !== k) throw new ShapeError('W', W.shape, `must be [k, n] with k = ${k} (columns of X)`);
  const n = W.shape[1] as number;
  if (b) checkPerFeature('b', b.shape, n);
  const z = zeros64([m, n]);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = b ? (b.data[j] as number) : 0;
      for (let q = 0; q < k; q++) s += (X.data[i * k + q] as number) * (W.data[q * n + j] as number);
      z.data[i * n + j] = s;
    }
  }
  return z;
}
