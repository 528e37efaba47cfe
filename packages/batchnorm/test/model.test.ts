import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, float32Array, tensor64, TIERS } from '@dlspec/core';
import * as spec from '../src/spec.js';
import { batchNormBackward, batchNormInference, batchNormTrain } from '../src/model.js';
import { BatchNorm } from '../src/layer.js';
import { PROFILES, type ProfileName } from '../src/profiles.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = createRandom(99);
const data = (n: number, scale = 1, offset = 0) => Array.from(float32Array(Array.from({ length: n }, () => offset + scale * random.normal())));
const close = (got: tf.Tensor, want: { data: Float64Array }, tier: 'f32-op' | 'f32-trajectory' = 'f32-op') => {
  const c = compareValues(got.dataSync(), want.data, TIERS[tier]);
  expect(c.pass, `worst ${JSON.stringify(c.worst)}`).toBe(true);
};

async function noLeak(fn: () => void | Promise<void>) {
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors).toBe(before);
}

describe('tfjs batch norm on the cpu backend, against the float64 spec', () => {
  for (const [name, shape, axis] of [['[m, n]', [16, 5], -1], ['channels-last', [2, 3, 3, 4], -1], ['channels-first', [2, 3, 2, 2], 1]] as const) {
    it(`train, inference and backward agree with the spec, ${name}`, () =>
      noLeak(() => {
        const size = shape.reduce((a: number, b: number) => a * b, 1);
        const n = shape[axis === -1 ? shape.length - 1 : axis] as number;
        const [zd, gd, bd, dyd] = [data(size, 2, 1), data(n, 0.5, 1), data(n), data(size)];
        const [z, gamma, beta, dy] = [tf.tensor(zd, [...shape]), tf.tensor1d(gd), tf.tensor1d(bd), tf.tensor(dyd, [...shape])];
        const z64 = tensor64(shape, zd);
        const [g64, b64] = [tensor64([n], gd), tensor64([n], bd)];
        const got = batchNormTrain(z, gamma, beta, { epsilon: 1e-3, axis });
        const want = spec.forwardTrain(z64, g64, b64, 1e-3, axis);
        close(got.mean, want.mu);
        close(got.variance, want.sigma2);
        close(got.zNorm, want.zNorm);
        close(got.zTilde, want.zTilde);
        const inf = batchNormInference(z, gamma, beta, got.mean, got.variance, { epsilon: 1e-3, axis });
        close(inf, want.zTilde);
        const grads = batchNormBackward(z, gamma, dy, { epsilon: 1e-3, axis });
        const wantGrads = spec.backward(z64, g64, tensor64(shape, dyd), 1e-3, axis);
        close(grads.dz, wantGrads.dz);
        close(grads.dgamma, wantGrads.dgamma);
        close(grads.dbeta, wantGrads.dbeta);
        tf.dispose([z, gamma, beta, dy, ...Object.values(got), inf, ...Object.values(grads)]);
      }));
  }

  for (const profile of Object.keys(PROFILES) as ProfileName[]) {
    it(`the BatchNorm layer moves its running statistics by the ${profile} profile`, () =>
      noLeak(() => {
        const [K, m, n] = [5, 8, 3];
        const batches = data(K * m * n, 2, 3);
        const layer = new BatchNorm({ size: n, profile });
        for (let k = 0; k < K; k++) {
          const z = tf.tensor2d(batches.slice(k * m * n, (k + 1) * m * n), [m, n]);
          tf.dispose([layer.apply(z, { training: true }), z]);
        }
        const want = spec.runningStats(tensor64([K, m, n], batches), tensor64([n], [0, 0, 0]), tensor64([n], [1, 1, 1]), PROFILES[profile].defaultMomentum, profile);
        close(layer.runningMean, { data: want.runningMean.data.slice((K - 1) * n) }, 'f32-trajectory');
        close(layer.runningVariance, { data: want.runningVariance.data.slice((K - 1) * n) }, 'f32-trajectory');
        layer.dispose();
      }));
  }

  it('tf.grad through the layer in training mode gives the compact backward of the spec', () =>
    noLeak(() => {
      const [zd, dyd] = [data(24, 3), data(24)];
      const gamma0 = tf.tensor1d([1, 2, 0.5, -1]);
      const layer = new BatchNorm({ size: 4, epsilon: 1e-3, gamma: gamma0 });
      gamma0.dispose(); // the layer keeps its own copy
      const [z, dy] = [tf.tensor2d(zd, [6, 4]), tf.tensor2d(dyd, [6, 4])];
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(z, { training: true }), dy)) as tf.Scalar, [layer.gamma, layer.beta]);
      const dz = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layer.apply(x, { training: true }), dy)))(z);
      const want = spec.backward(tensor64([6, 4], zd), tensor64([4], [1, 2, 0.5, -1]), tensor64([6, 4], dyd), 1e-3);
      close(dz, want.dz);
      close(grads[layer.gamma.name]!, want.dgamma);
      close(grads[layer.beta.name]!, want.dbeta);
      tf.dispose([z, dy, dz, value, ...Object.values(grads)]);
      layer.dispose();
    }));

  it('a bias before the layer changes nothing after normalization (on float32 too)', () =>
    noLeak(() => {
      const [X, W] = [tf.tensor2d(data(40), [10, 4]), tf.tensor2d(data(12), [4, 3])];
      const b = tf.tensor1d([3, -5, 40]);
      const layer = new BatchNorm({ size: 3, epsilon: 1e-5 });
      const plain = tf.tidy(() => layer.apply(tf.matMul(X, W), { training: true }));
      const biased = tf.tidy(() => layer.apply(tf.add(tf.matMul(X, W), b), { training: true }));
      const c = compareValues(biased.dataSync(), Float64Array.from(plain.dataSync()), { rtol: 1e-5, atol: 1e-4 });
      expect(c.pass).toBe(true);
      tf.dispose([X, W, b, plain, biased]);
      layer.dispose();
    }));

  it('refuses bad input by name and leaks nothing doing so', () =>
    noLeak(() => {
      const z = tf.zeros([4, 3]);
      const g3 = tf.ones([3]) as tf.Tensor1D;
      const g2 = tf.ones([2]) as tf.Tensor1D;
      expect(() => batchNormTrain(z, g2, g3, { epsilon: 1e-3 })).toThrow(/^gamma must be \[n\] = \[3\]/);
      expect(() => batchNormTrain(z, g3, g2, { epsilon: 1e-3 })).toThrow(/^beta must be \[n\] = \[3\]/);
      expect(() => batchNormTrain(z, g3, g3, { epsilon: 0 })).toThrow(/^epsilon must be a finite number > 0; got 0/);
      const empty = tf.zeros([0, 3]);
      expect(() => batchNormTrain(empty, g3, g3, { epsilon: 1e-3 })).toThrow(/^z must not be empty/);
      empty.dispose();
      expect(() => new BatchNorm({ size: 3, momentum: -0.1 })).toThrow(/^momentum must be in \[0, 1\]; got -0.1/);
      expect(() => new BatchNorm({ size: 3, profile: 'caffe' as ProfileName })).toThrow(/^profile must be one of/);
      expect(() => new BatchNorm({ size: 3, gamma: g2 })).toThrow(/^gamma must be \[n\] = \[3\]/);
      const pt = new BatchNorm({ size: 3, profile: 'pytorch' });
      const one = tf.zeros([1, 3]);
      expect(() => pt.apply(one, { training: true })).toThrow(/^z must have at least 2 examples per feature/);
      pt.dispose();
      tf.dispose([z, g3, g2, one]);
    }));
});
