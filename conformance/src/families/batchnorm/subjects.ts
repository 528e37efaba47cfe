/**
 * Subjects of the batch-norm family: our reference models (@dlspec/batchnorm) and the tfjs
 * built-ins tf.moments, tf.batchNorm (with and without offset and scale, given and default
 * epsilon) and its gradient through tf.grad, and tf.layers.batchNormalization in training and
 * inference, with its options (center, scale, momentum, epsilon, axis).
 */
import * as tf from '@tensorflow/tfjs';
import { BatchNorm, batchNormBackward, batchNormInference, batchNormTrain, geometry, resolveProfile, type BatchNormLayerOptions } from '@dlspec/batchnorm';
import { subjectOf, type InputsOf, type OpFixture, type Subject } from '../op.js';
import { backwardOp, forwardInferenceOp, forwardTrainOp, linearForwardTrainOp, runningStatsOp } from './ops.js';

/** The layer params every op has: epsilon, and the feature axis where the op has one (else -1). */
interface LayerParams {
  readonly epsilon: number;
  readonly axis?: number;
}

const t1 = (t: tf.Tensor) => t as tf.Tensor1D;
const isConstant = (f: Pick<OpFixture, 'inputs'>, key: string, value: number) => f.inputs[key]?.data.every((v) => v === value) ?? false;

/** The per-feature statistics of z as tf.batchNorm documents them: [depth] for the last axis, else z's full shape. */
function asDocumented(z: tf.Tensor, axis: number, perFeature: tf.Tensor): tf.Tensor {
  const g = geometry(z.shape, axis);
  return g.axis === z.rank - 1 ? perFeature : tf.broadcastTo(tf.reshape(perFeature, g.broadcast), z.shape);
}

/** tf.batchNorm on z with this batch's tf.moments, gamma and beta given or left out, epsilon given or default. */
function builtinBatchNorm(i: InputsOf<typeof forwardTrainOp, tf.Tensor>, f: OpFixture<typeof forwardTrainOp>, { scaleAndOffset = true, defaultEpsilon = false } = {}): tf.Tensor {
  return tf.tidy(() => {
    const { axis, epsilon } = f.params;
    const { reduce } = geometry(i.z.shape, axis);
    const { mean, variance } = tf.moments(i.z, reduce);
    const doc = (t: tf.Tensor) => asDocumented(i.z, axis, t);
    const [offset, scale] = scaleAndOffset ? [doc(i.beta), doc(i.gamma)] : [undefined, undefined];
    return defaultEpsilon
      ? tf.batchNorm(i.z, doc(mean), doc(variance), offset, scale)
      : tf.batchNorm(i.z, doc(mean), doc(variance), offset, scale, epsilon);
  });
}

interface LayerArgs {
  readonly center?: boolean;
  readonly scale?: boolean;
  readonly momentum?: number;
}

/**
 * A built tf.layers.batchNormalization with the fixture's gamma, beta and statistics loaded, run
 * by `use`, then disposed with its variables.
 */
async function withLayer<T>(
  shape: number[],
  { epsilon, axis = -1 }: LayerParams,
  args: LayerArgs,
  weights: { gamma: tf.Tensor; beta: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor },
  use: (layer: tf.layers.Layer) => T,
): Promise<T> {
  const layer = tf.layers.batchNormalization({ axis, epsilon, center: args.center ?? true, scale: args.scale ?? true, ...(args.momentum === undefined ? {} : { momentum: args.momentum }) });
  try {
    layer.build(shape);
    layer.setWeights([...(args.scale === false ? [] : [weights.gamma]), ...(args.center === false ? [] : [weights.beta]), weights.mean, weights.variance]);
    return use(layer);
  } finally {
    disposeWeights(layer);
  }
}

/**
 * Free a layer's variables. Layer.dispose() refuses a layer that was only applied eagerly ("has
 * not been used yet": it counts symbolic uses), so the weights are disposed one by one.
 */
function disposeWeights(layer: tf.layers.Layer): void {
  for (const w of layer.weights) w.dispose();
}

/** Our BatchNorm layer built from the fixture (gamma, beta, epsilon, axis, plus `extra`), used by `use`, then disposed. */
function withOurLayer<T>(i: { readonly gamma: tf.Tensor; readonly beta: tf.Tensor }, { epsilon, axis }: Required<LayerParams>, extra: Partial<BatchNormLayerOptions>, use: (layer: BatchNorm) => T): T {
  const layer = new BatchNorm({ size: i.gamma.shape[0] as number, epsilon, axis, gamma: t1(i.gamma), beta: t1(i.beta), ...extra });
  try {
    return use(layer);
  } finally {
    layer.dispose();
  }
}

const unitStats = (n: number) => ({ mean: tf.zeros([n]), variance: tf.ones([n]) });

type TrainFixture = OpFixture<typeof forwardTrainOp>;
type InferenceFixture = OpFixture<typeof forwardInferenceOp>;

function layerTrainSubject(name: string, args: LayerArgs, appliesTo?: (f: TrainFixture) => boolean): Subject<typeof forwardTrainOp> {
  return subjectOf(forwardTrainOp, {
    name,
    kind: 'builtin',
    ...(appliesTo ? { appliesTo } : {}),
    run: async (i, f) => {
      const stats = unitStats(i.gamma.shape[0] as number);
      try {
        return await withLayer(i.z.shape, f.params, args, { gamma: i.gamma, beta: i.beta, ...stats }, (layer) => ({ zTilde: layer.apply(i.z, { training: true }) as tf.Tensor }));
      } finally {
        tf.dispose(Object.values(stats));
      }
    },
  });
}

function layerInferenceSubject(name: string, args: LayerArgs, appliesTo?: (f: InferenceFixture) => boolean): Subject<typeof forwardInferenceOp> {
  return subjectOf(forwardInferenceOp, {
    name,
    kind: 'builtin',
    ...(appliesTo ? { appliesTo } : {}),
    run: (i, f) =>
      withLayer(i.z.shape, f.params, args, { gamma: i.gamma, beta: i.beta, mean: i.mean, variance: i.variance }, (layer) => ({
        zTilde: layer.apply(i.z, { training: false }) as tf.Tensor,
      })),
  });
}

/** A layer without beta (center: false) or gamma (scale: false) computes zTilde only where beta = 0 or gamma = 1. */
const standardOnly = (key: 'gamma' | 'beta', value: number) => (f: TrainFixture | InferenceFixture) => isConstant(f, key, value);

/** Run a batch-norm layer over each of K mini-batches, recording its running statistics after each. */
function trajectory(batches: tf.Tensor, step: (batch: tf.Tensor) => [tf.Tensor, tf.Tensor]): { runningMean: tf.Tensor; runningVariance: tf.Tensor } {
  const [K] = batches.shape as [number];
  const means: tf.Tensor[] = [];
  const vars: tf.Tensor[] = [];
  try {
    for (let k = 0; k < K; k++) {
      const batch = tf.tidy(() => tf.squeeze(tf.slice(batches, [k, ...batches.shape.slice(1).map(() => 0)], [1, ...batches.shape.slice(1).map(() => -1)]), [0]));
      try {
        const [m, v] = step(batch);
        means.push(m);
        vars.push(v);
      } finally {
        batch.dispose();
      }
    }
    return { runningMean: tf.stack(means), runningVariance: tf.stack(vars) };
  } finally {
    tf.dispose([...means, ...vars]);
  }
}

export const BATCHNORM_SUBJECTS: Subject[] = [
  // ---- batchnorm_forward_train
  subjectOf(forwardTrainOp, {
    name: 'dlspec.batchNormTrain',
    kind: 'reference',
    run: (i, f) => ({ ...batchNormTrain(i.z, t1(i.gamma), t1(i.beta), f.params) }),
  }),
  subjectOf(forwardTrainOp, {
    name: 'dlspec.BatchNorm (training)',
    kind: 'reference',
    run: (i, f) => withOurLayer(i, f.params, {}, (layer) => ({ zTilde: layer.apply(i.z, { training: true }) })),
  }),
  subjectOf(forwardTrainOp, {
    name: 'tf.moments',
    kind: 'builtin',
    run: (i, f) => ({ ...tf.moments(i.z, geometry(i.z.shape, f.params.axis).reduce) }),
  }),
  subjectOf(forwardTrainOp, { name: 'tf.batchNorm', kind: 'builtin', run: (i, f) => ({ zTilde: builtinBatchNorm(i, f) }) }),
  subjectOf(forwardTrainOp, { name: 'tf.batchNorm (no offset, no scale)', kind: 'builtin', run: (i, f) => ({ zNorm: builtinBatchNorm(i, f, { scaleAndOffset: false }) }) }),
  subjectOf(forwardTrainOp, {
    name: 'tf.batchNorm (default epsilon)',
    kind: 'builtin',
    supports: (f) => (f.params.epsilon === 0.001 ? true : `tf.batchNorm's default varianceEpsilon is 0.001; the case uses ${f.params.epsilon}`),
    run: (i, f) => ({ zTilde: builtinBatchNorm(i, f, { defaultEpsilon: true }) }),
  }),
  layerTrainSubject('tf.layers.batchNormalization (training)', {}),
  layerTrainSubject('tf.layers.batchNormalization (training, center: false)', { center: false }, standardOnly('beta', 0)),
  layerTrainSubject('tf.layers.batchNormalization (training, scale: false)', { scale: false }, standardOnly('gamma', 1)),

  // ---- batchnorm_forward_inference
  subjectOf(forwardInferenceOp, {
    name: 'dlspec.batchNormInference',
    kind: 'reference',
    run: (i, f) => ({ zTilde: batchNormInference(i.z, t1(i.gamma), t1(i.beta), t1(i.mean), t1(i.variance), f.params) }),
  }),
  subjectOf(forwardInferenceOp, {
    name: 'dlspec.BatchNorm (inference)',
    kind: 'reference',
    run: (i, f) => withOurLayer(i, f.params, { runningMean: t1(i.mean), runningVariance: t1(i.variance) }, (layer) => ({ zTilde: layer.apply(i.z, { training: false }) })),
  }),
  subjectOf(forwardInferenceOp, {
    name: 'tf.batchNorm',
    kind: 'builtin',
    run: (i, f) => {
      const doc = (t: tf.Tensor) => asDocumented(i.z, f.params.axis, t);
      return { zTilde: tf.tidy(() => tf.batchNorm(i.z, doc(i.mean), doc(i.variance), doc(i.beta), doc(i.gamma), f.params.epsilon)) };
    },
  }),
  layerInferenceSubject('tf.layers.batchNormalization (inference)', {}),
  layerInferenceSubject('tf.layers.batchNormalization (inference, center: false)', { center: false }, standardOnly('beta', 0)),
  layerInferenceSubject('tf.layers.batchNormalization (inference, scale: false)', { scale: false }, standardOnly('gamma', 1)),

  // ---- batchnorm_backward
  subjectOf(backwardOp, {
    name: 'dlspec.batchNormBackward',
    kind: 'reference',
    run: (i, f) => ({ ...batchNormBackward(i.z, t1(i.gamma), i.dzTilde, f.params) }),
  }),
  subjectOf(backwardOp, {
    name: 'dlspec.BatchNorm (tf.grad)',
    kind: 'reference',
    run: (i, f) =>
      withOurLayer(i, f.params, {}, (layer) =>
        // tidy: a backend that throws partway (refusing a rank) leaves nothing behind.
        tf.tidy(() => {
          const loss = (z: tf.Tensor) => tf.sum(tf.mul(layer.apply(z, { training: true }), i.dzTilde)) as tf.Scalar;
          const dz = tf.grad(loss)(i.z);
          const { value, grads } = tf.variableGrads(() => loss(i.z), [layer.gamma, layer.beta]);
          value.dispose();
          return { dz, dgamma: grads[layer.gamma.name]!, dbeta: grads[layer.beta.name]! };
        }),
      ),
  }),
  subjectOf(backwardOp, {
    name: 'tf.grad(tf.batchNorm + tf.moments)',
    kind: 'builtin',
    run: (i, f) => {
      const { axis, epsilon } = f.params;
      const [dz, dgamma, dbeta] = tf.grads((z: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
        const { mean, variance } = tf.moments(z, geometry(z.shape, axis).reduce);
        const doc = (t: tf.Tensor) => asDocumented(z, axis, t);
        return tf.sum(tf.mul(tf.batchNorm(z, doc(mean), doc(variance), doc(beta), doc(gamma), epsilon), i.dzTilde));
      })([i.z, i.gamma, i.beta]) as [tf.Tensor, tf.Tensor, tf.Tensor];
      return { dz, dgamma, dbeta };
    },
  }),

  // ---- batchnorm_running_stats
  subjectOf(runningStatsOp, {
    name: 'dlspec.BatchNorm (running statistics)',
    kind: 'reference',
    run: (i, f) => {
      const layer = new BatchNorm({
        // A fixture of this op always names its profile (check.ts); 'course' is the layer's own default.
        size: i.mean0.shape[0] as number,
        axis: f.params.axis,
        profile: resolveProfile(f.profile ?? 'course').name,
        momentum: f.params.momentum,
        epsilon: f.params.epsilon,
        runningMean: t1(i.mean0),
        runningVariance: t1(i.variance0),
      });
      try {
        return trajectory(i.batches, (batch) => {
          tf.dispose(layer.apply(batch, { training: true }));
          return [tf.clone(layer.runningMean), tf.clone(layer.runningVariance)];
        });
      } finally {
        layer.dispose();
      }
    },
  }),
  subjectOf(runningStatsOp, {
    name: 'tf.layers.batchNormalization (moving statistics)',
    kind: 'builtin',
    supports: (f) => (f.profile === 'keras' ? true : `tf.layers.batchNormalization documents the keras profile; this case follows ${f.profile}`),
    run: (i, f) => {
      const n = i.mean0.shape[0] as number;
      const gamma = tf.ones([n]);
      const beta = tf.zeros([n]);
      try {
        return withLayer(i.batches.shape.slice(1), f.params, { momentum: f.params.momentum }, { gamma, beta, mean: i.mean0, variance: i.variance0 }, (layer) =>
          trajectory(i.batches, (batch) => {
            tf.dispose(layer.apply(batch, { training: true }) as tf.Tensor);
            const [, , movingMean, movingVariance] = layer.getWeights();
            return [tf.clone(movingMean!), tf.clone(movingVariance!)];
          }),
        );
      } finally {
        tf.dispose([gamma, beta]);
      }
    },
  }),

  // ---- linear_batchnorm_forward_train
  subjectOf(linearForwardTrainOp, {
    name: 'dlspec (tf.matMul + batchNormTrain)',
    kind: 'reference',
    run: (i, f) => {
      const z = tf.tidy(() => (i.b ? tf.add(tf.matMul(i.X as tf.Tensor2D, i.W as tf.Tensor2D), i.b) : tf.matMul(i.X as tf.Tensor2D, i.W as tf.Tensor2D)));
      return { z, ...batchNormTrain(z, t1(i.gamma), t1(i.beta), f.params) };
    },
  }),
  subjectOf(linearForwardTrainOp, {
    name: 'tf.layers.dense + tf.layers.batchNormalization',
    kind: 'builtin',
    run: async (i, f) => {
      const [k, n] = i.W.shape as [number, number];
      const dense = tf.layers.dense({ units: n, useBias: Boolean(i.b) });
      try {
        dense.build([null, k]);
        dense.setWeights(i.b ? [i.W, i.b] : [i.W]);
        const z = dense.apply(i.X) as tf.Tensor;
        const stats = unitStats(n);
        try {
          const zTilde = await withLayer(z.shape, f.params, {}, { gamma: i.gamma, beta: i.beta, ...stats }, (layer) => layer.apply(z, { training: true }) as tf.Tensor);
          return { z, zTilde };
        } finally {
          tf.dispose(Object.values(stats));
        }
      } finally {
        disposeWeights(dense);
      }
    },
  }),
];
