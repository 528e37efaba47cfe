/**
 * Subjects of the samplers family: our tfjs transform on the backend under test, and our seeded
 * sampler in JavaScript (float64, compared bit for bit: in a browser page as in Node).
 */
import { transformTensor } from '@dlspec/samplers/distributions';
import { subjectOf, type Subject } from '../op.js';
import { sampleSequenceOp, sampleTransformOp, sequence, transformParams } from './ops.js';

export const SAMPLERS_SUBJECTS: Subject[] = [
  subjectOf(sampleTransformOp, {
    name: 'dlspec.transformTensor (tfjs ops)',
    kind: 'reference',
    run: (i, f) => ({ x: transformTensor(transformParams(f.params), i.u) }),
  }),
  subjectOf(sampleSequenceOp, {
    name: 'dlspec seeded sampler (JavaScript, float64)',
    kind: 'reference',
    run: (_i, f) => ({ x: sequence(f.params) }),
  }),
];
