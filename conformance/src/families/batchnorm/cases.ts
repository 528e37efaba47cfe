/**
 * The batch-norm family's golden cases. Expectations come from the ops (@dlspec/batchnorm's
 * float64 spec) unless a case computes them another way on purpose.
 */
import type { Random } from '@dlspec/core';
import { PROFILES } from '@dlspec/batchnorm';
import { caseOf, type Case } from '../op.js';
import { given, normal32 } from '../inputs.js';
import { backwardOp, forwardInferenceOp, forwardTrainOp, linearForwardTrainOp, runningStatsOp } from './ops.js';

/** gamma around 1 and beta around 0, float32-exact. */
const scaleShift = (r: Random, n: number) => ({ gamma: normal32(r, [n], 0.5, 1), beta: normal32(r, [n], 0.5) });
const constant = (n: number, v: number) => given([n], new Array(n).fill(v));
/** Positive float32 variances. */
const variances = (r: Random, n: number) => given([n], Array.from(normal32(r, [n]).data, (v) => 0.25 + v * v));

type TrainCase = Case<typeof forwardTrainOp>;

const train = (name: string, description: string, seed: number, shape: number[], epsilon: number, extra: Partial<Omit<TrainCase, 'op'>> = {}, axis = -1): TrainCase =>
  caseOf(forwardTrainOp, {
    name,
    description,
    params: { epsilon, axis },
    seed,
    inputs: (r) => ({ z: normal32(r, shape, 2, 0.5), ...scaleShift(r, shape[axis === -1 ? shape.length - 1 : axis] as number) }),
    tolerance: 'f32-op',
    ...extra,
  });

const inference = (name: string, description: string, seed: number, shape: number[], offset: number, axis = -1): Case<typeof forwardInferenceOp> => {
  const n = shape[axis === -1 ? shape.length - 1 : axis] as number;
  return caseOf(forwardInferenceOp, {
    name,
    description,
    params: { epsilon: 1e-3, axis },
    seed,
    inputs: (r) => ({ z: normal32(r, shape, 2, offset), ...scaleShift(r, n), mean: normal32(r, [n], 0.5), variance: variances(r, n) }),
    tolerance: 'f32-op',
  });
};

/** Largest float32 summation error of a mean of m values of magnitude M, in any order: (m - 1) 2^-24 M. */
const meanRounding = (m: number, M: number) => (m - 1) * 2 ** -24 * M;

const linearParams = { epsilon: 1e-3 };

export const BATCHNORM_CASES: Case[] = [
  train('train-2d', 'A mini-batch of 32 examples by 8 features, gamma and beta random, eps 1e-3 (the tfjs default).', 41, [32, 8], 1e-3),
  train('train-2d-eps-1e-5', 'The same shape with eps 1e-5 (the PyTorch and ONNX default).', 42, [32, 8], 1e-5),
  train('train-2d-standard', 'gamma = 1 and beta = 0: zTilde = zNorm (for layers without scale or center).', 43, [16, 4], 1e-3, {
    inputs: (r) => ({ z: normal32(r, [16, 4], 2, 0.5), gamma: constant(4, 1), beta: constant(4, 0) }),
  }),
  train('train-one-example', 'A batch of one example: sigma2 = 0, and eps alone keeps zNorm = 0 / sqrt(eps) finite; zTilde = beta.', 44, [1, 6], 1e-3),
  train('train-constant-features', 'Features 0 and 2 constant over the batch: their variance is 0 and zNorm 0.', 45, [16, 4], 1e-3, {
    inputs: (r) => {
      const z = normal32(r, [16, 4], 2);
      return { z: { shape: z.shape, data: z.data.map((v, i) => (i % 4 === 0 ? 3.5 : i % 4 === 2 ? -2 : v)) }, ...scaleShift(r, 4) };
    },
  }),
  train('train-large-offset', 'Features 1e3 + N(0, 1): a one-pass variance E[z^2] - E[z]^2 loses every digit in float32 (E[z^2] ~ 1e6, ulp 0.06); the two-pass form keeps them.', 46, [64, 4], 1e-3, {
    inputs: (r) => ({ z: normal32(r, [64, 4], 1, 1e3), ...scaleShift(r, 4) }),
    outputTolerance: Object.fromEntries(
      ['zNorm', 'zTilde'].map((k) => [
        k,
        {
          rtol: 1e-5,
          atol: 4e-3,
          reason: `mu of 64 float32 values near 1e3 carries up to (m - 1) 2^-24 1e3 = ${meanRounding(64, 1e3).toExponential(2)} of summation rounding in any float32 order; zNorm = (z - mu) / sigma inherits it divided by sigma (about 1), and zTilde times gamma (about 1). mean and variance keep f32-op.`,
        },
      ]),
    ),
  }),
  train('train-4d-channels-last', 'A channels-last [N, H, W, C] = [2, 5, 5, 3] batch: statistics over N, H and W.', 47, [2, 5, 5, 3], 1e-3),
  train('train-4d-channels-first', 'A channels-first [N, C, H, W] = [2, 3, 4, 4] batch normalized along axis 1.', 48, [2, 3, 4, 4], 1e-3, {}, 1),
  inference('inference-2d', 'Test time: 16 examples normalized by given (running) statistics.', 51, [16, 8], 0.5),
  inference('inference-one-example', 'A single test-time example (m = 1), normalized by running statistics: no batch statistics exist.', 52, [1, 8], 0.5),
  inference('inference-4d-channels-last', 'Test time on a channels-last [2, 4, 4, 3] batch.', 53, [2, 4, 4, 3], 0),
  inference('inference-4d-channels-first', 'Test time on a channels-first [2, 3, 4, 4] batch, statistics along axis 1.', 54, [2, 3, 4, 4], 0, 1),
  {
    ...inference('inference-2d-standard', 'Test time with gamma = 1 and beta = 0 (for layers without scale or center).', 55, [16, 4], 0.5),
    inputs: (r: Random) => ({ z: normal32(r, [16, 4], 2, 0.5), gamma: constant(4, 1), beta: constant(4, 0), mean: normal32(r, [4], 0.5), variance: variances(r, 4) }),
  },
  ...(
    [
      ['backward-2d', 'dz, dgamma, dbeta for 32 examples by 8 features, in the compact form.', [32, 8], 61, -1],
      ['backward-one-example', 'A batch of one example: dz = 0 (zNorm is constant), dgamma = 0, dbeta = dzTilde.', [1, 6], 62, -1],
      ['backward-4d-channels-last', 'The backward pass on a channels-last [2, 4, 4, 3] batch.', [2, 4, 4, 3], 63, -1],
    ] as const
  ).map(([name, description, shape, seed, axis]) =>
    caseOf(backwardOp, {
      name,
      description,
      params: { epsilon: 1e-3, axis },
      seed,
      inputs: (r) => ({ z: normal32(r, [...shape], 2, 0.5), ...scaleShift(r, shape[shape.length - 1] as number), dzTilde: normal32(r, [...shape]) }),
      tolerance: 'f32-op',
    }),
  ),
  ...Object.values(PROFILES).map((p, k) =>
    caseOf(runningStatsOp, {
      name: `running-stats-${p.name}`,
      description: `Running statistics after each of K = 6 mini-batches [8, 4] under the ${p.name} profile (${p.frameworks}), momentum ${p.defaultMomentum}, from mean 0 and variance 1.`,
      profile: p.name,
      params: { momentum: p.defaultMomentum, epsilon: p.defaultEpsilon },
      seed: 71 + k,
      inputs: (r) => ({ batches: normal32(r, [6, 8, 4], 1.5, 2), mean0: constant(4, 0), variance0: constant(4, 1) }),
      // Each step folds a float32 statistic into a running float32 value: rounding accumulates over K steps.
      tolerance: 'f32-trajectory',
    }),
  ),
  caseOf(runningStatsOp, {
    name: 'running-stats-keras-momentum-0.9',
    description: 'The keras profile with momentum 0.9 instead of its default 0.99: the layer option must be honoured.',
    profile: 'keras',
    params: { momentum: 0.9, epsilon: 1e-3 },
    seed: 75,
    inputs: (r) => ({ batches: normal32(r, [6, 8, 4], 1.5, 2), mean0: constant(4, 0), variance0: constant(4, 1) }),
    tolerance: 'f32-trajectory',
  }),
  ...(
    [
      ['onnx-channels-first', 'onnx', 1, [5, 2, 3, 4, 4], 'ONNX BatchNormalization in training mode on channels-first [N, C, H, W] = [2, 3, 4, 4] batches: statistics per channel on axis 1, over N, H and W.'],
      ['keras-channels-first', 'keras', 1, [5, 2, 3, 4, 4], 'tf.layers.batchNormalization({axis: 1}) on channels-first [2, 3, 4, 4] batches, momentum 0.9.'],
      ['keras-channels-last', 'keras', -1, [4, 2, 4, 4, 3], 'Channels-last [N, H, W, C] = [2, 4, 4, 3] batches: statistics per channel over N, H and W, momentum 0.9.'],
      ['pytorch-ncd', 'pytorch', 1, [4, 3, 5, 6], 'PyTorch BatchNorm1d on [N, C, L] = [3, 5, 6] batches (axis 1): the unbiased variance of m = N L = 18 values per channel, momentum 0.1.'],
    ] as const
  ).map(([name, profile, axis, shape, description], k) =>
    caseOf(runningStatsOp, {
      name: `running-stats-${name}`,
      description,
      profile,
      params: { momentum: profile === 'pytorch' ? 0.1 : 0.9, epsilon: PROFILES[profile].defaultEpsilon, axis },
      seed: 76 + k,
      inputs: (r) => {
        const n = shape[axis === -1 ? shape.length - 1 : axis + 1] as number;
        return { batches: normal32(r, [...shape], 1.5, 2), mean0: constant(n, 0), variance0: constant(n, 1) };
      },
      tolerance: 'f32-trajectory',
    }),
  ),
  ...(['no-bias', 'with-bias'] as const).map((variant, k) =>
    caseOf(linearForwardTrainOp, {
      name: `linear-${variant}`,
      description:
        variant === 'no-bias'
          ? 'Fitting batch norm into a network: z = X W with no bias (beta takes its role), then batch norm.'
          : 'The same network with a bias b before batch norm: the expected zNorm and zTilde are those of the network without b, because the mean subtraction cancels b (the lecture); only z and the mean move by b.',
      params: linearParams,
      seed: 81,
      inputs: (r) => ({
        X: normal32(r, [16, 6]),
        W: normal32(r, [6, 4], 0.5),
        ...scaleShift(r, 4),
        ...(k === 1 ? { b: given([4], [3, -5, 0.25, 40]) } : {}),
      }),
      ...(variant === 'with-bias'
        ? {
            outputTolerance: Object.fromEntries(
              ['zNorm', 'zTilde'].map((k) => [
                k,
                {
                  rtol: 1e-5,
                  atol: 5e-5,
                  reason: `b cancels in exact arithmetic, not in float32: z + b is rounded at |z + b| <= 42 (half an ulp, 2^-19 = 1.9e-6) and its mean is summed at that scale ((m - 1) 2^-24 42 = ${meanRounding(16, 42).toExponential(2)} worst case); divided by the smallest sigma here (0.77), zNorm may move by up to 5e-5, and zTilde by gamma (about 1) times that.`,
                },
              ]),
            ),
            // z and the mean from the network with b; zNorm and zTilde from the same network without it.
            expected: (inputs) => {
              const withB = linearForwardTrainOp.expect(inputs, linearParams, undefined);
              const { b: _b, ...noBias } = inputs;
              const without = linearForwardTrainOp.expect(noBias, linearParams, undefined);
              return { ...withB, zNorm: without.zNorm, zTilde: without.zTilde };
            },
          }
        : {}),
      tolerance: 'f32-op',
    }),
  ),
];
