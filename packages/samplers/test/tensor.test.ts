import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, TIERS } from '@dlspec/core';
import { LAST_U } from '../src/distributions.js';
import { transform, TRANSFORMS } from '../src/spec.js';
import { transformTensor } from '../src/tensor.js';
import { PARAMS } from './params.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('transformTensor on the cpu backend, against the float64 transform', () => {
  const r = createRandom(77);
  const u = [0, 2 ** -24, 0.5, 1 - 2 ** -24, ...Array.from({ length: 200 }, () => Math.fround(r.uniform()) % 1)];
  for (const name of TRANSFORMS) {
    it(name, () => {
      const before = tf.memory().numTensors;
      const t = tf.tensor1d(u);
      const got = transformTensor(PARAMS[name], t);
      const want = transform(PARAMS[name], u);
      const tier = name.startsWith('int') || name.startsWith('quantized') ? TIERS.exact : TIERS['f32-op'];
      const c = compareValues(got.dataSync(), tier === TIERS.exact ? want : want, tier);
      expect(c.pass, JSON.stringify(c.worst)).toBe(true);
      tf.dispose([t, got]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
  it('keeps the upper end inside the range', () => {
    expect(transform(PARAMS.int_uniform, [LAST_U])[0]).toBe(100);
  });
});
