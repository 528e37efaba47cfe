import type { Family } from '../op.js';
import { SOFTMAX_CASES } from './cases.js';
import { SOFTMAX_RANK_CASES } from './rank-cases.js';
import { SOFTMAX_OPS } from './ops.js';
import { SOFTMAX_SUBJECTS } from './subjects.js';

export const softmax: Family = { name: 'softmax', generator: '@dlspec/softmax', ops: SOFTMAX_OPS, cases: [...SOFTMAX_CASES, ...SOFTMAX_RANK_CASES], subjects: SOFTMAX_SUBJECTS };
