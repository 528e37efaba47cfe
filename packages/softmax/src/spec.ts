/**
 * The lecture's softmax formulas in float64 on plain arrays, to be read next to the notes:
 *   t = exp(z), a = t / sum(t)                      (softmax; the row max is subtracted first)
 *   L(yHat, y) = -sum_j y_j log yHat_j              (loss per example)
 *   J = 1/m sum_i L                                 (cost)
 *   dz = dJ/dz = (yHat - y) / m
 * The golden fixtures are generated from these functions; no tfjs here.
 */
import { checkPositiveInteger, checkTensor64, forEachLine, normalizeAxis, ShapeError, tensor64, zeros64, type Tensor64 } from '@dlspec/core';
import { checkDistribution, checkLabelSmoothing, checkLearningRate, checkLogits64, checkLogitsAndLabels } from './validate.js';

/** Apply `f` to every line of z along `axis`: f receives the line's values and returns the new ones. */
function mapLines(z: Tensor64, axis: number, f: (line: number[]) => number[]): Tensor64 {
  checkLogits64('z', z);
  const ax = normalizeAxis(axis, z.shape.length);
  const out = zeros64(z.shape);
  forEachLine(z.shape, ax, (offset, stride, C) => {
    const line = Array.from({ length: C }, (_, k) => z.data[offset + k * stride] as number);
    f(line).forEach((v, k) => (out.data[offset + k * stride] = v));
  });
  return out;
}

/** sum_k exp(z_k - max), and the max itself (Math.max propagates NaN). */
function shiftedSum(zs: number[]): { max: number; sum: number } {
  const max = Math.max(...zs);
  return { max, sum: zs.reduce((s, v) => s + Math.exp(v - max), 0) };
}

/**
 * a = exp(z - max) / sum(exp(z - max)) along `axis`. Subtracting the max changes nothing in exact
 * arithmetic and keeps exp from overflowing for logits like 1e4. IEEE rules decide the rest: a NaN
 * or +Infinity in a line, or a line of only -Infinity (0/0), gives NaN for the whole line.
 */
export function softmax(z: Tensor64, axis = -1): Tensor64 {
  return mapLines(z, axis, (zs) => {
    const { max, sum } = shiftedSum(zs);
    return zs.map((v) => Math.exp(v - max) / sum);
  });
}

/** log a = (z - max) - log(sum(exp(z - max))) along `axis`: finite where softmax underflows to 0. */
export function logSoftmax(z: Tensor64, axis = -1): Tensor64 {
  return mapLines(z, axis, (zs) => {
    const { max, sum } = shiftedSum(zs);
    return zs.map((v) => v - max - Math.log(sum));
  });
}

/** Label smoothing as tfjs and Keras define it: y (1 - ls) + ls / C. */
export function smoothLabels(y: Tensor64, labelSmoothing: number): Tensor64 {
  checkLogits64('y', y);
  checkLabelSmoothing(labelSmoothing);
  if (labelSmoothing === 0) return y;
  const C = y.shape[y.shape.length - 1] as number;
  return tensor64(y.shape, Array.from(y.data, (v) => v * (1 - labelSmoothing) + labelSmoothing / C));
}

/** Throw a typed error naming the first row of y [m, C] that is not a distribution. */
export function checkLabels(y: Tensor64, argument = 'y'): void {
  checkLogits64(argument, y);
  if (y.shape.length !== 2) throw new ShapeError(argument, y.shape, 'must be [m, C] (examples by classes)');
  const C = y.shape[1] as number;
  for (let i = 0; i * C < y.data.length; i++) {
    let min = Infinity;
    let sum = 0;
    for (let j = 0; j < C; j++) {
      const v = y.data[i * C + j] as number;
      min = Math.min(min, v);
      sum += v;
    }
    checkDistribution(Number.isNaN(sum) ? NaN : min, Math.abs(sum - 1), i, argument);
  }
}

export interface CrossEntropy {
  /** L per example, [m]. */
  readonly loss: Tensor64;
  /** J = mean of L, []. */
  readonly cost: Tensor64;
  /** dJ/dz = (yHat - y) / m, [m, C]. */
  readonly dz: Tensor64;
}

/**
 * Softmax cross-entropy of logits z [m, C] against label distributions y [m, C].
 * A class with label 0 contributes nothing to L, even where its probability is 0 (a logit masked
 * at -Infinity): the term is y_j log yHat_j with y_j = 0, and 0 log 0 = 0 by continuity.
 */
export function softmaxCrossEntropy(z: Tensor64, y: Tensor64, labelSmoothing = 0): CrossEntropy {
  checkTensor64('z', z);
  checkTensor64('y', y);
  const { m, C } = checkLogitsAndLabels(z.shape, y.shape);
  checkLabelSmoothing(labelSmoothing);
  checkLabels(y);
  const ySmooth = smoothLabels(y, labelSmoothing);
  const logp = logSoftmax(z, 1);
  const yHat = softmax(z, 1);
  const loss = zeros64([m]);
  const dz = zeros64([m, C]);
  let total = 0;
  for (let i = 0; i < m; i++) {
    let L = 0;
    for (let j = 0; j < C; j++) {
      const k = i * C + j;
      const yj = ySmooth.data[k] as number;
      if (yj !== 0) L -= yj * (logp.data[k] as number);
      dz.data[k] = ((yHat.data[k] as number) - yj) / m;
    }
    loss.data[i] = L;
    total += L;
  }
  return { loss, cost: tensor64([], [total / m]), dz };
}

export interface SoftmaxRegressionTrace {
  /** The cost of each step's forward pass, before that step's update, [steps]. */
  readonly cost: Tensor64;
  readonly W: Tensor64;
  readonly b: Tensor64;
}

/**
 * Softmax regression z = X W + b (examples in rows) trained by full-batch gradient descent:
 *   dz = (yHat - y) / m,  dW = X^T dz,  db = sum_i dz,  W -= alpha dW,  b -= alpha db.
 */
export function softmaxRegressionTrain(
  X: Tensor64,
  Y: Tensor64,
  W0: Tensor64,
  b0: Tensor64,
  learningRate: number,
  steps: number,
): SoftmaxRegressionTrace {
  for (const [name, t] of Object.entries({ X, Y, W0, b0 })) checkTensor64(name, t);
  checkLearningRate(learningRate);
  checkPositiveInteger('steps', steps);
  const [m = 0, n = 0] = X.shape;
  if (X.shape.length !== 2 || m === 0 || n === 0) throw new ShapeError('X', X.shape, 'must be a non-empty [m, n]');
  if (Y.shape.length !== 2) throw new ShapeError('Y', Y.shape, 'must be [m, C]');
  const C = Y.shape[1] as number;
  if (W0.shape.length !== 2 || W0.shape[0] !== n || W0.shape[1] !== C) throw new ShapeError('W0', W0.shape, `must be [n, C] = [${n}, ${C}]`);
  if (b0.shape.length !== 1 || b0.shape[0] !== C) throw new ShapeError('b0', b0.shape, `must be [C] = [${C}]`);
  if (Y.shape[0] !== m || C === 0) throw new ShapeError('Y', Y.shape, `must be a non-empty [m, C] with m = ${m} (rows of X)`);
  checkLabels(Y, 'Y');
  const W = Float64Array.from(W0.data);
  const b = Float64Array.from(b0.data);
  const cost = zeros64([steps]).data;
  for (let t = 0; t < steps; t++) {
    const Z = zeros64([m, C]);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < C; j++) {
        let s = b[j] as number;
        for (let k = 0; k < n; k++) s += (X.data[i * n + k] as number) * (W[k * C + j] as number);
        Z.data[i * C + j] = s;
      }
    }
    const { cost: J, dz } = softmaxCrossEntropy(Z, Y);
    cost[t] = J.data[0] as number;
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < C; j++) {
        let dW = 0;
        for (let i = 0; i < m; i++) dW += (X.data[i * n + k] as number) * (dz.data[i * C + j] as number);
        W[k * C + j] = (W[k * C + j] as number) - learningRate * dW;
      }
    }
    for (let j = 0; j < C; j++) {
      let db = 0;
      for (let i = 0; i < m; i++) db += dz.data[i * C + j] as number;
      b[j] = (b[j] as number) - learningRate * db;
    }
  }
  return { cost: tensor64([steps], cost), W: tensor64([n, C], W), b: tensor64([C], b) };
}
