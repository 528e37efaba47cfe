import log10 from '@stdlib/math-base-special-log10';
import * as tf from '@tensorflow/tfjs-core';
import { checkFloat32, checkTensor, InvalidArgumentError } from '@dlspec/core';
import { distributionOf, type TransformParams } from './spec.js';

/**
 * sample_transform on tfjs ops: map a tensor of uniforms u in [0, 1) to samples, on any backend
 * (for drawing many candidates at once). pow and floor are where GPU backends may depart. The
 * params are checked as by distributionOf, and must hold in float32; u's values are not read back
 * (that would block on some backends), and the result is kept inside [low, high] as the float64
 * transform keeps it.
 */
export function transformTensor(p: TransformParams, u: tf.Tensor): tf.Tensor {
  const d = distributionOf(p) as ReturnType<typeof distributionOf> & { low: number; high: number };
  for (const key of ['low', 'high', 'q'] as const) if (p[key] !== undefined) checkFloat32(key, p[key]);
  if (p.distribution === 'int_uniform') {
    // float32 holds every integer only up to 2^24.
    for (const key of ['low', 'high'] as const) if (Math.abs(p[key]) > 2 ** 24) throw new InvalidArgumentError(key, p[key], 'must lie within ±2^24 for int_uniform on tfjs (float32 integers are exact only that far)');
  }
  checkTensor('u', u);
  return tf.tidy(() => {
    const affine = (a: number, b: number) => tf.add(a, tf.mul(u, b - a));
    const exp10 = (r: tf.Tensor) => tf.pow(tf.scalar(10), r);
    const within = (x: tf.Tensor, low: number, high: number) => tf.clipByValue(x, low, high);
    const snap = (x: tf.Tensor, q: number) => within(tf.mul(tf.floor(tf.add(tf.div(x, q), 0.5)), q), d.low, d.high);
    switch (p.distribution) {
      case 'uniform':
        return within(affine(p.low, p.high), p.low, p.high);
      case 'log_uniform':
        return within(exp10(affine(log10(p.low), log10(p.high))), p.low, p.high);
      case 'reverse_log_uniform':
        return within(tf.sub(1, exp10(affine(log10(1 - p.low), log10(1 - p.high)))), p.low, p.high);
      case 'int_uniform': {
        const n = p.high - p.low + 1;
        return tf.add(p.low, tf.minimum(tf.floor(tf.mul(u, n)), n - 1));
      }
      case 'quantized_uniform':
        return snap(affine(p.low, p.high), p.q as number);
      default: // quantized_log_uniform (distributionOf has refused anything else)
        return snap(exp10(affine(log10(p.low), log10(p.high))), p.q as number);
    }
  });
}
