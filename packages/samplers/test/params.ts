import type { TRANSFORMS, TransformParams } from '../src/spec.js';

/** Good params for each distribution of sample_transform; q only on the quantized ones. */
export const PARAMS: Record<(typeof TRANSFORMS)[number], TransformParams> = {
  uniform: { distribution: 'uniform', low: -1, high: 3 },
  log_uniform: { distribution: 'log_uniform', low: 1e-4, high: 1 },
  reverse_log_uniform: { distribution: 'reverse_log_uniform', low: 0.9, high: 0.999 },
  int_uniform: { distribution: 'int_uniform', low: 50, high: 100 },
  quantized_uniform: { distribution: 'quantized_uniform', low: 16, high: 256, q: 16 },
  quantized_log_uniform: { distribution: 'quantized_log_uniform', low: 1, high: 1024, q: 8 },
};
