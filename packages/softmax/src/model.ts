/**
 * Reference models on tfjs ops: the formulas of spec.ts, written so they run on any tfjs backend.
 * Every function cleans up its intermediates with tf.tidy; only the returned tensors remain.
 */
import * as tf from '@tensorflow/tfjs-core';
import { normalizeAxis } from '@dlspec/core';
import { checkDistribution, checkLabelSmoothing, checkLogits, checkLogitsAndLabels } from './validate.js';

/** a = exp(z - max) / sum(exp(z - max)) along `axis`. */
export function softmax(z: tf.Tensor, axis = -1): tf.Tensor {
  checkLogits(z.shape);
  const ax = normalizeAxis(axis, z.rank);
  return tf.tidy(() => {
    const t = tf.exp(tf.sub(z, tf.max(z, ax, true)));
    return tf.div(t, tf.sum(t, ax, true));
  });
}

/** log a = (z - max) - log(sum(exp(z - max))) along `axis`. */
export function logSoftmax(z: tf.Tensor, axis = -1): tf.Tensor {
  checkLogits(z.shape);
  const ax = normalizeAxis(axis, z.rank);
  return tf.tidy(() => {
    const shifted = tf.sub(z, tf.max(z, ax, true));
    return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), ax, true)));
  });
}

export interface CrossEntropyOptions {
  /** y (1 - ls) + ls / C, as tfjs and Keras smooth labels. Default 0. */
  readonly labelSmoothing?: number;
  /**
   * Check that every row of y is a distribution (reads two [m] vectors back from the backend,
   * one synchronization). Default true.
   */
  readonly validateLabels?: boolean;
}

export interface CrossEntropyTensors {
  readonly loss: tf.Tensor1D;
  readonly cost: tf.Scalar;
  readonly dz: tf.Tensor2D;
}

/** Throw a typed error naming the first row of y that is not a distribution. */
export function assertLabelDistributions(y: tf.Tensor2D): void {
  const [rowMin, rowSumError] = tf.tidy(() => [tf.min(y, 1), tf.abs(tf.sub(tf.sum(y, 1), 1))]) as [tf.Tensor1D, tf.Tensor1D];
  const mins = rowMin.dataSync();
  const errors = rowSumError.dataSync();
  tf.dispose([rowMin, rowSumError]);
  for (let i = 0; i < mins.length; i++) checkDistribution(mins[i] as number, errors[i] as number, i);
}

/**
 * Softmax cross-entropy: loss L per example [m], cost J (mean) [], and dz = (yHat - y) / m [m, C].
 * Terms with label 0 contribute 0 to L even where yHat is 0 (0 log 0 = 0), so masked logits at
 * -Infinity give a finite loss.
 */
export function softmaxCrossEntropy(z: tf.Tensor2D, y: tf.Tensor2D, options: CrossEntropyOptions = {}): CrossEntropyTensors {
  const { m, C } = checkLogitsAndLabels(z.shape, y.shape);
  const labelSmoothing = options.labelSmoothing ?? 0;
  checkLabelSmoothing(labelSmoothing);
  if (options.validateLabels ?? true) assertLabelDistributions(y);
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
