/**
 * The samplers family's golden cases: sample_transform for every distribution, both ends of each
 * range included, and seeded sequences pinned exactly (sample_sequence), so that the same seed
 * gives the same trials in every process, browser and platform.
 */
import type { Random, Tensor64 } from '@dlspec/core';
import { caseOf, type Case, type ParamsInputOf } from '../op.js';
import { sampleSequenceOp, sampleTransformOp } from './ops.js';

type DistributionParams = ParamsInputOf<typeof sampleTransformOp>;

/** u at both ends (0 and the largest float32 below 1), the quarters, and random float32 values in [0, 1). */
function uniforms(r: Random): Tensor64 {
  const random = Array.from({ length: 58 }, () => Math.floor(r.uniform() * 2 ** 24) / 2 ** 24);
  return { shape: [64], data: Float64Array.from([0, 2 ** -24, 0.25, 0.5, 0.75, 1 - 2 ** -24, ...random]) };
}

const DISTRIBUTIONS: Array<[name: string, params: DistributionParams, what: string]> = [
  ['uniform', { distribution: 'uniform', low: -1, high: 3 }, 'uniform on [-1, 3]'],
  ['learning-rate', { distribution: 'log_uniform', low: 1e-4, high: 1 }, "the lecture's learning rate: alpha = 10^r, r uniform on [-4, 0]"],
  ['beta', { distribution: 'reverse_log_uniform', low: 0.9, high: 0.999 }, "the lecture's averaging weight: beta = 1 - 10^r, r uniform on [-3, -1]"],
  ['layers', { distribution: 'int_uniform', low: 2, high: 4 }, 'number of layers 2..4, both ends inclusive'],
  ['hidden-units', { distribution: 'int_uniform', low: 50, high: 100 }, 'hidden units 50..100, both ends inclusive'],
  ['batch-size', { distribution: 'quantized_uniform', low: 16, high: 256, q: 16 }, 'mini-batch size: uniform on [16, 256] rounded to a multiple of 16'],
  ['units-log-q8', { distribution: 'quantized_log_uniform', low: 1, high: 1024, q: 8 }, 'log-uniform on [1, 1024] rounded to a multiple of 8'],
];

const discrete = (p: DistributionParams) => p.distribution.startsWith('int') || p.distribution.startsWith('quantized');

export const SAMPLERS_CASES: Case[] = [
  ...DISTRIBUTIONS.map(([name, p, what], k) =>
    caseOf(sampleTransformOp, {
      name: `transform-${name}`,
      description: `${what}: the transform of 64 uniforms including u = 0 (the low end) and the largest float32 below 1 (the high end).`,
      params: p,
      seed: 200 + k,
      inputs: (r) => ({ u: uniforms(r) }),
      // Integers and multiples of q are exact in float32; the continuous scales go through exp and pow.
      tolerance: discrete(p) ? 'exact' : 'f32-op',
    }),
  ),
  ...DISTRIBUTIONS.map(([name, p, what]) =>
    caseOf(sampleSequenceOp, {
      name: `sequence-${name}`,
      description: `${what}: the first 32 draws from seed 2024, pinned bit for bit (xoroshiro128+ through the transform).`,
      params: { ...p, seed: 2024, n: 32 },
      seed: 2024,
      inputs: () => ({}),
      tolerance: 'exact',
    }),
  ),
];
