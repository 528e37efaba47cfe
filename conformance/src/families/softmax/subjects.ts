/**
 * Subjects of the softmax family: our reference models (@dlspec/softmax; softmax and logSoftmax
 * both with the fused kernel, where registerSoftmaxKernels() has one for the backend, and with the
 * composed ops), and the tfjs built-ins
 * tf.softmax, tf.logSoftmax, tf.losses.softmaxCrossEntropy (every documented reduction), the
 * gradients of all three through tf.grad, and tf.train.sgd minimizing the loss.
 */
import * as tf from '@tensorflow/tfjs';
import { logSoftmax, registerSoftmaxKernels, softmax, SoftmaxRegression, softmaxCrossEntropyChecked, sparseSoftmaxCrossEntropyChecked } from '@dlspec/softmax';
import { subjectOf, type OpFixture, type Subject } from '../op.js';
import { builtinForm, type XentFixture } from './builtin-form.js';
import { crossEntropyOp, logSoftmaxOp, regressionTrainOp, softmaxOp } from './ops.js';

const lastAxisOnly = (name: string) => (f: OpFixture<typeof softmaxOp | typeof logSoftmaxOp>) => {
  const axis = f.params.axis;
  return axis === -1 || axis === (f.inputs.z?.shape.length ?? 0) - 1 ? true : `${name} only supports the last axis (dim = -1); the case uses axis ${axis}`;
};

const reductions = [
  ['NONE', tf.Reduction.NONE, 'loss'],
  ['MEAN', tf.Reduction.MEAN, 'cost'],
  ['SUM_BY_NONZERO_WEIGHTS', tf.Reduction.SUM_BY_NONZERO_WEIGHTS, 'cost'],
  ['SUM', tf.Reduction.SUM, 'cost'],
] as const;

/**
 * Whether a tfjs reduction gives the case's cost: MEAN is sum(w L) / sum(w), the case's weighted
 * mean; SUM_BY_NONZERO_WEIGHTS divides by the count of nonzero weights, the same only while every
 * weight is 0 or 1; SUM gives any cost (divided by W for a mean). NONE gives the loss of any case.
 */
function reductionFits(label: (typeof reductions)[number][0], f: XentFixture): true | string {
  const { reduction } = f.params;
  if (label === 'NONE' || label === 'SUM') return true;
  if (reduction !== 'mean') return `tf.Reduction.${label} is a mean; the case's cost is the sum of the losses (reduction ${reduction})`;
  if (label === 'SUM_BY_NONZERO_WEIGHTS' && f.inputs.weights) return 'tf.Reduction.SUM_BY_NONZERO_WEIGHTS divides by the number of nonzero weights; the case\'s mean divides by their sum (per-class weights)';
  return true;
}

/** The tfjs reduction whose value is the case's cost: its weighted mean, or the sum. */
const costReduction = (f: XentFixture, weighted: boolean) => (f.params.reduction !== 'mean' ? tf.Reduction.SUM : weighted ? tf.Reduction.MEAN : tf.Reduction.SUM_BY_NONZERO_WEIGHTS);

/**
 * Our models run as a user's would after registerSoftmaxKernels(): softmax and logSoftmax (and the
 * cross-entropies and the regression, through logSoftmax) take the fused kernel where the backend
 * has one (cpu, wasm, webgl, webgpu), the composed ops elsewhere.
 */
const kernels = () => registerSoftmaxKernels();

export const SOFTMAX_SUBJECTS: Subject[] = [
  subjectOf(softmaxOp, { name: 'dlspec.softmax', kind: 'reference', run: async (i, f) => (await kernels(), { a: softmax(i.z, f.params.axis) }) }),
  subjectOf(softmaxOp, { name: 'dlspec.softmax (composed ops)', kind: 'reference', run: (i, f) => ({ a: softmax(i.z, f.params.axis, { fused: false }) }) }),
  subjectOf(softmaxOp, { name: 'tf.softmax', kind: 'builtin', supports: lastAxisOnly('tf.softmax'), run: (i) => ({ a: tf.softmax(i.z) }) }),
  subjectOf(softmaxOp, {
    name: 'tf.sigmoid (C = 2)',
    kind: 'builtin',
    // Only where softmax reduces to the logistic sigmoid: two classes, the second logit 0.
    appliesTo: (f) => {
      const z = f.inputs.z;
      return Boolean(z && z.shape.length === 2 && z.shape[1] === 2 && z.data.every((v, k) => k % 2 === 0 || v === 0));
    },
    run: (i) => {
      const z0 = tf.tidy(() => tf.slice(i.z, [0, 0], [-1, 1]));
      const a = tf.tidy(() => tf.concat([tf.sigmoid(z0), tf.sigmoid(tf.neg(z0))], 1));
      z0.dispose();
      return { a };
    },
  }),
  subjectOf(logSoftmaxOp, { name: 'dlspec.logSoftmax', kind: 'reference', run: async (i, f) => (await kernels(), { logp: logSoftmax(i.z, f.params.axis) }) }),
  subjectOf(logSoftmaxOp, { name: 'dlspec.logSoftmax (composed ops)', kind: 'reference', run: (i, f) => ({ logp: logSoftmax(i.z, f.params.axis, { fused: false }) }) }),
  subjectOf(logSoftmaxOp, { name: 'tf.logSoftmax', kind: 'builtin', supports: lastAxisOnly('tf.logSoftmax'), run: (i) => ({ logp: tf.logSoftmax(i.z) }) }),
  subjectOf(crossEntropyOp, {
    name: 'dlspec.softmaxCrossEntropy',
    kind: 'reference',
    run: async (i, f) => {
      await kernels();
      const { labelSmoothing, reduction, ignoreIndex } = f.params;
      const options = { labelSmoothing, reduction };
      return i.labels
        ? { ...(await sparseSoftmaxCrossEntropyChecked(i.z, i.labels, { ...options, ...(i.weights ? { weights: i.weights as tf.Tensor1D } : {}), ...(ignoreIndex === undefined ? {} : { ignoreIndex }) })) }
        : { ...(await softmaxCrossEntropyChecked(i.z, i.y as tf.Tensor, options)) };
    },
  }),
  ...reductions.map(([label, reduction, key]) =>
    subjectOf(crossEntropyOp, {
      name: `tf.losses.softmaxCrossEntropy[${label}]`,
      kind: 'builtin',
      supports: (f) => reductionFits(label, f),
      run: (i, f) => {
        const out = tf.tidy(() => {
          const b = builtinForm(i, f);
          const value = tf.losses.softmaxCrossEntropy(b.onehot, b.logits, b.weights, f.params.labelSmoothing, reduction);
          // SUM is W times the mean cost J (W = m without weights); dividing by W is exact when W
          // is a power of two, and otherwise adds one float32 rounding (0.5 ULP), far inside f32-op.
          return label === 'SUM' && f.params.reduction === 'mean' ? tf.div(value, b.W) : value;
        });
        return { [key]: out };
      },
    }),
  ),
  subjectOf(crossEntropyOp, {
    name: 'tf.grad(tf.losses.softmaxCrossEntropy)',
    kind: 'builtin',
    run: (i, f) => {
      const grad = tf.grad((z: tf.Tensor) => {
        const b = builtinForm(i, f, z);
        return tf.losses.softmaxCrossEntropy(b.onehot, b.logits, b.weights, f.params.labelSmoothing, costReduction(f, b.weights !== undefined));
      });
      // tidy: a backend that throws partway (refusing a rank) leaves nothing behind.
      return { dz: tf.tidy(() => grad(i.z)) };
    },
  }),
  ...(
    [
      ['tf.grad(tf.logSoftmax)', (z: tf.Tensor) => tf.logSoftmax(z), (): true => true],
      [
        'tf.grad(tf.softmax)',
        (z: tf.Tensor) => tf.log(tf.softmax(z)),
        // d log(a) / da = 1 / a is infinite where a masked logit makes a = 0, whatever softmax does.
        (f: XentFixture) => (f.inputs.z?.data.some((v) => v === -Infinity) ? 'log(softmax) has an infinite derivative where a logit at -Infinity makes softmax 0' : true),
      ],
    ] as const
  ).map(([name, logp, supports]) =>
    subjectOf(crossEntropyOp, {
      name,
      kind: 'builtin',
      supports,
      // J = -1/W sum_e w_e sum_j y_ej log a_ej (the mean; without 1/W for sum and none) written
      // with the built-in, classes last (terms with y_ej = 0 left out, as in the documented loss),
      // and differentiated by tf.grad: checks the built-in's own gradient against dz.
      run: (i, f) => {
        const ls = f.params.labelSmoothing;
        const J = (z: tf.Tensor) => {
          const b = builtinForm(i, f, z);
          const C = b.logits.shape[b.logits.rank - 1] as number;
          const y = ls === 0 ? b.onehot : tf.add(tf.mul(b.onehot, 1 - ls), ls / C);
          let terms = tf.where(tf.equal(y, 0), tf.zerosLike(y), tf.mul(y, logp(b.logits)));
          if (b.weights) terms = tf.mul(terms, tf.expandDims(b.weights, -1));
          const total = tf.neg(tf.sum(terms));
          return (f.params.reduction === 'mean' ? tf.div(total, b.W) : total) as tf.Scalar;
        };
        const { value, grad } = tf.tidy(() => tf.valueAndGrad(J)(i.z));
        return { cost: value, dz: grad };
      },
    }),
  ),
  subjectOf(regressionTrainOp, {
    name: 'dlspec.SoftmaxRegression',
    kind: 'reference',
    run: async (i, f) => {
      await kernels();
      const model = new SoftmaxRegression(i.W0 as tf.Tensor2D, i.b0 as tf.Tensor1D, { learningRate: f.params.learningRate });
      const cost = model.train(i.X as tf.Tensor2D, i.Y as tf.Tensor2D, f.params.steps);
      const out = { cost, W: model.W.clone(), b: model.b.clone() };
      model.dispose();
      return out;
    },
  }),
  subjectOf(regressionTrainOp, {
    name: 'tf.train.sgd + tf.losses.softmaxCrossEntropy',
    kind: 'builtin',
    run: (i, f) => {
      const W = tf.variable(i.W0);
      const b = tf.variable(i.b0);
      const optimizer = tf.train.sgd(f.params.learningRate);
      const costs: tf.Scalar[] = [];
      for (let t = 0; t < f.params.steps; t++) {
        const loss = () => tf.losses.softmaxCrossEntropy(i.Y, tf.add(tf.matMul(i.X as tf.Tensor2D, W), b)) as tf.Scalar;
        costs.push(optimizer.minimize(loss, true, [W, b]) as tf.Scalar);
      }
      const out = { cost: tf.stack(costs), W: W.clone(), b: b.clone() };
      tf.dispose([...costs, W, b]);
      optimizer.dispose();
      return out;
    },
  }),
];
