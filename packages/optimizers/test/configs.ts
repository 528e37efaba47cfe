/** Configurations the tfjs optimizer tests run: every rule, under the profiles where its conventions differ. */
import type { OptimizerConfig } from '../src/config.js';
import { configFor } from '../src/profiles.js';

export const CONFIGS: Array<[string, OptimizerConfig]> = [
  ['gd', { optimizer: 'gd', learningRate: 0.05 }],
  ['momentum (course)', configFor('course', 'momentum', { learningRate: 0.05, beta: 0.9 })],
  ['nesterov (tfjs)', configFor('tfjs', 'nesterov', { learningRate: 0.01, beta: 0.9 })],
  ['rmsprop (course)', configFor('course', 'rmsprop', { learningRate: 0.01, beta2: 0.999 })],
  ['rmsprop centered + momentum (keras)', configFor('keras', 'rmsprop', { learningRate: 0.01, beta2: 0.9, centered: true, momentum: 0.5 })],
  ['rmsprop centered (pytorch)', configFor('pytorch', 'rmsprop', { learningRate: 0.01, beta2: 0.99, centered: true })],
  ['adam (course)', configFor('course', 'adam', { learningRate: 0.01 })],
  ['adam (keras epsilon-hat)', configFor('keras', 'adam', { learningRate: 0.01 })],
  ['adamax', configFor('keras', 'adamax', { learningRate: 0.01 })],
  ['adagrad (tfjs)', configFor('tfjs', 'adagrad', { learningRate: 0.1 })],
  ['adadelta', configFor('keras', 'adadelta', { learningRate: 1, rho: 0.95 })],
];

/** The forms the onnx profile and weight decay add. */
export const ADDED_CONFIGS: Array<[string, OptimizerConfig]> = [
  ['gd, weight decay both ways', { optimizer: 'gd', learningRate: 0.05, weightDecay: 0.1, weightDecayPost: 0.01 }],
  ['momentum (onnx)', configFor('onnx', 'momentum', { learningRate: 0.05, beta: 0.9, gradientScale: 0.2, weightDecay: 0.01 })],
  ['nesterov (onnx)', configFor('onnx', 'nesterov', { learningRate: 0.01, beta: 0.9, gradientScale: 0.5 })],
  ['rmsprop (tfjs)', configFor('tfjs', 'rmsprop', { learningRate: 0.01, beta2: 0.9 })],
  ['adam (onnx, norm coefficients)', configFor('onnx', 'adam', { learningRate: 0.01, weightDecay: 0.01, weightDecayPost: 0.001 })],
  ['adagrad (onnx, decay factor)', configFor('onnx', 'adagrad', { learningRate: 0.1, decayFactor: 0.1 })],
];
