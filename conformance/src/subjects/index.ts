import { batchnormSubjects } from './batchnorm.js';
import { optimizersSubjects } from './optimizers.js';
import { samplersSubjects } from './samplers.js';
import { softmaxSubjects } from './softmax.js';
import type { Subject } from './types.js';

/** Every subject, by op. A new family adds its list here. */
export const SUBJECTS: readonly Subject[] = [...softmaxSubjects, ...batchnormSubjects, ...optimizersSubjects, ...samplersSubjects];

export function subjectsFor(op: string, registry: readonly Subject[] = SUBJECTS): Subject[] {
  return registry.filter((s) => s.op === op);
}
