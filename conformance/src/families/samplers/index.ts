import type { Family } from '../op.js';
import { SAMPLERS_CASES } from './cases.js';
import { SAMPLERS_OPS } from './ops.js';
import { SAMPLERS_SUBJECTS } from './subjects.js';

export const samplers: Family = { name: 'samplers', generator: '@dlspec/samplers', ops: SAMPLERS_OPS, cases: SAMPLERS_CASES, subjects: SAMPLERS_SUBJECTS };
