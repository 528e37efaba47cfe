/**
 * Reference models on tfjs ops: the formulas of spec.ts, written so they run on any tfjs backend.
 * Every function cleans up its intermediates with tf.tidy; only the returned tensors remain.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkObject, checkTensor, normalizeAxis, ShapeError } from '@dlspec/core';
import { checkDistribution, checkLabelSmoothing, checkLogitsAndLabels, checkLogitsTensor } from './validate.js';

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

/** a = exp(z - max) / sum(exp(z - max)) along `axis`; its gradient is dz = a (dy - sum(dy a)). */
export function softmax(z: tf.Tensor, axis = -1): tf.Tensor {
  checkLogitsTensor('z', z);
  const ax = normalizeAxis(axis, z.rank);
  return withGradient(
    z,
    (x) => {
      const { t, excess } = shiftedExp(x, ax);
      return tf.div(t, tf.add(excess, 1));
    },
    (dy, a) => tf.mul(a, tf.sub(dy, tf.sum(tf.mul(dy, a), ax, true))),
  );
}

/**
 * log a = (z - max) - log(sum(exp(z - max))) along `axis`, the log taken as log1p of the excess
 * over 1; its gradient is dz = dy - a sum(dy).
 */
export function logSoftmax(z: tf.Tensor, axis = -1): tf.Tensor {
  checkLogitsTensor('z', z);
  const ax = normalizeAxis(axis, z.rank);
  return withGradient(
    z,
    (x) => {
      const { shifted, excess } = shiftedExp(x, ax);
      return tf.sub(shifted, tf.log1p(excess));
    },
    (dy, logp) => tf.sub(dy, tf.mul(tf.exp(logp), tf.sum(dy, ax, true))),
  );
}

export interface CrossEntropyOptions {
  /** y (1 - ls) + ls / C, as tfjs and Keras smooth labels. Default 0. */
  readonly labelSmoothing?: number;
}

export interface CrossEntropyTensors {
  readonly loss: tf.Tensor1D;
  readonly cost: tf.Scalar;
  readonly dz: tf.Tensor2D;
}

/**
 * Throw a typed error naming the first row of y that is not a distribution (entries finite and
 * >= 0, summing to 1). Reads two [m] vectors back from the backend, asynchronously, since some
 * backends (WebGPU) cannot read synchronously.
 */
export async function assertLabelDistributions(y: tf.Tensor2D): Promise<void> {
  checkLogitsTensor('y', y);
  if (y.rank !== 2) throw new ShapeError('y', y.shape, 'must be [m, C] (examples by classes)');
  const [rowMin, rowSumError] = tf.tidy(() => [tf.min(y, 1), tf.abs(tf.sub(tf.sum(y, 1), 1))]);
  try {
    const [mins, errors] = await Promise.all([rowMin.data(), rowSumError.data()]);
    for (let i = 0; i < mins.length; i++) checkDistribution(mins[i] as number, errors[i] as number, i);
  } finally {
    tf.dispose([rowMin, rowSumError]);
  }
}

/**
 * Softmax cross-entropy: loss L per example [m], cost J (mean) [], and dz = (yHat - y) / m [m, C].
 * Terms with label 0 contribute 0 to L even where yHat is 0 (0 log 0 = 0), so masked logits at
 * -Infinity give a finite loss. Synchronous and usable inside tf.tidy; it checks shapes and
 * hyperparameters but not label values (see softmaxCrossEntropyChecked).
 */
export function softmaxCrossEntropy(z: tf.Tensor2D, y: tf.Tensor2D, options: CrossEntropyOptions = {}): CrossEntropyTensors {
  const { m, C, labelSmoothing } = checkCrossEntropy(z, y, options);
  return tf.tidy(() => {
    const ySmooth = labelSmoothing === 0 ? y : tf.add(tf.mul(y, 1 - labelSmoothing), labelSmoothing / C);
    const logp = logSoftmax(z, 1);
    const terms = tf.where(tf.equal(ySmooth, 0), tf.zerosLike(logp), tf.mul(ySmooth, logp));
    const loss = tf.neg(tf.sum(terms, 1)) as tf.Tensor1D;
    const cost = tf.div(tf.sum(loss), m) as tf.Scalar;
    const dz = tf.div(tf.sub(tf.exp(logp), ySmooth), m) as tf.Tensor2D;
    return { loss, cost, dz };
  });
}

/** The arguments of softmaxCrossEntropy: live float32 z and y of one shape [m, C], a label smoothing in [0, 1]. */
function checkCrossEntropy(z: tf.Tensor2D, y: tf.Tensor2D, options: CrossEntropyOptions): { m: number; C: number; labelSmoothing: number } {
  checkTensor('z', z);
  checkTensor('y', y);
  const { m, C } = checkLogitsAndLabels(z.shape, y.shape);
  const labelSmoothing = checkLabelSmoothing(checkObject<CrossEntropyOptions>('options', options).labelSmoothing ?? 0);
  return { m, C, labelSmoothing };
}

/** softmaxCrossEntropy after checking that every row of y is a distribution. */
export async function softmaxCrossEntropyChecked(z: tf.Tensor2D, y: tf.Tensor2D, options: CrossEntropyOptions = {}): Promise<CrossEntropyTensors> {
  checkCrossEntropy(z, y, options);
  await assertLabelDistributions(y);
  return softmaxCrossEntropy(z, y, options);
}
