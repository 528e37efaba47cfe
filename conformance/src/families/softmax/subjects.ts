/**
 * Subjects of the softmax family: our reference models (@dlspec/softmax) and the tfjs built-ins
 * tf.softmax, tf.logSoftmax, tf.losses.softmaxCrossEntropy (every documented reduction), the
 * gradients of all three through tf.grad, and tf.train.sgd minimizing the loss.
 */
import * as tf from '@tensorflow/tfjs';
import { logSoftmax, softmax, SoftmaxRegression, softmaxCrossEntropyChecked } from '@dlspec/softmax';
import { subjectOf, type OpFixture, type Subject } from '../op.js';
import { crossEntropyOp, logSoftmaxOp, regressionTrainOp, softmaxOp } from './ops.js';

type XentFixture = OpFixture<typeof crossEntropyOp>;

const lastAxisOnly = (name: string) => (f: OpFixture<typeof softmaxOp | typeof logSoftmaxOp>) => {
  const axis = f.params.axis;
  return axis === -1 || axis === (f.inputs.z?.shape.length ?? 0) - 1 ? true : `${name} only supports the last axis (dim = -1); the case uses axis ${axis}`;
};
const z2 = (i: { z: tf.Tensor }) => i.z as tf.Tensor2D;
const y2 = (i: { y: tf.Tensor }) => i.y as tf.Tensor2D;

/** m, the number of examples, to turn a SUM reduction back into the mean cost. */
const examples = (f: XentFixture) => f.inputs.z?.shape[0] ?? 1;


const reductions = [
  ['NONE', tf.Reduction.NONE, 'loss'],
  ['MEAN', tf.Reduction.MEAN, 'cost'],
  ['SUM_BY_NONZERO_WEIGHTS', tf.Reduction.SUM_BY_NONZERO_WEIGHTS, 'cost'],
  ['SUM', tf.Reduction.SUM, 'cost'],
] as const;

export const SOFTMAX_SUBJECTS: Subject[] = [
  subjectOf(softmaxOp, { name: 'dlspec.softmax', kind: 'reference', run: (i, f) => ({ a: softmax(i.z, f.params.axis) }) }),
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
  subjectOf(logSoftmaxOp, { name: 'dlspec.logSoftmax', kind: 'reference', run: (i, f) => ({ logp: logSoftmax(i.z, f.params.axis) }) }),
  subjectOf(logSoftmaxOp, { name: 'tf.logSoftmax', kind: 'builtin', supports: lastAxisOnly('tf.logSoftmax'), run: (i) => ({ logp: tf.logSoftmax(i.z) }) }),
  subjectOf(crossEntropyOp, {
    name: 'dlspec.softmaxCrossEntropy',
    kind: 'reference',
    run: async (i, f) => ({ ...(await softmaxCrossEntropyChecked(z2(i), y2(i), { labelSmoothing: f.params.labelSmoothing })) }),
  }),
  ...reductions.map(([label, reduction, key]) =>
    subjectOf(crossEntropyOp, {
      name: `tf.losses.softmaxCrossEntropy[${label}]`,
      kind: 'builtin',
      run: (i, f) => {
        const out = tf.tidy(() => {
          const value = tf.losses.softmaxCrossEntropy(y2(i), z2(i), undefined, f.params.labelSmoothing, reduction);
          // SUM is m times the mean cost J; dividing by m is exact when m is a power of two, and
          // otherwise adds one float32 rounding (0.5 ULP), far inside the f32-op tier.
          return label === 'SUM' ? tf.div(value, examples(f)) : value;
        });
        return { [key]: out };
      },
    }),
  ),
  subjectOf(crossEntropyOp, {
    name: 'tf.grad(tf.losses.softmaxCrossEntropy)',
    kind: 'builtin',
    run: (i, f) => {
      const grad = tf.grad((z: tf.Tensor) => tf.losses.softmaxCrossEntropy(y2(i), z, undefined, f.params.labelSmoothing));
      return { dz: grad(i.z) };
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
  ).map(
    ([name, logp, supports]) =>
      subjectOf(crossEntropyOp, {
      name,
      kind: 'builtin',
      supports,
      // J = -1/m sum_i sum_j y_ij log a_ij written with the built-in (terms with y_ij = 0 left out,
      // as in the documented loss) and differentiated by tf.grad: checks the built-in's own
      // gradient against dz = (yHat - y) / m.
      run: (i, f) => {
        const ls = f.params.labelSmoothing;
        const C = i.z.shape[1] as number;
        const J = (z: tf.Tensor) => {
          const y = ls === 0 ? y2(i) : tf.add(tf.mul(y2(i), 1 - ls), ls / C);
          const terms = tf.where(tf.equal(y, 0), tf.zerosLike(y), tf.mul(y, logp(z)));
          return tf.div(tf.neg(tf.sum(terms)), examples(f)) as tf.Scalar;
        };
        const { value, grad } = tf.valueAndGrad(J)(i.z);
        return { cost: value, dz: grad };
      },
    }),
  ),
  subjectOf(regressionTrainOp, {
    name: 'dlspec.SoftmaxRegression',
    kind: 'reference',
    run: (i, f) => {
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
