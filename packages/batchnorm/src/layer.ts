import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, checkInteger, checkObject, checkPositiveInteger, checkTensor, DisposedError, InvalidArgumentError, ShapeError } from '@dlspec/core';
import { batchNormBackward, batchNormTrain, geometry, lineView, normalize } from './model.js';
import { resolveProfile, weightOnOld, type ProfileName, type RunningStatsProfile } from './profiles.js';
import { checkEpsilon32, checkExamplesFor, checkMomentum, checkPerFeatureTensor } from './validate.js';

export interface BatchNormLayerOptions {
  /** n: number of features (channels). */
  readonly size: number;
  /** The feature axis of the inputs; default -1 ([m, n] and channels-last). */
  readonly axis?: number;
  /** How the running statistics move (profiles.ts); default 'course'. */
  readonly profile?: ProfileName;
  /** Default: the profile's. */
  readonly momentum?: number;
  /** Default: the profile's. */
  readonly epsilon?: number;
  readonly gamma?: tf.Tensor1D;
  readonly beta?: tf.Tensor1D;
  readonly runningMean?: tf.Tensor1D;
  readonly runningVariance?: tf.Tensor1D;
}

const PER_FEATURE = ['gamma', 'beta', 'runningMean', 'runningVariance'] as const;

/**
 * A batch-norm layer: trainable gamma and beta; in training mode it normalizes by the mini-batch's
 * statistics and moves its running statistics by the chosen profile; in inference mode it uses the
 * running statistics. `apply` is made of differentiable tfjs ops, so tf.grad and tfjs optimizers
 * work through it on any backend. `dispose()` frees its four variables; the layer refuses any use after it.
 */
export class BatchNorm {
  readonly gamma: tf.Variable<tf.Rank.R1>;
  readonly beta: tf.Variable<tf.Rank.R1>;
  readonly runningMean: tf.Variable<tf.Rank.R1>;
  readonly runningVariance: tf.Variable<tf.Rank.R1>;
  readonly profile: RunningStatsProfile;
  readonly momentum: number;
  readonly epsilon: number;
  readonly axis: number;
  readonly size: number;
  #disposed = false;

  constructor(options: BatchNormLayerOptions) {
    checkObject('options', options);
    const n = checkPositiveInteger('size', options.size);
    this.profile = resolveProfile(options.profile ?? 'course');
    this.momentum = checkMomentum(options.momentum ?? this.profile.defaultMomentum);
    this.epsilon = checkEpsilon32(options.epsilon ?? this.profile.defaultEpsilon);
    this.axis = checkInteger('axis', options.axis ?? -1);
    for (const key of PER_FEATURE) if (options[key] !== undefined) checkPerFeatureTensor(key, options[key], n);
    this.size = n;
    // Everything is checked: from here on nothing throws, so no variable is left half-made.
    const init = (t: tf.Tensor1D | undefined, fill: number, trainable: boolean) => tf.tidy(() => tf.variable(t ? tf.clone(t) : tf.fill([n], fill), trainable)) as tf.Variable<tf.Rank.R1>;
    this.gamma = init(options.gamma, 1, true);
    this.beta = init(options.beta, 0, true);
    this.runningMean = init(options.runningMean, 0, false);
    this.runningVariance = init(options.runningVariance, 1, false);
  }

  /** zTilde for z; in training mode also moves the running statistics (after everything else is computed). */
  apply(z: tf.Tensor, mode: { training: boolean }): tf.Tensor {
    if (this.#disposed || [this.gamma, this.beta, this.runningMean, this.runningVariance].some((v) => v.isDisposed)) throw new DisposedError('BatchNorm');
    const rank = checkTensor('z', z).rank;
    if (this.axis < -rank || this.axis >= rank) throw new ShapeError('z', z.shape, `must have the layer's feature axis ${this.axis}`);
    const g = geometry(z.shape, this.axis);
    const training = checkBoolean('training', checkObject<{ training: boolean }>('mode', mode).training);
    if (g.n !== this.size) throw new InvalidArgumentError('z', z.shape, `must have ${this.size} features on axis ${this.axis}`);
    if (training) checkExamplesFor(this.profile, g.m);
    // Computed on z's [outer, n(, inner)] view, so any rank runs on every backend (lineView).
    const v = lineView(z.shape, this.axis);
    return tf.tidy(() => {
      const x = tf.reshape(z, v.lines);
      const gamma = tf.reshape(this.gamma, v.broadcast);
      const beta = tf.reshape(this.beta, v.broadcast);
      if (!training) {
        const [mu, sigma2] = [this.runningMean, this.runningVariance].map((t) => tf.reshape(t, v.broadcast)) as [tf.Tensor, tf.Tensor];
        return tf.reshape(normalize(tf.sub(x, mu), sigma2, gamma, beta, this.epsilon).zTilde, z.shape);
      }
      const { zTilde, mean, variance } = this.#train(z);
      try {
        this.#updateRunning(mean, variance, g.m);
      } finally {
        tf.dispose([mean, variance]);
      }
      return zTilde;
    });
  }

  /**
   * The training forward as one differentiable op: batchNormTrain's zTilde, whose gradients (z,
   * gamma, beta) are the lecture's closed forms (batchNormBackward on the forward's zNorm and
   * variance) rather than tfjs's autodiff of each op: a few reductions and element-wise passes
   * where autodiff dispatches dozens of kernels. The batch mean and variance come back kept, for
   * the running statistics.
   */
  #train(z: tf.Tensor): { zTilde: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
    const options = { axis: this.axis, epsilon: this.epsilon };
    let batch: { mean: tf.Tensor1D; variance: tf.Tensor1D } | undefined;
    const op = tf.customGrad(((x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, save: tf.GradSaveFunc) => {
      const t = batchNormTrain(x, gamma, beta, options);
      batch = { mean: tf.keep(t.mean), variance: tf.keep(t.variance) };
      save([x, gamma, t.zNorm, t.variance]);
      return {
        value: t.zTilde,
        gradFunc: (dzTilde: tf.Tensor, saved: tf.Tensor[]) => {
          const [x0, gamma0, zNorm, variance] = saved as [tf.Tensor, tf.Tensor1D, tf.Tensor, tf.Tensor1D];
          const { dz, dgamma, dbeta } = batchNormBackward(x0, gamma0, dzTilde, options, { zNorm, variance });
          return [dz, dgamma, dbeta];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    const zTilde = op(z, this.gamma, this.beta) as tf.Tensor;
    const { mean, variance } = batch as { mean: tf.Tensor1D; variance: tf.Tensor1D };
    return { zTilde, mean, variance };
  }

  /** running = w running + (1 - w) batchStat, with the profile's w and variance (biased or unbiased). */
  #updateRunning(mu: tf.Tensor, sigma2: tf.Tensor, m: number): void {
    const w = weightOnOld(this.profile, this.momentum);
    const variance = this.profile.variance === 'unbiased' ? tf.mul(sigma2, m / (m - 1)) : sigma2;
    const mean = tf.add(tf.mul(this.runningMean, w), tf.mul(mu, 1 - w));
    const runningVariance = tf.add(tf.mul(this.runningVariance, w), tf.mul(variance, 1 - w));
    this.runningMean.assign(mean as tf.Tensor1D);
    this.runningVariance.assign(runningVariance as tf.Tensor1D);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    tf.dispose([this.gamma, this.beta, this.runningMean, this.runningVariance]);
  }
}
