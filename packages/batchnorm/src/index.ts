export * as spec from './spec.js';
export { batchNormTrain, batchNormInference, batchNormBackward, geometry } from './model.js';
export type { BatchNormOptions, BatchNormTrainTensors, BatchNormGradients, BatchNormSaved } from './model.js';
export { BatchNorm } from './layer.js';
export type { BatchNormLayerOptions } from './layer.js';
export { PROFILES, resolveProfile, weightOnOld, runningVarianceInput } from './profiles.js';
export type { ProfileName, RunningStatsProfile } from './profiles.js';
