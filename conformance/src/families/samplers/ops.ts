/** The samplers family's ops (SPEC section 3): names, params, tensor keys, float64 expectations. */
import { createRandom, tensor64, type Tensor64 } from '@dlspec/core';
import { distributionOf, transform, TRANSFORMS, type TransformParams } from '@dlspec/samplers/distributions';
import { z } from 'zod';
import { defineOp } from '../op.js';
import { count, real } from '../params.js';

/** A distribution by name and bounds; q, the step, only on the quantized ones (see `refusals`). */
const distributionShape = { distribution: z.enum(TRANSFORMS), low: real(), high: real(), q: real().optional() };
type DistributionParams = z.output<z.ZodObject<typeof distributionShape>>;

/**
 * What the spec's distributionOf refuses, as [param, why], so that a fixture with such params is
 * refused when it is loaded rather than when the op runs.
 */
function refusals({ distribution, low, high, q }: DistributionParams): Array<['low' | 'high' | 'q', string]> {
  const out: Array<['low' | 'high' | 'q', string]> = [];
  if (distribution === 'int_uniform') {
    if (!Number.isSafeInteger(low)) out.push(['low', 'must be an integer for int_uniform']);
    if (!Number.isSafeInteger(high)) out.push(['high', 'must be an integer for int_uniform']);
    // Both ends are inclusive, so a single integer (low = high) is a distribution.
    if (!(low <= high)) out.push(['low', `must be at most high (${high})`]);
  } else if (!(low < high)) out.push(['low', `must be below high (${high})`]);
  // log_uniform, reverse_log_uniform and quantized_log_uniform take log10(low).
  if (distribution.includes('log_uniform') && !(low > 0)) out.push(['low', `must be > 0 for ${distribution} (a log scale)`]);
  // reverse_log_uniform takes log10(1 - high).
  if (distribution === 'reverse_log_uniform' && !(high < 1)) out.push(['high', 'must be below 1 for reverse_log_uniform (a beta scale)']);
  if (distribution.startsWith('quantized_')) {
    if (q === undefined || !(q > 0)) out.push(['q', `q (the step) must be given and > 0 for ${distribution}`]);
    // The values are the multiples of q in [low, high]: there must be one.
    else if (Math.ceil(low / q) * q > Math.floor(high / q) * q) out.push(['q', `q = ${q} leaves no multiple of q in [${low}, ${high}]`]);
  } else if (q !== undefined) out.push(['q', `q is only for quantized_uniform and quantized_log_uniform, not ${distribution}`]);
  return out;
}

const refuse = (p: DistributionParams, ctx: z.RefinementCtx) => {
  for (const [key, message] of refusals(p)) ctx.addIssue({ code: 'custom', path: [key], message, input: p[key] });
};

const transformParamsSchema = z.strictObject(distributionShape).superRefine(refuse);
const sequenceParamsSchema = z.strictObject({ ...distributionShape, seed: z.number().int(), n: count() }).superRefine(refuse);

/** The spec's TransformParams from parsed params: q only when given (no `q: undefined` key). */
export const transformParams = ({ distribution, low, high, q }: DistributionParams): TransformParams =>
  q === undefined ? { distribution, low, high } : { distribution, low, high, q };

/** The pinned sequence: n draws of the distribution from createRandom(seed). */
export function sequence(p: z.output<typeof sequenceParamsSchema>): Tensor64 {
  const d = distributionOf(transformParams(p));
  const random = createRandom(p.seed);
  return tensor64([p.n], Array.from({ length: p.n }, () => d.sample(random)));
}

export const sampleTransformOp = defineOp({
  name: 'sample_transform',
  summary: 'x = the distribution applied to uniforms u in [0, 1), elementwise and increasing in u',
  params: transformParamsSchema,
  inputs: ['u'],
  outputs: ['x'],
  expect: ({ u }, p) => ({ x: tensor64(u.shape, transform(transformParams(p), u.data)) }),
});

export const sampleSequenceOp = defineOp({
  name: 'sample_sequence',
  summary: 'x = the first n draws of the distribution from the seeded generator createRandom(seed) (xoroshiro128+)',
  params: sequenceParamsSchema,
  inputs: [],
  outputs: ['x'],
  expect: (_inputs, p) => ({ x: sequence(p) }),
});

export const SAMPLERS_OPS = [sampleTransformOp, sampleSequenceOp] as const;
