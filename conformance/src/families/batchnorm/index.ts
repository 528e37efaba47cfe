import type { Family } from '../op.js';
import { BATCHNORM_CASES } from './cases.js';
import { BATCHNORM_RANK_CASES } from './rank-cases.js';
import { BATCHNORM_OPS } from './ops.js';
import { BATCHNORM_SUBJECTS } from './subjects.js';

export const batchnorm: Family = { name: 'batchnorm', generator: '@dlspec/batchnorm', ops: BATCHNORM_OPS, cases: [...BATCHNORM_CASES, ...BATCHNORM_RANK_CASES], subjects: BATCHNORM_SUBJECTS };
