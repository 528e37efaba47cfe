/** The browser-safe part (no Node built-ins): distributions, float64 transforms, the tfjs transform. */
export { uniform, logUniform, reverseLogUniform, intUniform, quantized, choice, LAST_U } from './distributions.js';
export type { Distribution, Continuous, Kind } from './distributions.js';
export { transform, distributionOf, TRANSFORMS } from './spec.js';
export type { TransformParams, TransformName } from './spec.js';
export { transformTensor } from './tensor.js';
