/**
 * The samplers family's golden cases: sample_transform for every distribution, both ends of each
 * range included, and seeded sequences pinned exactly (sample_sequence), so that the same seed
 * gives the same trials in every process, browser and platform.
 */
import { createRandom, InvalidArgumentError, tensor64, type Random, type Tensor64 } from '@dlspec/core';
import { distributionOf, transform, type TransformParams } from '@dlspec/samplers/distributions';
import type { ParamValue } from '@dlspec/fixtures';
import type { CaseDefinition, FamilySuite } from './types.js';
import { requireInput } from './inputs.js';

const paramsOf = (p: Record<string, ParamValue>): TransformParams => p as unknown as TransformParams;

/** The pinned sequence: n draws of the distribution from createRandom(seed). */
export function sequence(p: TransformParams & { seed: number; n: number }): Tensor64 {
  const d = distributionOf(p);
  const random = createRandom(p.seed);
  return tensor64([p.n], Array.from({ length: p.n }, () => d.sample(random)));
}

function expect(op: string, inputs: Record<string, Tensor64>, params: Record<string, ParamValue>): Record<string, Tensor64> {
  switch (op) {
    case 'sample_transform': {
      const u = requireInput(inputs, 'u', op);
      return { x: tensor64(u.shape, transform(paramsOf(params), u.data)) };
    }
    case 'sample_sequence':
      return { x: sequence(params as unknown as TransformParams & { seed: number; n: number }) };
    default:
      throw new InvalidArgumentError('op', op, 'is not an op of the samplers family');
  }
}

/** u at both ends (0 and the largest float32 below 1), the quarters, and random float32 values in [0, 1). */
function uniforms(r: Random): Tensor64 {
  const random = Array.from({ length: 58 }, () => Math.floor(r.uniform() * 2 ** 24) / 2 ** 24);
  return { shape: [64], data: Float64Array.from([0, 2 ** -24, 0.25, 0.5, 0.75, 1 - 2 ** -24, ...random]) };
}

const DISTRIBUTIONS: Array<[string, TransformParams, string]> = [
  ['uniform', { distribution: 'uniform', low: -1, high: 3 }, 'uniform on [-1, 3]'],
  ['learning-rate', { distribution: 'log_uniform', low: 1e-4, high: 1 }, "the lecture's learning rate: alpha = 10^r, r uniform on [-4, 0]"],
  ['beta', { distribution: 'reverse_log_uniform', low: 0.9, high: 0.999 }, "the lecture's averaging weight: beta = 1 - 10^r, r uniform on [-3, -1]"],
  ['layers', { distribution: 'int_uniform', low: 2, high: 4 }, 'number of layers 2..4, both ends inclusive'],
  ['hidden-units', { distribution: 'int_uniform', low: 50, high: 100 }, 'hidden units 50..100, both ends inclusive'],
  ['batch-size', { distribution: 'quantized_uniform', low: 16, high: 256, q: 16 }, 'mini-batch size: uniform on [16, 256] rounded to a multiple of 16'],
  ['units-log-q8', { distribution: 'quantized_log_uniform', low: 1, high: 1024, q: 8 }, 'log-uniform on [1, 1024] rounded to a multiple of 8'],
];

const discrete = (p: TransformParams) => p.distribution.startsWith('int') || p.distribution.startsWith('quantized');

const cases: CaseDefinition[] = [
  ...DISTRIBUTIONS.map(([name, p, what], k): CaseDefinition => ({
    name: `transform-${name}`,
    op: 'sample_transform',
    description: `${what}: the transform of 64 uniforms including u = 0 (the low end) and the largest float32 below 1 (the high end).`,
    params: p as unknown as Record<string, ParamValue>,
    seed: 200 + k,
    inputs: (r) => ({ u: uniforms(r) }),
    // Integers and multiples of q are exact in float32; the continuous scales go through exp and pow.
    tolerance: discrete(p) ? 'exact' : 'f32-op',
  })),
  ...DISTRIBUTIONS.map(([name, p, what]): CaseDefinition => ({
    name: `sequence-${name}`,
    op: 'sample_sequence',
    description: `${what}: the first 32 draws from seed 2024, pinned bit for bit (xoroshiro128+ through the transform).`,
    params: { ...(p as unknown as Record<string, ParamValue>), seed: 2024, n: 32 },
    seed: 2024,
    inputs: () => ({}),
    tolerance: 'exact',
  })),
];

export const samplersSuite: FamilySuite = { family: 'samplers', generator: '@dlspec/samplers', cases, expect: (op, inputs, params) => expect(op, inputs, params) };
