/** Every family. A new family is one folder (copy families/softmax/) and one line here. */
import { batchnorm } from './batchnorm/index.js';
import type { Family } from './op.js';
import { optimizers } from './optimizers/index.js';
import { samplers } from './samplers/index.js';
import { softmax } from './softmax/index.js';

export const FAMILIES: readonly Family[] = [softmax, batchnorm, optimizers, samplers];

export const FAMILY_NAMES = FAMILIES.map((f) => f.name);
