import * as tf from '@tensorflow/tfjs-core';
import { checkFloat32, checkNonEmpty, checkObject, checkPositiveInteger, checkTensor, DisposedError, ShapeError } from '@dlspec/core';
import { softmaxCrossEntropy } from './model.js';
import { checkLearningRate } from './validate.js';

export interface SoftmaxRegressionOptions {
  readonly learningRate: number;
}

/**
 * Softmax regression z = X W + b trained by full-batch gradient descent with the closed-form
 * gradient of the lecture: dz = (yHat - y) / m, dW = X^T dz, db = sum over examples of dz.
 * Holds W and b as tf.variables; `dispose()` frees them, and the model refuses any use after it.
 */
export class SoftmaxRegression {
  readonly W: tf.Variable;
  readonly b: tf.Variable;
  readonly learningRate: number;
  #disposed = false;

  constructor(W0: tf.Tensor2D, b0: tf.Tensor1D, options: SoftmaxRegressionOptions) {
    checkTensor('W0', W0);
    checkTensor('b0', b0);
    const learningRate = checkFloat32('learningRate', checkLearningRate(checkObject<SoftmaxRegressionOptions>('options', options).learningRate));
    checkNonEmpty('W0', W0.shape, 2, '[n, C]');
    if (b0.rank !== 1 || b0.shape[0] !== W0.shape[1]) throw new ShapeError('b0', b0.shape, `must be [C] = [${W0.shape[1]}]`);
    this.W = tf.variable(W0, true, undefined, 'float32');
    this.b = tf.variable(b0, true, undefined, 'float32');
    this.learningRate = learningRate;
  }

  /** Logits z = X W + b, [m, C]. */
  logits(X: tf.Tensor2D): tf.Tensor2D {
    this.#check(X);
    return tf.tidy(() => tf.add(tf.matMul(X, this.W), this.b) as tf.Tensor2D);
  }

  /** One gradient-descent step; returns the cost of this step's forward pass (before the update). */
  step(X: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
    this.#check(X, Y);
    return tf.tidy(() => {
      const { cost, dz } = softmaxCrossEntropy(this.logits(X), Y);
      const dW = tf.matMul(X, dz, true, false);
      const db = tf.sum(dz, 0);
      this.W.assign(tf.sub(this.W, tf.mul(dW, this.learningRate)));
      this.b.assign(tf.sub(this.b, tf.mul(db, this.learningRate)));
      return cost;
    });
  }

  /** `steps` steps; returns the cost before each step, [steps]. Reads nothing back until the end. */
  train(X: tf.Tensor2D, Y: tf.Tensor2D, steps: number): tf.Tensor1D {
    this.#check(X, Y);
    checkPositiveInteger('steps', steps);
    const costs: tf.Scalar[] = [];
    try {
      for (let t = 0; t < steps; t++) costs.push(this.step(X, Y));
      return tf.stack(costs) as tf.Tensor1D;
    } finally {
      tf.dispose(costs);
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    tf.dispose([this.W, this.b]);
  }

  /** The model is live (W and b too), X is a live float32 [m, n] with n rows of W, and Y (if given) is [m, C]. */
  #check(X: tf.Tensor2D, Y?: tf.Tensor2D): void {
    if (this.#disposed || this.W.isDisposed || this.b.isDisposed) throw new DisposedError('SoftmaxRegression');
    checkTensor('X', X);
    checkNonEmpty('X', X.shape, 2, '[m, n]');
    if (X.shape[1] !== this.W.shape[0]) throw new ShapeError('X', X.shape, `must have n = ${this.W.shape[0]} columns (rows of W)`);
    if (Y === undefined) return;
    const [m, C] = [X.shape[0], this.W.shape[1]];
    if (checkTensor('Y', Y).rank !== 2 || Y.shape[0] !== m || Y.shape[1] !== C) throw new ShapeError('Y', Y.shape, `must be [m, C] = [${m}, ${C}] (rows of X, columns of W)`);
  }
}
