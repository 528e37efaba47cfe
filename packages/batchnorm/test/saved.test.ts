/**
 * batchNormBackward given batchNormTrain's result (`saved`): the same gradients bit for bit as
 * from z alone, on every layout, on cpu and wasm; a bad `saved` is refused by name, leaving nothing.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '@dlspec/core';
import { TFJS_BACKENDS } from '@dlspec/core/testing';
import { batchNormBackward, batchNormTrain } from '../src/model.js';

const random = createRandom(7);
const normal = (shape: number[], scale = 1, offset = 0) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + scale * random.normal()), shape);

describe.each(TFJS_BACKENDS)('batchNormBackward with saved forward tensors on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  for (const [name, shape, axis] of [['[m, n]', [16, 5], -1], ['channels-last', [2, 3, 3, 4], -1], ['channels-first', [2, 3, 2, 2], 1], ['a constant feature', [4, 1], 0]] as const) {
    it(`gives the gradients of the plain call bit for bit, ${name}`, () => {
      const before = tf.memory().numTensors;
      const n = shape[axis < 0 ? shape.length + axis : axis] as number;
      const z = name === 'a constant feature' ? tf.fill([...shape], 3) : normal([...shape], 2, 1);
      const [gamma, beta, dy] = [normal([n], 0.5, 1) as tf.Tensor1D, normal([n]) as tf.Tensor1D, normal([...shape])];
      const options = { epsilon: 1e-3, axis };
      const fwd = batchNormTrain(z, gamma, beta, options);
      const plain = batchNormBackward(z, gamma, dy, options);
      const saved = batchNormBackward(z, gamma, dy, options, fwd);
      for (const key of ['dz', 'dgamma', 'dbeta'] as const) expect(Array.from(saved[key].dataSync()), key).toEqual(Array.from(plain[key].dataSync()));
      tf.dispose([z, gamma, beta, dy, ...Object.values(fwd), ...Object.values(plain), ...Object.values(saved)]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('refuses a bad saved argument by name, leaving nothing behind', () => {
    const [z, gamma, dy] = [normal([4, 3]), tf.ones([3]) as tf.Tensor1D, normal([4, 3])];
    const [zNorm, variance, short, wrong] = [tf.zeros([4, 3]), tf.ones([3]) as tf.Tensor1D, tf.ones([2]) as tf.Tensor1D, tf.zeros([3, 4])];
    const gone = tf.ones([3]) as tf.Tensor1D;
    gone.dispose();
    const before = tf.memory().numTensors;
    const options = { epsilon: 1e-3 };
    expect(() => batchNormBackward(z, gamma, dy, options, 5 as never)).toThrow(/^saved must be/);
    expect(() => batchNormBackward(z, gamma, dy, options, { variance } as never)).toThrow(/^saved\.zNorm /);
    expect(() => batchNormBackward(z, gamma, dy, options, { zNorm: wrong, variance })).toThrow(/^saved\.zNorm must have the shape of z \[4, 3\]/);
    expect(() => batchNormBackward(z, gamma, dy, options, { zNorm, variance: short })).toThrow(/^saved\.variance must be \[n\] = \[3\]/);
    expect(() => batchNormBackward(z, gamma, dy, options, { zNorm, variance: gone })).toThrow(/^saved\.variance /);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, gamma, dy, zNorm, variance, short, wrong]);
  });
});
