/**
 * The lecture's softmax formulas in float64 on plain arrays, to be read next to the notes:
 *   t = exp(z), a = t / sum(t)                      (softmax; the row max is subtracted first)
 *   L(yHat, y) = -sum_j y_j log yHat_j              (loss per example)
 *   J = 1/m sum_i L                                 (cost)
 *   dz = dJ/dz = (yHat - y) / m
 * and the forms other suites' data needs (ONNX SoftmaxCrossEntropyLoss): class-index labels,
 * [N, C, d1, ..., dk] logits with the class on axis 1, per-class weights, an ignored label value,
 * and the none / mean / sum reductions.
 * The golden fixtures are generated from these functions; no tfjs here.
 */
import { checkObject, checkPositiveInteger, checkTensor64, forEachLine, normalizeAxis, ShapeError, tensor64, zeros64, type Tensor64 } from '@dlspec/core';
import {
  checkClassIndex,
  checkClassWeights,
  checkCrossEntropyLogits,
  checkDistribution,
  checkIgnoreIndex,
  checkLabelSmoothing,
  checkLabelsShape,
  checkLearningRate,
  checkLogits64,
  checkLogitsAndLabels,
  checkReduction,
  type Reduction,
} from './validate.js';

export { REDUCTIONS, type Reduction } from './validate.js';

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

/** Label smoothing as tfjs and Keras define it: y (1 - ls) + ls / C, with the C classes on axis 1 (the last of [m, C]). */
export function smoothLabels(y: Tensor64, labelSmoothing: number): Tensor64 {
  checkLogits64('y', y);
  checkLabelSmoothing(labelSmoothing);
  if (labelSmoothing === 0) return y;
  const C = y.shape[y.shape.length === 1 ? 0 : 1] as number;
  return tensor64(y.shape, Array.from(y.data, (v) => v * (1 - labelSmoothing) + labelSmoothing / C));
}

/** Visit every element (i, d) of z [N, C, d1, ..., dk]: e = i D + d, and the offset of its class 0 (class c at offset + c D). */
function forEachElement(N: number, C: number, D: number, visit: (e: number, offset: number) => void): void {
  for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) visit(i * D + d, i * C * D + d);
}

/** Throw a typed error naming the first element of y ([m, C] or [N, C, d1, ..., dk]) whose labels over the classes are not a distribution. */
export function checkLabels(y: Tensor64, argument = 'y'): void {
  checkLogits64(argument, y);
  if (y.shape.length < 2) throw new ShapeError(argument, y.shape, 'must be [m, C] (examples by classes) or [N, C, d1, ..., dk]');
  const { N, C, D } = checkCrossEntropyLogits(y.shape);
  forEachElement(N, C, D, (e, offset) => {
    let min = Infinity;
    let sum = 0;
    for (let j = 0; j < C; j++) {
      const v = y.data[offset + j * D] as number;
      min = Math.min(min, v);
      sum += v;
    }
    checkDistribution(Number.isNaN(sum) ? NaN : min, Math.abs(sum - 1), e, argument);
  });
}

export interface CrossEntropy {
  /** L per element, [m] (or [N, d1, ..., dk]): weighted by its class's weight, 0 where ignored. */
  readonly loss: Tensor64;
  /** J, []: the mean of L (weighted: sum L / sum of the counted weights) or, for `sum` and `none`, its sum. */
  readonly cost: Tensor64;
  /** dJ/dz, z's shape: w (yHat - y) / W for `mean` (W the counted weight, m without weights), w (yHat - y) otherwise. */
  readonly dz: Tensor64;
}

/** How the per-element losses are weighted and reduced (ONNX SoftmaxCrossEntropyLoss's attributes and inputs). */
export interface CrossEntropyForm {
  /** Default 0: y (1 - ls) + ls / C. */
  readonly labelSmoothing?: number;
  /** Default `mean`. */
  readonly reduction?: Reduction;
  /** Per-class weights [C] (class-index labels only): element (i, d) counts weights[label]. */
  readonly weights?: Tensor64;
  /** A label value whose elements count nothing: loss 0, weight 0, dz 0 (class-index labels only). */
  readonly ignoreIndex?: number;
}

/**
 * The common body of both label forms. Element e's loss is L_e = -sum_j y_ej log yHat_ej, weighted
 * by w_e (1 without weights; 0 where ignored). A class with label 0 contributes nothing to L, even
 * where its probability is 0 (a logit masked at -Infinity): 0 log 0 = 0 by continuity.
 */
function crossEntropy(z: Tensor64, ySmooth: Tensor64, weightOf: (e: number) => number, ignored: (e: number) => boolean, reduction: Reduction): CrossEntropy {
  const { N, C, D } = checkCrossEntropyLogits(z.shape);
  const logp = logSoftmax(z, 1);
  const yHat = softmax(z, 1);
  const loss = zeros64([N, ...z.shape.slice(2)]);
  const dz = zeros64(z.shape);
  let total = 0;
  let W = 0;
  forEachElement(N, C, D, (e, offset) => {
    if (ignored(e)) return;
    let L = 0;
    for (let j = 0; j < C; j++) {
      const yj = ySmooth.data[offset + j * D] as number;
      if (yj !== 0) L -= yj * (logp.data[offset + j * D] as number);
    }
    const w = weightOf(e);
    loss.data[e] = w * L;
    total += w * L;
    W += w;
  });
  // The mean divides by the summed weights of the counted elements (m when none is ignored or weighted).
  const scale = reduction === 'mean' ? W : 1;
  forEachElement(N, C, D, (e, offset) => {
    if (ignored(e)) return;
    const w = weightOf(e);
    for (let j = 0; j < C; j++) {
      const k = offset + j * D;
      dz.data[k] = (w * ((yHat.data[k] as number) - (ySmooth.data[k] as number))) / scale;
    }
  });
  return { loss, cost: tensor64([], [reduction === 'mean' ? total / W : total]), dz };
}

/**
 * Softmax cross-entropy of logits z [m, C] (or [N, C, d1, ..., dk], classes on axis 1) against
 * label distributions y of z's shape, reduced by `reduction` (default mean: J = 1/m sum L,
 * dz = (yHat - y) / m).
 */
export function softmaxCrossEntropy(z: Tensor64, y: Tensor64, labelSmoothing = 0, form: Pick<CrossEntropyForm, 'reduction'> = {}): CrossEntropy {
  z = checkTensor64('z', z);
  y = checkTensor64('y', y);
  checkLogitsAndLabels(z.shape, y.shape);
  checkLabelSmoothing(labelSmoothing);
  const reduction = checkReduction(checkObject<CrossEntropyForm>('form', form).reduction ?? 'mean');
  checkLabels(y);
  return crossEntropy(z, smoothLabels(y, labelSmoothing), () => 1, () => false, reduction);
}

/**
 * Softmax cross-entropy against class-index labels [m] (or [N, d1, ..., dk]), ONNX's
 * SoftmaxCrossEntropyLoss: element e counts with weight w_e = weights[label_e] (1 without weights),
 * an element labelled ignoreIndex counts nothing, and the mean divides by sum_e w_e over the
 * counted elements. The labels are one-hot rows, smoothed by labelSmoothing.
 */
export function sparseSoftmaxCrossEntropy(z: Tensor64, labels: Tensor64, form: CrossEntropyForm = {}): CrossEntropy {
  z = checkTensor64('z', z);
  labels = checkTensor64('labels', labels);
  const { C } = checkLabelsShape(z.shape, labels.shape);
  checkObject('form', form);
  const labelSmoothing = checkLabelSmoothing(form.labelSmoothing ?? 0);
  const reduction = checkReduction(form.reduction ?? 'mean');
  const ignoreIndex = checkIgnoreIndex(form.ignoreIndex);
  const weights = form.weights === undefined ? undefined : checkTensor64('weights', form.weights);
  if (weights) checkClassWeights(weights.shape, weights.data, C);
  labels.data.forEach((v, e) => checkClassIndex(v, e, C, ignoreIndex));
  const ignored = (e: number) => labels.data[e] === ignoreIndex;
  const y = zeros64(z.shape);
  const D = labels.data.length / (z.shape[0] as number);
  labels.data.forEach((v, e) => {
    if (!ignored(e)) y.data[Math.floor(e / D) * C * D + v * D + (e % D)] = 1;
  });
  const weightOf = weights ? (e: number) => weights.data[labels.data[e] as number] as number : () => 1;
  return crossEntropy(z, smoothLabels(y, labelSmoothing), weightOf, ignored, reduction);
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
