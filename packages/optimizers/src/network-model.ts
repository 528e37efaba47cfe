import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm } from '@dlspec/batchnorm';
import { checkFloat32, checkObject, checkPositive, checkPositiveInteger, checkTensor, DisposedError, InvalidArgumentError } from '@dlspec/core';
import { softmaxCrossEntropy } from '@dlspec/softmax';
import { checkBatchShapes, checkNetworkShapes, NETWORK_PARAMS, type NetworkParams, type NetworkSizes } from './network-shapes.js';
import { Optimizer } from './optimizer.js';

/**
 * The network of network.ts on tfjs ops: two linear layers without bias, each followed by our
 * BatchNorm layer (training mode), ReLU between them, softmax cross-entropy at the output.
 * Gradients come from tfjs autodiff through our ops; `dispose()` frees every variable, and the
 * network refuses any use after it.
 */
export class BatchNormNetwork {
  readonly W1: tf.Variable;
  readonly W2: tf.Variable;
  readonly bn1: BatchNorm;
  readonly bn2: BatchNorm;
  readonly #sizes: NetworkSizes;
  #disposed = false;

  /** params0: the six parameters (live float32 tensors whose shapes fit together; other keys are ignored); options.epsilon: batch norm's. */
  constructor(params0: NetworkParams<tf.Tensor>, options: { epsilon: number }) {
    checkObject('params0', params0);
    for (const key of NETWORK_PARAMS) checkTensor(key, params0[key]);
    this.#sizes = checkNetworkShapes(params0);
    const epsilon = checkFloat32('epsilon', checkPositive('epsilon', checkObject<{ epsilon: number }>('options', options).epsilon));
    // Everything is checked: nothing below throws, so no variable is left half-made.
    this.W1 = tf.variable(params0.W1, true);
    this.W2 = tf.variable(params0.W2, true);
    this.bn1 = new BatchNorm({ size: this.#sizes.n1, epsilon, gamma: params0.gamma1 as tf.Tensor1D, beta: params0.beta1 as tf.Tensor1D });
    this.bn2 = new BatchNorm({ size: this.#sizes.C, epsilon, gamma: params0.gamma2 as tf.Tensor1D, beta: params0.beta2 as tf.Tensor1D });
  }

  get trainable(): tf.Variable[] {
    this.#checkLive();
    return [this.W1, this.bn1.gamma, this.bn1.beta, this.W2, this.bn2.gamma, this.bn2.beta];
  }

  params(): NetworkParams<tf.Variable> {
    this.#checkLive();
    return { W1: this.W1, gamma1: this.bn1.gamma, beta1: this.bn1.beta, W2: this.W2, gamma2: this.bn2.gamma, beta2: this.bn2.beta };
  }

  /** The mean cross-entropy of the mini-batch, in training mode. */
  cost(X: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
    this.#checkBatch(X, Y);
    return this.#cost(X, Y);
  }

  /** `steps` full-batch steps with the optimizer; the cost before each step, [steps]. */
  train(X: tf.Tensor2D, Y: tf.Tensor2D, optimizer: Optimizer, steps: number): tf.Tensor1D {
    this.#checkBatch(X, Y);
    if (!(optimizer instanceof Optimizer)) throw new InvalidArgumentError('optimizer', optimizer, 'must be an Optimizer of @dlspec/optimizers');
    checkPositiveInteger('steps', steps);
    const costs: tf.Scalar[] = [];
    try {
      for (let t = 0; t < steps; t++) costs.push(optimizer.minimize(() => this.#cost(X, Y), this.trainable));
      return tf.stack(costs) as tf.Tensor1D;
    } finally {
      tf.dispose(costs);
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    tf.dispose([this.W1, this.W2]);
    this.bn1.dispose();
    this.bn2.dispose();
  }

  #cost(X: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const A1 = tf.relu(this.bn1.apply(tf.matMul(X, this.W1), { training: true }));
      const logits = this.bn2.apply(tf.matMul(A1 as tf.Tensor2D, this.W2), { training: true }) as tf.Tensor2D;
      return softmaxCrossEntropy(logits, Y).cost;
    });
  }

  #checkLive(): void {
    if (this.#disposed || this.W1.isDisposed || this.W2.isDisposed) throw new DisposedError('BatchNormNetwork');
  }

  /** The network is live; X [m, n0] and Y [m, C] are live float32 tensors. */
  #checkBatch(X: tf.Tensor2D, Y: tf.Tensor2D): void {
    this.#checkLive();
    checkBatchShapes(checkTensor('X', X).shape, checkTensor('Y', Y).shape, this.#sizes);
  }
}
