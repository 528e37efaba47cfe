/** batchnorm_running_stats on batches of any layout: statistics per feature on `axis` of each batch. */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, float32Array, ShapeError, tensor64, TIERS } from '@dlspec/core';
import { runningStats } from '../src/spec.js';
import { BatchNorm } from '../src/layer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = createRandom(3131);
const draw = (n: number) => Array.from(float32Array(Array.from({ length: n }, () => 2 + 1.5 * random.normal())));

describe('runningStats with an axis (float64 spec)', () => {
  it('gives the same statistics for a batch and its transpose, the feature axis following', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom('course', 'keras', 'pytorch', 'onnx'), (K, m, n, profile) => {
        const data = draw(K * m * n);
        // [K, m, n] with features last, and the same values as [K, n, m] with features on axis 0 of each batch.
        const transposed = Array.from({ length: K * m * n }, (_, q) => {
          const [k, j, i] = [Math.floor(q / (n * m)), Math.floor(q / m) % n, q % m];
          return data[k * m * n + i * n + j] as number;
        });
        const mean0 = tensor64([n], new Array(n).fill(0));
        const var0 = tensor64([n], new Array(n).fill(1));
        const last = runningStats(tensor64([K, m, n], data), mean0, var0, 0.5, profile);
        const first = runningStats(tensor64([K, n, m], transposed), mean0, var0, 0.5, profile, 0);
        for (const key of ['runningMean', 'runningVariance'] as const) first[key].data.forEach((v, q) => expect(v).toBeCloseTo(last[key].data[q] as number, 12));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses batches of rank < 3 and an axis outside each batch, naming them', () => {
    const one = tensor64([1], [0]);
    expect(() => runningStats(tensor64([2, 3], [1, 2, 3, 4, 5, 6]), one, one, 0.9, 'keras')).toThrow(ShapeError);
    expect(() => runningStats(tensor64([2, 3], [1, 2, 3, 4, 5, 6]), one, one, 0.9, 'keras')).toThrow(/^batches must be \[K, m, n\] or \[K, \.\.\.\]/);
    expect(() => runningStats(tensor64([1, 2, 1], [1, 2]), one, one, 0.9, 'keras', 2)).toThrow(/^axis must be an integer in \[-2, 1\] for a rank-2 input/);
  });
});

describe('the BatchNorm layer with an axis against the spec', () => {
  it('moves its running statistics per channel of [N, C, H, W] batches (axis 1) as the spec does', () => {
    const [K, shape] = [3, [2, 3, 2, 2]];
    const data = draw(K * 24);
    const want = runningStats(tensor64([K, ...shape], data), tensor64([3], [0, 0, 0]), tensor64([3], [1, 1, 1]), 0.9, 'onnx', 1);
    const layer = new BatchNorm({ size: 3, axis: 1, profile: 'onnx', momentum: 0.9 });
    for (let k = 0; k < K; k++) {
      const z = tf.tensor(data.slice(k * 24, (k + 1) * 24), shape);
      tf.dispose([layer.apply(z, { training: true }), z]);
      expect(compareValues(layer.runningMean.dataSync(), want.runningMean.data.subarray(k * 3, k * 3 + 3), TIERS['f32-trajectory']).pass).toBe(true);
      expect(compareValues(layer.runningVariance.dataSync(), want.runningVariance.data.subarray(k * 3, k * 3 + 3), TIERS['f32-trajectory']).pass).toBe(true);
    }
    layer.dispose();
  });
});
