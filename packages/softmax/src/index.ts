export * as spec from './spec.js';
export {
  softmax,
  logSoftmax,
  softmaxCrossEntropy,
  softmaxCrossEntropyChecked,
  sparseSoftmaxCrossEntropy,
  sparseSoftmaxCrossEntropyChecked,
  assertLabelDistributions,
  assertClassIndices,
} from './model.js';
export type { SoftmaxOptions, CrossEntropyOptions, SparseCrossEntropyOptions, CrossEntropyTensors } from './model.js';
export { SoftmaxRegression } from './regression.js';
export type { SoftmaxRegressionOptions } from './regression.js';
export { LABEL_SUM_TOLERANCE, REDUCTIONS } from './validate.js';
export type { Reduction } from './validate.js';
export { registerSoftmaxKernels, softmaxKernelFor } from './kernels/register.js';
