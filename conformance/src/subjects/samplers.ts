/**
 * Subjects of the samplers family: our tfjs transform on the backend under test, and our seeded
 * sampler in JavaScript (float64, compared bit for bit: in a browser page as in Node).
 */
import { transformTensor, type TransformParams } from '@dlspec/samplers/distributions';
import { sequence } from '../suites/samplers.js';
import type { Subject } from './types.js';

export const samplersSubjects: Subject[] = [
  {
    name: 'dlspec.transformTensor (tfjs ops)',
    op: 'sample_transform',
    kind: 'reference',
    run: (i, f) => ({ x: transformTensor(f.params as unknown as TransformParams, i.u!) }),
  },
  {
    name: 'dlspec seeded sampler (JavaScript, float64)',
    op: 'sample_sequence',
    kind: 'reference',
    run: (_i, f) => ({ x: sequence(f.params as unknown as TransformParams & { seed: number; n: number }) }),
  },
];
