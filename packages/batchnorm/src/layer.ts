import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@dlspec/core';
import { geometry, normalize, stats } from './model.js';
import { resolveProfile, weightOnOld, type ProfileName, type RunningStatsProfile } from './profiles.js';
import { checkEpsilon, checkExamplesFor, checkMomentum, checkPerFeature } from './validate.js';

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

/**
 * A batch-norm layer: trainable gamma and beta; in training mode it normalizes by the mini-batch's
 * statistics and moves its running statistics by the chosen profile; in inference mode it uses the
 * running statistics. `apply` is made of differentiable tfjs ops, so tf.grad and tfjs optimizers
 * work through it on any backend. `dispose()` frees its four variables.
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

  constructor(options: BatchNormLayerOptions) {
    const n = options.size;
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('size', n, 'must be a positive integer');
    this.profile = resolveProfile(options.profile ?? 'course');
    this.momentum = options.momentum ?? this.profile.defaultMomentum;
    this.epsilon = options.epsilon ?? this.profile.defaultEpsilon;
    checkMomentum(this.momentum);
    checkEpsilon(this.epsilon);
    for (const key of ['gamma', 'beta', 'runningMean', 'runningVariance'] as const) {
      const t = options[key];
      if (t) checkPerFeature(key, t.shape, n);
    }
    this.axis = options.axis ?? -1;
    this.size = n;
    const init = (t: tf.Tensor1D | undefined, fill: number) => (t ? tf.clone(t) : tf.fill([n], fill));
    this.gamma = tf.tidy(() => tf.variable(init(options.gamma, 1), true)) as tf.Variable<tf.Rank.R1>;
    this.beta = tf.tidy(() => tf.variable(init(options.beta, 0), true)) as tf.Variable<tf.Rank.R1>;
    this.runningMean = tf.tidy(() => tf.variable(init(options.runningMean, 0), false)) as tf.Variable<tf.Rank.R1>;
    this.runningVariance = tf.tidy(() => tf.variable(init(options.runningVariance, 1), false)) as tf.Variable<tf.Rank.R1>;
  }

  /** zTilde for z; in training mode also moves the running statistics. */
  apply(z: tf.Tensor, { training }: { training: boolean }): tf.Tensor {
    const g = geometry(z.shape, this.axis);
    if (g.n !== this.size) throw new InvalidArgumentError('z', z.shape, `must have ${this.size} features on axis ${this.axis}`);
    if (training) checkExamplesFor(this.profile, g.m);
    return tf.tidy(() => {
      const gamma = tf.reshape(this.gamma, g.broadcast);
      const beta = tf.reshape(this.beta, g.broadcast);
      if (!training) {
        const [mu, sigma2] = [this.runningMean, this.runningVariance].map((t) => tf.reshape(t, g.broadcast)) as [tf.Tensor, tf.Tensor];
        return normalize(z, mu, sigma2, gamma, beta, this.epsilon).zTilde;
      }
      const { mu, sigma2 } = stats(z, g.reduce);
      this.#updateRunning(tf.reshape(mu, [g.n]), tf.reshape(sigma2, [g.n]), g.m);
      return normalize(z, mu, sigma2, gamma, beta, this.epsilon).zTilde;
    });
  }

  /** running = w running + (1 - w) batchStat, with the profile's w and variance (biased or unbiased). */
  #updateRunning(mu: tf.Tensor, sigma2: tf.Tensor, m: number): void {
    const w = weightOnOld(this.profile, this.momentum);
    const variance = this.profile.variance === 'unbiased' ? tf.mul(sigma2, m / (m - 1)) : sigma2;
    this.runningMean.assign(tf.add(tf.mul(this.runningMean, w), tf.mul(mu, 1 - w)));
    this.runningVariance.assign(tf.add(tf.mul(this.runningVariance, w), tf.mul(variance, 1 - w)));
  }

  dispose(): void {
    tf.dispose([this.gamma, this.beta, this.runningMean, this.runningVariance]);
  }
}
