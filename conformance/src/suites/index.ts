import { batchnormSuite } from './batchnorm.js';
import { optimizersSuite } from './optimizers.js';
import { samplersSuite } from './samplers.js';
import { softmaxSuite } from './softmax.js';
import type { FamilySuite } from './types.js';

/** Every family's suite. A new family adds one line here. */
export const SUITES: readonly FamilySuite[] = [softmaxSuite, batchnormSuite, optimizersSuite, samplersSuite];

export const FAMILIES = SUITES.map((s) => s.family);
