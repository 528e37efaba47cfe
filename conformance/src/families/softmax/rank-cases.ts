/**
 * Rank coverage of the softmax family: softmax and log-softmax at every rank from 1 (over the last
 * axis, and over axis 0), softmax cross-entropy from rank 2 ([N, C, d1, ..., dk], classes on axis 1).
 */
import type { Random } from '@dlspec/core';
import { caseOf, type Case } from '../op.js';
import { given, normal32 } from '../inputs.js';
import { rankShape, ranksFrom } from '../ranks.js';
import { crossEntropyOp, logSoftmaxOp, softmaxOp } from './ops.js';

const softmaxRanks = (axis: number): Case[] =>
  ranksFrom(axis === 0 ? 2 : 1).flatMap((r) =>
    [softmaxOp, logSoftmaxOp].map((op) =>
      caseOf(op, {
        name: `${op === softmaxOp ? '' : 'log-'}rank-${r}${axis === 0 ? '-axis-0' : ''}`,
        description: `Rank coverage: ${op === softmaxOp ? 'softmax' : 'log-softmax'} of a rank-${r} input [${rankShape(r).join(', ')}] over ${axis === 0 ? 'axis 0' : 'the last axis'}.`,
        params: { axis: axis === 0 ? 0 : -1 },
        seed: 200 + r,
        inputs: (rnd: Random) => ({ z: normal32(rnd, rankShape(r), 3) }),
        tolerance: 'f32-op',
      }),
    ),
  );

export const SOFTMAX_RANK_CASES: Case[] = [
  ...softmaxRanks(-1),
  ...softmaxRanks(0),
  ...ranksFrom(2).map((r) => {
    // Classes on axis 1: [2, 4, 3, 2, ...]; labels are z's shape without it.
    const shape = rankShape(r, 2).map((d, k) => (k === 1 ? 4 : d));
    const labelsShape = [shape[0] as number, ...shape.slice(2)];
    return caseOf(crossEntropyOp, {
      name: `xent-rank-${r}`,
      description: `Rank coverage: softmax cross-entropy of rank-${r} logits [${shape.join(', ')}] (classes on axis 1) against class-index labels [${labelsShape.join(', ')}], the mean cost.`,
      params: {},
      seed: 220 + r,
      inputs: (rnd) => ({ z: normal32(rnd, shape, 3), labels: given(labelsShape, Array.from({ length: labelsShape.reduce((a, d) => a * d, 1) }, () => rnd.int(0, 3))) }),
      tolerance: 'f32-op',
    });
  }),
];
