import * as tf from '@tensorflow/tfjs-core';
import { checkFloat32, checkTensor, ShapeError } from '@dlspec/core';
import { checkSchedule, type Schedule } from './decay.js';

/**
 * The decay schedules of decay.ts on tfjs ops: alpha for a whole tensor of epochs at once, on any
 * backend (pow, sqrt and floor are where GPU backends may depart from float64). The epochs' values
 * are not read back (that would block on some backends): integers >= 1 are the caller's to give.
 */
export function learningRates(schedule: Schedule, epoch: tf.Tensor1D): tf.Tensor1D {
  const s = checkSchedule(schedule);
  for (const key of ['alpha0', 'decayRate', 'k', 'interval'] as const) checkFloat32(key, s[key]);
  if (checkTensor('epoch', epoch, ['float32', 'int32']).rank !== 1) throw new ShapeError('epoch', epoch.shape, 'must be [E], one epoch per entry');
  return tf.tidy(() => {
    const e = tf.cast(epoch, 'float32');
    const ratio = tf.div(e, s.interval);
    const p = s.staircase ? tf.floor(ratio) : ratio;
    const pow = (exponent: tf.Tensor) => tf.pow(tf.scalar(s.decayRate), exponent);
    switch (s.schedule) {
      case 'constant':
        return tf.fill(epoch.shape, s.alpha0) as tf.Tensor1D;
      case 'inverse_time':
        return tf.div(s.alpha0, tf.add(1, tf.mul(e, s.decayRate))) as tf.Tensor1D;
      case 'exponential':
        return tf.mul(pow(e), s.alpha0) as tf.Tensor1D;
      case 'inverse_sqrt':
        return tf.mul(tf.div(s.k, tf.sqrt(e)), s.alpha0) as tf.Tensor1D;
      case 'staircase':
        return tf.mul(pow(tf.floor(ratio)), s.alpha0) as tf.Tensor1D;
      case 'keras_exponential':
        return tf.mul(pow(p), s.alpha0) as tf.Tensor1D;
      case 'keras_inverse_time':
        return tf.div(s.alpha0, tf.add(1, tf.mul(p, s.decayRate))) as tf.Tensor1D;
    }
  });
}
