import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, float32Array, tensor64, TIERS } from '@dlspec/core';
import * as spec from '../src/spec.js';
import { lineView, meanOver, stats, sumOver, type Reduction } from '../src/model.js';

// The ones-row form is what lineView picks on webgpu; its matMul runs on any backend, so it is checked here on cpu.
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = createRandom(7);
const onesRow: Reduction = { reduce: [0], keepDims: true, onesRow: true };

describe('per-feature sums as a matMul with a row of ones (the webgpu form)', () => {
  it('gives the column sums, means, mu and sigma2 of the spec in the shape [1, n], leaking nothing', () => {
    const [m, n] = [37, 5];
    const zd = Array.from(float32Array(Array.from({ length: m * n }, () => 1 + 2 * random.normal())));
    const want = spec.forwardTrain(tensor64([m, n], zd), tensor64([n], new Array(n).fill(1)), tensor64([n], new Array(n).fill(0)), 1e-3, -1);
    const columnSums = new Float64Array(n).map((_, j) => zd.reduce((a, v, k) => (k % n === j ? a + v : a), 0));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const z = tf.tensor2d(zd, [m, n]);
      const check = (got: tf.Tensor, expected: Float64Array) => {
        expect(got.shape).toEqual([1, n]);
        const c = compareValues(got.dataSync(), expected, TIERS['f32-op']);
        expect(c.pass, `worst ${JSON.stringify(c.worst)}`).toBe(true);
      };
      check(sumOver(z, onesRow), columnSums);
      check(meanOver(z, onesRow), columnSums.map((s) => s / m));
      const { mu, sigma2 } = stats(z, onesRow);
      check(mu, want.mu.data);
      check(sigma2, want.sigma2.data);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is not what the cpu backend takes: there a per-feature tensor is [n] and tf.sum reduces', () => {
    expect(lineView([8, 3])).toEqual({ lines: [8, 3], reduce: [0], broadcast: [3], keepDims: false, n: 3, onesRow: false });
  });
});
