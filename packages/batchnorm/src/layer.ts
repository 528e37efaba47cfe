import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, checkInteger, checkObject, checkPositiveInteger, checkTensor, DisposedError, InvalidArgumentError, ShapeError } from '@dlspec/core';
import { geometry, lineView, normalize, stats } from './model.js';
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
      const { mu, sigma2 } = stats(x, v);
      // z - mu taken again rather than stats' zc: tfjs differentiates apply, and two uses of one zc
      // would sum their gradients before the mean's (a different rounding of dz than the layer's).
      const { zTilde } = normalize(tf.sub(x, mu), sigma2, gamma, beta, this.epsilon);
      this.#updateRunning(tf.reshape(mu, [g.n]), tf.reshape(sigma2, [g.n]), g.m);
      return tf.reshape(zTilde, z.shape);
    });
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
