/**
 * Rank coverage of the batch-norm family: training, inference and backward at every rank from 2
 * (examples and features; features on the last axis), and running statistics for batches of each
 * such rank ([K, ...batch]).
 */
import { createRandom, type Random } from '@dlspec/core';
import { PROFILES } from '@dlspec/batchnorm';
import { caseOf, type Case } from '../op.js';
import { given, normal32 } from '../inputs.js';
import { rankShape, ranksFrom } from '../ranks.js';
import { backwardOp, forwardInferenceOp, forwardTrainOp, runningStatsOp } from './ops.js';

const n = 3;
const scaleShift = (r: Random) => ({ gamma: normal32(r, [n], 0.5, 1), beta: normal32(r, [n], 0.5) });
const constant = (v: number) => given([n], [v, v, v]);

/**
 * The backward pass at rank r. dbeta = sum dzTilde and dgamma = sum dzTilde zNorm add m terms of
 * either sign that largely cancel (m up to 432 here), so their float32 sums carry rounding far above
 * f32-op's atol in any summation order: at most (m - 1) 2^-24 sum |term| (the classic bound), with
 * sum |dzTilde zNorm| <= sqrt(m sum dzTilde^2) since sum zNorm^2 <= m. The bounds are computed from
 * the case's own inputs; dz keeps f32-op.
 */
function backwardCase(r: number, shape: number[], about: string): Case {
  const seed = 260 + r;
  const inputs = (rnd: Random) => ({ z: normal32(rnd, shape, 2, 0.5), ...scaleShift(rnd), dzTilde: normal32(rnd, shape) });
  const dy = inputs(createRandom(seed)).dzTilde.data;
  const m = dy.length / n;
  const perFeature = (f: (v: number) => number) => Array.from({ length: n }, (_, j) => dy.reduce((s, v, i) => (i % n === j ? s + f(v) : s), 0));
  // Rounded up to two significant digits, so the written bound is never below the computed one.
  const bound = (sums: number[]) => {
    const b = Math.max(...sums) * (m - 1) * 2 ** -24;
    const step = 10 ** (Math.floor(Math.log10(b)) - 1);
    return Number((Math.ceil(b / step) * step).toPrecision(2));
  };
  const dbetaAtol = bound(perFeature(Math.abs));
  const dgammaAtol = bound(perFeature((v) => v * v).map((s) => Math.sqrt(m * s)));
  const why = (name: string, atol: number) =>
    `${name} sums m = ${m} terms of either sign: float32 summation in any order is off by at most (m - 1) 2^-24 sum |term| = ${atol.toExponential(2)} for these inputs${name === 'dgamma' ? ' (sum |dzTilde zNorm| <= sqrt(m sum dzTilde^2))' : ''}, above f32-op's atol 1e-6.`;
  return caseOf(backwardOp, {
    name: `backward-rank-${r}`,
    description: `Rank coverage: the backward pass on ${about}.`,
    params: { epsilon: 1e-3 },
    seed,
    inputs,
    tolerance: 'f32-op',
    outputTolerance: {
      dbeta: { rtol: 1e-5, atol: dbetaAtol, reason: why('dbeta', dbetaAtol) },
      dgamma: { rtol: 1e-5, atol: dgammaAtol, reason: why('dgamma', dgammaAtol) },
    },
  });
}

export const BATCHNORM_RANK_CASES: Case[] = ranksFrom(2).flatMap((r) => {
  // At rank 2 the examples axis has 8 entries: with 2, zNorm is +-1 and dz a bare cancellation.
  const shape = rankShape(r, n).map((d, k) => (r === 2 && k === 0 ? 8 : d));
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
    backwardCase(r, shape, about),
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
