import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm } from '@dlspec/batchnorm';
import { softmaxCrossEntropy } from '@dlspec/softmax';
import { checkPositiveSteps } from './validate.js';
import type { Optimizer } from './optimizer.js';
import type { NetworkParams } from './network.js';

/**
 * The network of network.ts on tfjs ops: two linear layers without bias, each followed by our
 * BatchNorm layer (training mode), ReLU between them, softmax cross-entropy at the output.
 * Gradients come from tfjs autodiff through our ops; `dispose()` frees every variable.
 */
export class BatchNormNetwork {
  readonly W1: tf.Variable;
  readonly W2: tf.Variable;
  readonly bn1: BatchNorm;
  readonly bn2: BatchNorm;

  constructor(params0: NetworkParams<tf.Tensor>, options: { epsilon: number }) {
    this.W1 = tf.variable(params0.W1, true);
    this.W2 = tf.variable(params0.W2, true);
    const [n1, C] = [params0.W1.shape[1] as number, params0.W2.shape[1] as number];
    this.bn1 = new BatchNorm({ size: n1, epsilon: options.epsilon, gamma: params0.gamma1 as tf.Tensor1D, beta: params0.beta1 as tf.Tensor1D });
    this.bn2 = new BatchNorm({ size: C, epsilon: options.epsilon, gamma: params0.gamma2 as tf.Tensor1D, beta: params0.beta2 as tf.Tensor1D });
  }

  get trainable(): tf.Variable[] {
    return [this.W1, this.bn1.gamma, this.bn1.beta, this.W2, this.bn2.gamma, this.bn2.beta];
  }

  params(): NetworkParams<tf.Variable> {
    return { W1: this.W1, gamma1: this.bn1.gamma, beta1: this.bn1.beta, W2: this.W2, gamma2: this.bn2.gamma, beta2: this.bn2.beta };
  }

  /** The mean cross-entropy of the mini-batch, in training mode. */
  cost(X: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const A1 = tf.relu(this.bn1.apply(tf.matMul(X, this.W1), { training: true }));
      const logits = this.bn2.apply(tf.matMul(A1 as tf.Tensor2D, this.W2), { training: true }) as tf.Tensor2D;
      return softmaxCrossEntropy(logits, Y).cost;
    });
  }

  /** `steps` full-batch steps with the optimizer; the cost before each step, [steps]. */
  train(X: tf.Tensor2D, Y: tf.Tensor2D, optimizer: Optimizer, steps: number): tf.Tensor1D {
    checkPositiveSteps(steps);
    const costs: tf.Scalar[] = [];
    try {
      for (let t = 0; t < steps; t++) costs.push(optimizer.minimize(() => this.cost(X, Y), this.trainable));
      return tf.stack(costs) as tf.Tensor1D;
    } finally {
      tf.dispose(costs);
    }
  }

  dispose(): void {
    tf.dispose([this.W1, this.W2]);
    this.bn1.dispose();
    this.bn2.dispose();
  }
}
