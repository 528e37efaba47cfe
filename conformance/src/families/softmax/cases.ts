/**
 * The softmax family's golden cases. Expectations come from the ops (@dlspec/softmax's float64
 * spec) unless a case computes them another way on purpose.
 */
import { tensor64, type Random, type Tensor64 } from '@dlspec/core';
import { caseOf, type Case } from '../op.js';
import { given, masked, normal32, oneHot, softLabels } from '../inputs.js';
import { crossEntropyOp, logSoftmaxOp, regressionTrainOp, softmaxOp } from './ops.js';
import { XENT_FORM_CASES } from './form-cases.js';

const lectureZ = given([1, 4], [5, 2, -1, 3]);

/** softmax and log_softmax cases over the same logits. */
function bothOps(name: string, description: string, seed: number | null, inputs: (r: Random) => { z: Tensor64 }, axis = -1): Case[] {
  return [
    caseOf(softmaxOp, { name, description, params: { axis }, seed, inputs, tolerance: 'f32-op' }),
    caseOf(logSoftmaxOp, { name: `log-${name}`, description: `log-softmax: ${description}`, params: { axis }, seed, inputs, tolerance: 'f32-op' }),
  ];
}

export const SOFTMAX_CASES: Case[] = [
  ...bothOps('lecture-4-class', "The lecture's example: z = [5, 2, -1, 3], t = exp(z) = [148.4, 7.4, 0.4, 20.1], a = [0.842, 0.042, 0.002, 0.114].", null, () => ({ z: lectureZ })),
  caseOf(crossEntropyOp, {
    name: 'lecture-4-class-loss',
    description: "The lecture's example logits with y = [0, 1, 0, 0]: L = -log yHat_2.",
    params: { labelSmoothing: 0 },
    seed: null,
    inputs: () => ({ z: lectureZ, y: given([1, 4], [0, 1, 0, 0]) }),
    tolerance: 'f32-op',
  }),
  caseOf(softmaxOp, {
    name: 'binary-vs-sigmoid',
    description: 'C = 2 with the second logit 0: softmax reduces to logistic regression, a = [sigmoid(z), sigmoid(-z)]. The expectation is computed from the sigmoid, not from softmax.',
    params: { axis: -1 },
    seed: 11,
    inputs: (r) => ({ z: { shape: [16, 2], data: normal32(r, [16, 2], 6).data.map((v, i) => (i % 2 === 1 ? 0 : v)) } }),
    expected: ({ z }) => {
      const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
      const data = z.data.map((_, i) => {
        const logit = z.data[i - (i % 2)] as number;
        return i % 2 === 0 ? sigmoid(logit) : sigmoid(-logit);
      });
      return { a: tensor64(z.shape, data) };
    },
    tolerance: 'f32-op',
  }),
  ...bothOps('single-class', 'One class: softmax is 1 and log-softmax 0 whatever the logit.', 12, (r) => ({ z: normal32(r, [5, 1], 10) })),
  ...bothOps('random-8x10', 'Random logits (sigma 3), 8 examples by 10 classes.', 13, (r) => ({ z: normal32(r, [8, 10], 3) })),
  ...bothOps('random-64x5', 'Random logits (sigma 3), 64 examples by 5 classes.', 14, (r) => ({ z: normal32(r, [64, 5], 3) })),
  ...bothOps('random-4x1000', 'Random logits (sigma 3), 4 examples by 1000 classes: long reductions.', 15, (r) => ({ z: normal32(r, [4, 1000], 3) })),
  ...bothOps('random-3x4x7', 'A rank-3 input, softmax over the last axis.', 16, (r) => ({ z: normal32(r, [3, 4, 7], 3) })),
  ...bothOps('axis0-3x4x7', 'A rank-3 input, softmax over axis 0.', 16, (r) => ({ z: normal32(r, [3, 4, 7], 3) }), 0),
  ...bothOps('axis1-3x4x7', 'A rank-3 input, softmax over axis 1.', 16, (r) => ({ z: normal32(r, [3, 4, 7], 3) }), 1),
  ...bothOps('large-logits', 'Logits offset by 1e4 (sigma 3): exp(z) overflows unless the row max is subtracted first.', 17, (r) => ({ z: normal32(r, [8, 6], 3, 1e4) })),
  ...bothOps('mask-1e9', 'Attention-style masks: a third of the logits set to -1e9; masked classes get probability 0.', 18, (r) => ({
    z: masked(normal32(r, [6, 9], 3), -1e9, (i) => i % 3 === 1),
  })),
  ...bothOps('mask-neg-infinity', 'Masks at -Infinity: masked classes get probability 0 and log-probability -Infinity.', 19, (r) => ({
    z: masked(normal32(r, [6, 9], 3), -Infinity, (i) => i % 3 === 1),
  })),
  ...bothOps('nan-and-infinity', 'Rows with a NaN, with +Infinity, with -Infinity beside finite logits, and an ordinary row. NaN and +Infinity make the whole row NaN (exp(Inf - Inf)); -Infinity is a mask.', null, () => ({
    z: given([4, 4], [NaN, 1, 2, 3, Infinity, 1, 2, 3, -Infinity, 1, 2, 3, 0, 1, 2, 3]),
  })),
  ...bothOps('all-neg-infinity-row', 'A whole row of -Infinity: 0/0, so NaN for the row; the other rows stay finite.', null, () => ({
    z: given([3, 3], [-Infinity, -Infinity, -Infinity, 0.5, -1, 2, 3, 3, 3]),
  })),
  ...[
    ['onehot-32x10', 'One-hot labels, 32 examples by 10 classes.', 21, 0],
    ['soft-16x6', 'Soft labels (multiples of 1/8), 16 examples by 6 classes.', 22, 0],
    ['smoothing-0.1', 'One-hot labels with label smoothing 0.1: y (1 - 0.1) + 0.1 / C.', 23, 0.1],
    ['smoothing-1', 'Label smoothing 1: every label becomes 1 / C.', 24, 1],
  ].map(([name, description, seed, ls]) =>
    caseOf(crossEntropyOp, {
      name: `xent-${name}`,
      description: description as string,
      params: { labelSmoothing: ls as number },
      seed: seed as number,
      inputs: (r) => {
        const [m, C] = (name as string).startsWith('soft') ? [16, 6] : [32, 10];
        const z = normal32(r, [m, C], 3);
        return { z, y: (name as string).startsWith('soft') ? softLabels(r, m, C) : oneHot(r, m, C) };
      },
      tolerance: 'f32-op',
    }),
  ),
  caseOf(crossEntropyOp, {
    name: 'xent-large-logits',
    description: 'Cross-entropy with logits offset by 1e4: log-softmax must subtract the max before anything is rounded at the scale of 1e4.',
    params: { labelSmoothing: 0 },
    seed: 25,
    inputs: (r) => ({ z: normal32(r, [8, 6], 3, 1e4), y: oneHot(r, 8, 6) }),
    tolerance: 'f32-op',
  }),
  caseOf(crossEntropyOp, {
    name: 'xent-mask-neg-infinity',
    description: 'Cross-entropy with masked logits at -Infinity whose labels are 0: 0 log 0 = 0, so the loss stays finite.',
    params: { labelSmoothing: 0 },
    seed: 26,
    inputs: (r) => {
      const [m, C] = [6, 5];
      const y = oneHot(r, m, C);
      const label = (i: number) => y.data.subarray(i * C, i * C + C).indexOf(1);
      // In each row, mask the class after the labelled one.
      const z = masked(normal32(r, [m, C], 3), -Infinity, (k) => k % C === (label(Math.floor(k / C)) + 1) % C);
      return { z, y };
    },
    tolerance: 'f32-op',
  }),
  ...XENT_FORM_CASES,
  caseOf(regressionTrainOp, {
    name: 'regression-train',
    description: 'Softmax regression (z = X W + b) trained by full-batch gradient descent, 60 steps at learning rate 0.5, on 64 examples of 4 features labelled by a random linear teacher over 3 classes.',
    params: { learningRate: 0.5, steps: 60 },
    seed: 31,
    inputs: (r) => {
      const [m, n, C] = [64, 4, 3];
      const X = normal32(r, [m, n]);
      const teacher = normal32(r, [n, C], 2).data;
      const Y = new Float64Array(m * C);
      for (let i = 0; i < m; i++) {
        let best = 0;
        let bestScore = -Infinity;
        for (let j = 0; j < C; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += (X.data[i * n + k] as number) * (teacher[k * C + j] as number);
          if (s > bestScore) [best, bestScore] = [j, s];
        }
        Y[i * C + best] = 1;
      }
      return { X, Y: { shape: [m, C], data: Y }, W0: normal32(r, [n, C], 0.1), b0: given([C], [0, 0, 0]) };
    },
    tolerance: 'f32-trajectory',
  }),
];
