/**
 * Golden cases of the softmax_cross_entropy forms other suites' data needs (ONNX
 * SoftmaxCrossEntropyLoss): class-index labels, per-class weights, an ignored label value, the
 * none / mean / sum reductions, and [N, C, d1, ..., dk] logits with the classes on axis 1.
 */
import type { Random, Tensor64 } from '@dlspec/core';
import { caseOf, type Case } from '../op.js';
import { given, normal32, softLabels } from '../inputs.js';
import { crossEntropyOp } from './ops.js';

/** Class indices [N, d1, ..., dk] drawn uniformly from [0, C), with `ignored` elements (by index) set to ignoreIndex. */
function classIndices(r: Random, shape: readonly number[], C: number, ignore?: { every: number; value: number }): Tensor64 {
  const n = shape.reduce((a, d) => a * d, 1);
  return given(shape, Array.from({ length: n }, (_, e) => (ignore && e % ignore.every === 1 ? ignore.value : r.int(0, C - 1))));
}

/** Soft labels of z [N, C, d1, ..., dk]: a distribution over axis 1 for every element, multiples of 1/8. */
function softLabelsAxis1(r: Random, N: number, C: number, D: number): Tensor64 {
  const rows = softLabels(r, N * D, C).data; // [N D, C], row e = i D + d
  const data = new Float64Array(N * C * D);
  for (let e = 0; e < N * D; e++) for (let j = 0; j < C; j++) data[Math.floor(e / D) * C * D + j * D + (e % D)] = rows[e * C + j] as number;
  return { shape: [N, C, D], data };
}

/** Class weights that are multiples of 1/4 (exact in float32, sums exact too). */
const classWeights = (C: number) => given([C], Array.from({ length: C }, (_, j) => [0.5, 1, 2, 0.25, 1.5, 0.75][j % 6] as number));

export const XENT_FORM_CASES: Case[] = [
  caseOf(crossEntropyOp, {
    name: 'xent-labels-16x5',
    description: 'Class-index labels (ONNX, PyTorch, sparse TF) instead of one-hot rows: 16 examples by 5 classes, the mean cost.',
    params: {},
    seed: 91,
    inputs: (r) => ({ z: normal32(r, [16, 5], 3), labels: classIndices(r, [16], 5) }),
    tolerance: 'f32-op',
  }),
  ...(['mean', 'sum', 'none'] as const).map((reduction, k) =>
    caseOf(crossEntropyOp, {
      name: `xent-weights-${reduction}`,
      description: `Per-class weights [C] with class-index labels, reduction ${reduction}: element e counts weights[label_e]; ${
        reduction === 'mean' ? 'the mean divides by the summed weights of the elements, not by m' : reduction === 'sum' ? 'the cost is the weighted sum' : 'loss is the weighted loss per example, and cost its sum (dz its gradient)'
      }.`,
      params: { reduction },
      seed: 92 + k,
      inputs: (r) => ({ z: normal32(r, [12, 6], 3), labels: classIndices(r, [12], 6), weights: classWeights(6) }),
      tolerance: 'f32-op',
    }),
  ),
  caseOf(crossEntropyOp, {
    name: 'xent-ignore-index',
    description: 'ignoreIndex -1: every third example is labelled -1 and counts nothing (loss 0, dz 0); the mean divides by the 8 counted examples, not by 12.',
    params: { ignoreIndex: -1 },
    seed: 95,
    inputs: (r) => ({ z: normal32(r, [12, 4], 3), labels: classIndices(r, [12], 4, { every: 3, value: -1 }) }),
    tolerance: 'f32-op',
  }),
  caseOf(crossEntropyOp, {
    name: 'xent-ignore-index-class-weights',
    description: 'ignoreIndex 2, a real class, with per-class weights: examples of class 2 count nothing, and the mean divides by the weights of the others.',
    params: { ignoreIndex: 2 },
    seed: 96,
    inputs: (r) => ({ z: normal32(r, [12, 4], 3), labels: classIndices(r, [12], 4, { every: 4, value: 2 }), weights: classWeights(4) }),
    tolerance: 'f32-op',
  }),
  caseOf(crossEntropyOp, {
    name: 'xent-labels-smoothing-0.1',
    description: 'Class-index labels with label smoothing 0.1: the one-hot row of each label, smoothed as y (1 - 0.1) + 0.1 / C.',
    params: { labelSmoothing: 0.1 },
    seed: 97,
    inputs: (r) => ({ z: normal32(r, [10, 5], 3), labels: classIndices(r, [10], 5) }),
    tolerance: 'f32-op',
  }),
  caseOf(crossEntropyOp, {
    name: 'xent-nchw-labels',
    description: 'Logits [N, C, d1, d2] = [3, 4, 2, 3] with the classes on axis 1 (a segmentation map), class-index labels [3, 2, 3], per-class weights and ignoreIndex -1: the weighted mean over the counted pixels.',
    params: { ignoreIndex: -1 },
    seed: 98,
    inputs: (r) => ({ z: normal32(r, [3, 4, 2, 3], 3), labels: classIndices(r, [3, 2, 3], 4, { every: 5, value: -1 }), weights: classWeights(4) }),
    tolerance: 'f32-op',
  }),
  caseOf(crossEntropyOp, {
    name: 'xent-ncd-soft-sum',
    description: 'Logits [N, C, d] = [2, 5, 4] against soft label distributions over axis 1 (multiples of 1/8), reduction sum.',
    params: { reduction: 'sum' },
    seed: 99,
    inputs: (r) => ({ z: normal32(r, [2, 5, 4], 3), y: softLabelsAxis1(r, 2, 5, 4) }),
    tolerance: 'f32-op',
  }),
  caseOf(crossEntropyOp, {
    name: 'xent-onehot-none',
    description: 'One-hot labels y [8, 6] with reduction none: loss per example, cost its sum, dz = yHat - y (not divided by m).',
    params: { reduction: 'none' },
    seed: 100,
    inputs: (r) => {
      const labels = classIndices(r, [8], 6).data;
      const y = new Float64Array(48);
      labels.forEach((c, i) => (y[i * 6 + c] = 1));
      return { z: normal32(r, [8, 6], 3), y: { shape: [8, 6], data: y } };
    },
    tolerance: 'f32-op',
  }),
];
