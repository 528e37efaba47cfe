export * as spec from './spec.js';
export { softmax, logSoftmax, softmaxCrossEntropy, softmaxCrossEntropyChecked, assertLabelDistributions } from './model.js';
export type { CrossEntropyOptions, CrossEntropyTensors } from './model.js';
export { SoftmaxRegression } from './regression.js';
export type { SoftmaxRegressionOptions } from './regression.js';
export { LABEL_SUM_TOLERANCE } from './validate.js';
