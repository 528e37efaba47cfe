/**
 * Reference models on tfjs ops: the formulas of spec.ts, written so they run on any tfjs backend.
 * Every function cleans up its intermediates with tf.tidy; only the returned tensors remain.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, checkObject, checkTensor, normalizeAxis, ShapeError } from '@dlspec/core';
import { SOFTMAX_KERNEL, type SoftmaxKernelAttrs } from './kernels/name.js';
import {
  checkClassIndex,
  checkClassWeights,
  checkDistribution,
  checkIgnoreIndex,
  checkLabelSmoothing,
  checkLabelsShape,
  checkLogitsAndLabels,
  checkLogitsTensor,
  checkReduction,
  type Reduction,
} from './validate.js';

/**
 * For each line along `axis`: shifted = z - max, t = exp(shifted), and the excess of
 * sum(t) over 1, summed without the max term itself. Summing t directly adds many small terms to
 * the 1 contributed by the max and rounds each at the scale of 1 (float32 ulp 1.2e-7 per add,
 * about 4e-6 over 1000 classes); summing the others first keeps their digits, and
 * log(sum t) = log1p(excess) is then exact to float32 rounding.
 * Ties at the max: t is exactly 1 there, so the t's at the max add up to the number of ties.
 * (Counting ties with cast(bool, 'float32') would be simpler, but tfjs-backend-webgpu 4.22
 * miscompiles a reduction over a non-last axis of such a cast.)
 */
function shiftedExp(z: tf.Tensor, ax: number): { shifted: tf.Tensor; t: tf.Tensor; excess: tf.Tensor } {
  const shifted = tf.sub(z, tf.max(z, ax, true));
  const t = tf.exp(shifted);
  const isMax = tf.equal(shifted, 0);
  const zero = tf.zerosLike(t);
  const others = tf.sum(tf.where(isMax, zero, t), ax, true);
  const ties = tf.sum(tf.where(isMax, t, zero), ax, true);
  return { shifted, t, excess: tf.add(others, tf.sub(ties, 1)) };
}

/**
 * y = forward(z) with the gradient dz = backward(dy, y) instead of autodiff's. The tie mask of
 * shiftedExp (tf.equal) has no gradient in tfjs, and the closed forms are cheaper anyway.
 */
function withGradient(z: tf.Tensor, forward: (x: tf.Tensor) => tf.Tensor, backward: (dy: tf.Tensor, y: tf.Tensor) => tf.Tensor): tf.Tensor {
  const f = (...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const y = tf.tidy(() => forward(x));
    save([y]);
    return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy, saved[0] as tf.Tensor) };
  };
  return tf.customGrad(f as Parameters<typeof tf.customGrad>[0])(z) as tf.Tensor;
}

/**
 * z seen as lines along `ax`: [outer, C] when ax is the last axis, else [outer, C, inner], so that
 * every op runs at rank 2 or 3 whatever z's rank (tfjs backends cap ranks: webgpu's where at 4,
 * the webgl and webgpu shaders at 6, wasm's XNNPACK binary ops at 6), and the classes are axis 1.
 */
function asLines(shape: readonly number[], ax: number): number[] {
  const product = (dims: readonly number[]) => dims.reduce((a, d) => a * d, 1);
  const [outer, C, inner] = [product(shape.slice(0, ax)), shape[ax] as number, product(shape.slice(ax + 1))];
  return inner === 1 ? [outer, C] : [outer, C, inner];
}

/** f computed on its arguments reshaped to `lines`, its result reshaped back to `shape`. */
const onLines =
  (shape: readonly number[], lines: number[], f: (...t: tf.Tensor[]) => tf.Tensor) =>
  (...t: tf.Tensor[]): tf.Tensor =>
    tf.reshape(f(...t.map((x) => tf.reshape(x, lines))), [...shape]);

export interface SoftmaxOptions {
  /**
   * Run the fused kernel (one kernel, the same math as the composed ops) where
   * registerSoftmaxKernels() registered it for the active backend: cpu, wasm, webgl, webgpu. Default
   * true; false runs the composed tfjs ops everywhere.
   */
  readonly fused?: boolean;
}

/**
 * The forward of softmax (log false) or logSoftmax on lines [outer, C] or [outer, C, inner]:
 * the fused kernel where it is registered for the active backend, else the composed ops.
 */
function linesForward(x: tf.Tensor, log: boolean, fused: boolean): tf.Tensor {
  if (fused && x.size > 0 && tf.getKernel(SOFTMAX_KERNEL, tf.getBackend())) {
    const attrs: SoftmaxKernelAttrs = { log };
    return tf.engine().runKernel(SOFTMAX_KERNEL, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  const { shifted, t, excess } = shiftedExp(x, 1);
  return log ? tf.sub(shifted, tf.log1p(excess)) : tf.div(t, tf.add(excess, 1));
}

/** options.fused, checked (true unless set). */
function fusedOption(options: SoftmaxOptions): boolean {
  const o = checkObject<SoftmaxOptions>('options', options);
  return o.fused === undefined ? true : checkBoolean('options.fused', o.fused);
}

/** a = exp(z - max) / sum(exp(z - max)) along `axis`; its gradient is dz = a (dy - sum(dy a)). */
export function softmax(z: tf.Tensor, axis = -1, options: SoftmaxOptions = {}): tf.Tensor {
  checkLogitsTensor('z', z);
  const lines = asLines(z.shape, normalizeAxis(axis, z.rank));
  const fused = fusedOption(options);
  return withGradient(
    z,
    onLines(z.shape, lines, (x) => linesForward(x, false, fused)),
    onLines(z.shape, lines, (dy, a) => tf.mul(a, tf.sub(dy, tf.sum(tf.mul(dy, a), 1, true)))),
  );
}

/**
 * log a = (z - max) - log(sum(exp(z - max))) along `axis`, the log taken as log1p of the excess
 * over 1; its gradient is dz = dy - a sum(dy).
 */
export function logSoftmax(z: tf.Tensor, axis = -1, options: SoftmaxOptions = {}): tf.Tensor {
  checkLogitsTensor('z', z);
  const lines = asLines(z.shape, normalizeAxis(axis, z.rank));
  const fused = fusedOption(options);
  return withGradient(
    z,
    onLines(z.shape, lines, (x) => linesForward(x, true, fused)),
    onLines(z.shape, lines, (dy, logp) => tf.sub(dy, tf.mul(tf.exp(logp), tf.sum(dy, 1, true)))),
  );
}

export interface CrossEntropyOptions {
  /** y (1 - ls) + ls / C, as tfjs and Keras smooth labels. Default 0. */
  readonly labelSmoothing?: number;
  /** `mean` (default), `sum`, or `none` (cost is then the sum, of which dz is the gradient). */
  readonly reduction?: Reduction;
}

export interface SparseCrossEntropyOptions extends CrossEntropyOptions {
  /** Per-class weights [C]: element e counts weights[label_e], and the mean divides by their sum. */
  readonly weights?: tf.Tensor1D;
  /** A label value whose elements count nothing (loss 0, weight 0, dz 0). */
  readonly ignoreIndex?: number;
}

export interface CrossEntropyTensors<R extends tf.Rank = tf.Rank.R2> {
  /** L per element: [m], or [N, d1, ..., dk]. */
  readonly loss: tf.Tensor;
  readonly cost: tf.Scalar;
  /** dJ/dz, z's shape. */
  readonly dz: tf.Tensor<R>;
}

/**
 * Throw a typed error naming the first element of y ([m, C] or [N, C, d1, ..., dk]) whose labels
 * over the classes (axis 1) are not a distribution (entries finite and >= 0, summing to 1). Reads
 * two small tensors back asynchronously, since some backends (WebGPU) cannot read synchronously.
 */
export async function assertLabelDistributions(y: tf.Tensor): Promise<void> {
  checkLogitsTensor('y', y);
  if (y.rank < 2) throw new ShapeError('y', y.shape, 'must be [m, C] (examples by classes) or [N, C, d1, ..., dk]');
  const [lineMin, lineSumError] = tf.tidy(() => [tf.min(y, 1), tf.abs(tf.sub(tf.sum(y, 1), 1))]);
  try {
    const [mins, errors] = await Promise.all([lineMin.data(), lineSumError.data()]);
    for (let i = 0; i < mins.length; i++) checkDistribution(mins[i] as number, errors[i] as number, i);
  } finally {
    tf.dispose([lineMin, lineSumError]);
  }
}

/** Throw a typed error naming the first label that is neither a class index in [0, C) nor ignoreIndex. */
export async function assertClassIndices(labels: tf.Tensor, C: number, ignoreIndex?: number): Promise<void> {
  checkTensor('labels', labels, ['float32', 'int32']);
  const values = await labels.data();
  values.forEach((v, e) => checkClassIndex(v, e, C, ignoreIndex));
}

/**
 * The common body of both label forms: L = -sum_j y_j log yHat_j over the classes (axis 1), terms
 * with label 0 left out (0 log 0 = 0, so logits masked at -Infinity give a finite loss), weighted
 * by w (null: every element counts 1), 0 where ignored; the cost and dz = dJ/dz under `reduction`.
 */
function crossEntropyTensors(z: tf.Tensor, ySmooth: tf.Tensor, w: tf.Tensor | null, ignored: tf.Tensor | null, reduction: Reduction): CrossEntropyTensors<tf.Rank> {
  const logp = logSoftmax(z, 1);
  const terms = tf.where(tf.equal(ySmooth, 0), tf.zerosLike(logp), tf.mul(ySmooth, logp));
  const L = tf.neg(tf.sum(terms, 1));
  const unlessIgnored = (x: tf.Tensor, mask: tf.Tensor | null) => (mask ? tf.where(mask, tf.zerosLike(x), x) : x);
  const loss = unlessIgnored(w ? tf.mul(w, L) : L, ignored);
  // The mean divides by the summed weights of the counted elements (the count without weights).
  const W: tf.Tensor | number = w ? tf.sum(w) : L.size;
  const total = tf.sum(loss);
  const g = tf.sub(tf.exp(logp), ySmooth);
  const weighted = unlessIgnored(w ? tf.mul(tf.expandDims(w, 1), g) : g, ignored && tf.expandDims(ignored, 1));
  return {
    loss,
    cost: (reduction === 'mean' ? tf.div(total, W) : total) as tf.Scalar,
    dz: reduction === 'mean' ? tf.div(weighted, W) : weighted,
  };
}

/** tf.tidy for a function returning an object of named tensors (tfjs types a container with an index signature). */
const tidyTensors = <T extends object>(f: () => T): T => tf.tidy(f as () => tf.TensorContainer) as unknown as T;

/**
 * Softmax cross-entropy of z [m, C] (or [N, C, d1, ..., dk], classes on axis 1) against label
 * distributions y of z's shape: loss L per element, cost J (the mean by default) and
 * dz = dJ/dz = (yHat - y) / m. Synchronous and usable inside tf.tidy; it checks shapes and
 * hyperparameters but not label values (see softmaxCrossEntropyChecked).
 */
export function softmaxCrossEntropy<R extends tf.Rank>(z: tf.Tensor<R>, y: tf.Tensor<R>, options: CrossEntropyOptions = {}): CrossEntropyTensors<R> {
  const { C, labelSmoothing, reduction } = checkCrossEntropy(z, y, options);
  const lines = asLines(z.shape, 1);
  return tidyTensors(() => backToZ(z, crossEntropyTensors(tf.reshape(z, lines), smooth(tf.reshape(y, lines), labelSmoothing, C), null, null, reduction)));
}

/** The outputs of crossEntropyTensors on [N, C] or [N, C, D] lines, in z's own shapes: loss [N, d1, ..., dk], dz like z. */
function backToZ<R extends tf.Rank>(z: tf.Tensor<R>, out: CrossEntropyTensors<tf.Rank>): CrossEntropyTensors<R> {
  return { loss: tf.reshape(out.loss, [z.shape[0] as number, ...z.shape.slice(2)]), cost: out.cost, dz: tf.reshape(out.dz, z.shape) as tf.Tensor<R> };
}

const smooth = (y: tf.Tensor, labelSmoothing: number, C: number) => (labelSmoothing === 0 ? y : tf.add(tf.mul(y, 1 - labelSmoothing), labelSmoothing / C));

/** The arguments of softmaxCrossEntropy: live float32 z and y of one shape, a label smoothing in [0, 1], a reduction. */
function checkCrossEntropy(z: tf.Tensor, y: tf.Tensor, options: CrossEntropyOptions): { m: number; C: number; labelSmoothing: number; reduction: Reduction } {
  checkTensor('z', z);
  checkTensor('y', y);
  const { m, C } = checkLogitsAndLabels(z.shape, y.shape);
  const { labelSmoothing, reduction } = checkForm(options);
  return { m, C, labelSmoothing, reduction };
}

function checkForm(options: CrossEntropyOptions): { labelSmoothing: number; reduction: Reduction } {
  const o = checkObject<CrossEntropyOptions>('options', options);
  return { labelSmoothing: checkLabelSmoothing(o.labelSmoothing ?? 0), reduction: checkReduction(o.reduction ?? 'mean') };
}

/** softmaxCrossEntropy after checking that y holds a distribution over the classes for every element. */
export async function softmaxCrossEntropyChecked<R extends tf.Rank>(z: tf.Tensor<R>, y: tf.Tensor<R>, options: CrossEntropyOptions = {}): Promise<CrossEntropyTensors<R>> {
  checkCrossEntropy(z, y, options);
  await assertLabelDistributions(y);
  return softmaxCrossEntropy(z, y, options);
}

/** The arguments of sparseSoftmaxCrossEntropy, checked: C, the form, and the weights' shape and values' shape. */
function checkSparse(z: tf.Tensor, labels: tf.Tensor, options: SparseCrossEntropyOptions): { C: number; labelSmoothing: number; reduction: Reduction; ignoreIndex: number | undefined } {
  checkTensor('z', z);
  checkTensor('labels', labels, ['float32', 'int32']);
  const { C } = checkLabelsShape(z.shape, labels.shape);
  const form = checkForm(options);
  const ignoreIndex = checkIgnoreIndex(options.ignoreIndex);
  if (options.weights !== undefined) {
    checkTensor('weights', options.weights);
    if (options.weights.rank !== 1 || options.weights.shape[0] !== C) throw new ShapeError('weights', options.weights.shape, `must be [C] = [${C}], one weight per class`);
  }
  return { C, ...form, ignoreIndex };
}

/**
 * Softmax cross-entropy against class-index labels [m] (or [N, d1, ..., dk]) as ONNX's
 * SoftmaxCrossEntropyLoss defines it: element e counts weights[label_e] (1 without weights), an
 * element labelled ignoreIndex counts nothing, and the mean divides by the summed weights of the
 * counted elements. Synchronous; it checks shapes and options but not label or weight values
 * (see sparseSoftmaxCrossEntropyChecked).
 */
export function sparseSoftmaxCrossEntropy<R extends tf.Rank>(z: tf.Tensor<R>, labels: tf.Tensor, options: SparseCrossEntropyOptions = {}): CrossEntropyTensors<R> {
  const { C, labelSmoothing, reduction, ignoreIndex } = checkSparse(z, labels, options);
  const lines = asLines(z.shape, 1);
  return tidyTensors(() => {
    const z3 = tf.reshape(z, lines);
    const lab = tf.reshape(tf.cast(labels, 'float32'), [lines[0] as number, ...lines.slice(2)]);
    // One-hot along axis 1 by comparing each label with the class numbers (a where, not a cast of
    // the comparison: see shiftedExp on tfjs-backend-webgpu's reductions of such casts).
    const classes = tf.reshape(tf.range(0, C, 1, 'float32'), [1, C, ...lines.slice(2).map(() => 1)]);
    const y = tf.where(tf.equal(tf.expandDims(lab, 1), classes), tf.ones(lines), tf.zeros(lines));
    const ignored = ignoreIndex === undefined ? null : tf.equal(lab, ignoreIndex);
    const weights = options.weights;
    let w: tf.Tensor | null = null;
    if (weights) w = tf.sum(tf.mul(y, tf.reshape(weights, classes.shape)), 1);
    else if (ignored) w = tf.onesLike(lab);
    if (w && ignored) w = tf.where(ignored, tf.zerosLike(w), w);
    return backToZ(z, crossEntropyTensors(z3, smooth(y, labelSmoothing, C), w, ignored, reduction));
  });
}

/** sparseSoftmaxCrossEntropy after checking every label (a class index or ignoreIndex) and every weight (finite, >= 0). */
export async function sparseSoftmaxCrossEntropyChecked<R extends tf.Rank>(z: tf.Tensor<R>, labels: tf.Tensor, options: SparseCrossEntropyOptions = {}): Promise<CrossEntropyTensors<R>> {
  const { C, ignoreIndex } = checkSparse(z, labels, options);
  await assertClassIndices(labels, C, ignoreIndex);
  if (options.weights) checkClassWeights(options.weights.shape, await options.weights.data(), C);
  return sparseSoftmaxCrossEntropy(z, labels, options);
}
