/**
 * Sampler throughput for a log-uniform learning rate in [1e-4, 1]. Scalar: 100k draws of
 * logUniform(...).sample(random) against the same formula written inline, 10^(a + (b - a) u),
 * from the same seeded Random (the difference is our checks and clamp). Tensor: transformTensor
 * on 1M uniforms against the same tfjs ops written inline (pow, clip).
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '@dlspec/core';
import { logUniform, transformTensor } from '@dlspec/samplers/distributions';

export const family = 'samplers';

const [low, high] = [1e-4, 1];
const [a, b] = [Math.log10(low), Math.log10(high)];
const DRAWS = 100_000;
const N = 1 << 20;

export function rows() {
  return [
    {
      name: `logUniform scalar, ${DRAWS / 1000}k draws`,
      shape: `${DRAWS}`,
      setup: () => ({ d: logUniform(low, high), r1: createRandom(1), r2: createRandom(1) }),
      builtin: (c) => {
        let s = 0;
        for (let k = 0; k < DRAWS; k++) s += 10 ** (a + (b - a) * c.r1.uniform());
        return s;
      },
      ours: (c) => {
        let s = 0;
        for (let k = 0; k < DRAWS; k++) s += c.d.sample(c.r2);
        return s;
      },
    },
    {
      name: 'transformTensor log_uniform',
      shape: '1M',
      setup: () => ({ u: tf.randomUniform([N], 0, 1, 'float32', 7) }),
      builtin: (c) => tf.tidy(() => tf.clipByValue(tf.pow(tf.scalar(10), tf.add(a, tf.mul(c.u, b - a))), low, high)),
      ours: (c) => transformTensor({ distribution: 'log_uniform', low, high }, c.u),
      teardown: (c) => c.u.dispose(),
    },
  ];
}
