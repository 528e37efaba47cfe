/**
 * Rank coverage of the batch-norm family: training, inference and backward at every rank from 2
 * (examples and features; features on the last axis), and running statistics for batches of each
 * such rank ([K, ...batch]).
 */
import type { Random } from '@dlspec/core';
import { PROFILES } from '@dlspec/batchnorm';
import { caseOf, type Case } from '../op.js';
import { given, normal32 } from '../inputs.js';
import { rankShape, ranksFrom } from '../ranks.js';
import { backwardOp, forwardInferenceOp, forwardTrainOp, runningStatsOp } from './ops.js';

const n = 3;
const scaleShift = (r: Random) => ({ gamma: normal32(r, [n], 0.5, 1), beta: normal32(r, [n], 0.5) });
const constant = (v: number) => given([n], [v, v, v]);

export const BATCHNORM_RANK_CASES: Case[] = ranksFrom(2).flatMap((r) => {
  const shape = rankShape(r, n);
  const about = `a rank-${r} batch [${shape.join(', ')}], features on the last axis`;
  return [
    caseOf(forwardTrainOp, {
      name: `train-rank-${r}`,
      description: `Rank coverage: training mode on ${about}.`,
      params: { epsilon: 1e-3 },
      seed: 240 + r,
      inputs: (rnd) => ({ z: normal32(rnd, shape, 2, 0.5), ...scaleShift(rnd) }),
      tolerance: 'f32-op',
    }),
    caseOf(forwardInferenceOp, {
      name: `inference-rank-${r}`,
      description: `Rank coverage: test time on ${about}.`,
      params: { epsilon: 1e-3 },
      seed: 250 + r,
      inputs: (rnd) => ({ z: normal32(rnd, shape, 2, 0.5), ...scaleShift(rnd), mean: normal32(rnd, [n], 0.5), variance: given([n], [0.5, 1.25, 2]) }),
      tolerance: 'f32-op',
    }),
    caseOf(backwardOp, {
      name: `backward-rank-${r}`,
      description: `Rank coverage: the backward pass on ${about}.`,
      params: { epsilon: 1e-3 },
      seed: 260 + r,
      inputs: (rnd) => ({ z: normal32(rnd, shape, 2, 0.5), ...scaleShift(rnd), dzTilde: normal32(rnd, shape) }),
      tolerance: 'f32-op',
    }),
    caseOf(runningStatsOp, {
      name: `running-stats-rank-${r}`,
      description: `Rank coverage: running statistics (keras profile, momentum 0.9) after each of K = 3 mini-batches, each ${about}.`,
      profile: 'keras',
      params: { momentum: 0.9, epsilon: PROFILES.keras.defaultEpsilon },
      seed: 270 + r,
      inputs: (rnd) => ({ batches: normal32(rnd, [3, ...shape], 1.5, 2), mean0: constant(0), variance0: constant(1) }),
      tolerance: 'f32-trajectory',
    }),
  ];
});
