import type { Family } from '../op.js';
import { OPTIMIZERS_CASES } from './cases.js';
import { OPTIMIZERS_OPS } from './ops.js';
import { OPTIMIZERS_SUBJECTS } from './subjects.js';

export const optimizers: Family = { name: 'optimizers', generator: '@dlspec/optimizers', ops: OPTIMIZERS_OPS, cases: OPTIMIZERS_CASES, subjects: OPTIMIZERS_SUBJECTS };
