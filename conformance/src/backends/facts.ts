import * as tf from '@tensorflow/tfjs';

/**
 * What the active tfjs backend says about its own arithmetic: the epsilon it adds by default
 * (tf.train.adam, adagrad and adadelta use it) and, where it has one, the result of its float
 * precision probe (tfjs-backend-webgl renders 1e-8 and reports 16 bits if that underflows).
 */
export function backendFacts(): Record<string, unknown> {
  const backend = tf.backend();
  return { backendEpsilon: backend.epsilon(), backendFloatPrecision: backend.floatPrecision() };
}
