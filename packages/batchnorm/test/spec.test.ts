import { describe, expect, it } from 'vitest';
import { createRandom, InvalidArgumentError, ShapeError, tensor64, type Tensor64 } from '@dlspec/core';
import { backward, forwardInference, forwardTrain, linear, moments, runningStats } from '../src/spec.js';

const random = createRandom(7);
const randn = (shape: number[], scale = 1, offset = 0): Tensor64 =>
  tensor64(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + scale * random.normal()));
const ones = (n: number) => tensor64([n], new Array(n).fill(1));
const zerosN = (n: number) => tensor64([n], new Array(n).fill(0));

describe('batch norm forward (float64 spec)', () => {
  it('gives zero mean and unit variance per feature (up to eps), then gamma and beta', () => {
    const z = randn([64, 5], 3, 2);
    const { zNorm } = forwardTrain(z, ones(5), zerosN(5), 1e-12);
    const { mu, sigma2 } = moments(zNorm);
    for (let j = 0; j < 5; j++) {
      expect(Math.abs(mu.data[j] as number)).toBeLessThan(1e-14);
      expect(sigma2.data[j]).toBeCloseTo(1, 10);
    }
  });
  it('gives back z with gamma = sqrt(sigma2 + eps) and beta = mu (the lecture)', () => {
    const z = randn([16, 4], 2, -1);
    const eps = 1e-3;
    const { mu, sigma2 } = moments(z);
    const gamma = tensor64([4], sigma2.data.map((s) => Math.sqrt(s + eps)));
    const { zTilde } = forwardTrain(z, gamma, mu, eps);
    zTilde.data.forEach((v, i) => expect(v).toBeCloseTo(z.data[i] as number, 13));
  });
  it('takes channels-last statistics over N, H and W, the same as the [N*H*W, C] reshape', () => {
    const z = randn([2, 3, 3, 4]);
    const four = forwardTrain(z, ones(4), zerosN(4), 1e-5);
    const two = forwardTrain(tensor64([18, 4], z.data), ones(4), zerosN(4), 1e-5);
    expect(Array.from(four.zTilde.data)).toEqual(Array.from(two.zTilde.data));
    expect(four.mu.shape).toEqual([4]);
  });
  it('normalizes channels-first inputs along axis 1', () => {
    const z = randn([2, 3, 2, 2]);
    const { mu } = forwardTrain(z, ones(3), zerosN(3), 1e-5, 1);
    const channel0 = [0, 1, 2, 3, 12, 13, 14, 15].map((i) => z.data[i] as number);
    expect(mu.data[0]).toBeCloseTo(channel0.reduce((a, b) => a + b) / 8, 14);
  });
  it('keeps a batch of one example finite: sigma2 = 0, zNorm = 0, zTilde = beta', () => {
    const beta = tensor64([3], [0.5, -1, 2]);
    const { sigma2, zNorm, zTilde } = forwardTrain(tensor64([1, 3], [4, 5, 6]), ones(3), beta, 1e-3);
    expect(Array.from(sigma2.data)).toEqual([0, 0, 0]);
    expect(Array.from(zNorm.data)).toEqual([0, 0, 0]);
    expect(Array.from(zTilde.data)).toEqual([0.5, -1, 2]);
  });
  it('normalizes a test-time example by the given statistics', () => {
    const eps = 2 ** -40;
    const out = forwardInference(tensor64([1, 2], [3, 3]), tensor64([2], [2, 1]), tensor64([2], [0, 1]), tensor64([2], [1, 3]), tensor64([2], [4, 1]), eps);
    expect(out.data[0]).toBeCloseTo((2 * (3 - 1)) / 2, 10); // gamma (z - mu) / sqrt(sigma2) + beta
    expect(out.data[1]).toBeCloseTo(1, 10);
  });
});

describe('fitting batch norm into a network (float64 spec)', () => {
  it('a bias b before batch norm changes nothing after normalization: beta takes its role', () => {
    const X = randn([20, 6]);
    const W = randn([6, 3]);
    const b = tensor64([3], [5, -7, 100]);
    const gamma = randn([3]);
    const beta = randn([3]);
    const without = forwardTrain(linear(X, W), gamma, beta, 1e-5);
    const withBias = forwardTrain(linear(X, W, b), gamma, beta, 1e-5);
    withBias.zTilde.data.forEach((v, i) => expect(v).toBeCloseTo(without.zTilde.data[i] as number, 11));
    withBias.mu.data.forEach((v, j) => expect(v).toBeCloseTo((without.mu.data[j] as number) + (b.data[j] as number), 11));
  });
});

describe('batch norm backward (float64 spec)', () => {
  for (const [name, shape, axis] of [['[m, n]', [6, 3], -1], ['channels-last', [2, 2, 2, 3], -1], ['channels-first', [2, 3, 2, 1], 1]] as const) {
    it(`matches central finite differences of L = sum(dzTilde * zTilde), ${name}`, () => {
      const z = randn([...shape]);
      const n = shape[axis === -1 ? shape.length - 1 : axis] as number;
      const gamma = randn([n], 1, 1);
      const beta = randn([n]);
      const dzTilde = randn([...shape]);
      const eps = 1e-3;
      const L = (zz: Tensor64, gg: Tensor64, bb: Tensor64) => forwardTrain(zz, gg, bb, eps, axis).zTilde.data.reduce((s, v, i) => s + v * (dzTilde.data[i] as number), 0);
      const bump = (t: Tensor64, k: number, h: number) => tensor64(t.shape, t.data.map((v, i) => (i === k ? v + h : v)));
      const h = 1e-6;
      const { dz, dgamma, dbeta } = backward(z, gamma, dzTilde, eps, axis);
      z.data.forEach((_, k) => expect(dz.data[k]).toBeCloseTo((L(bump(z, k, h), gamma, beta) - L(bump(z, k, -h), gamma, beta)) / (2 * h), 6));
      gamma.data.forEach((_, k) => expect(dgamma.data[k]).toBeCloseTo((L(z, bump(gamma, k, h), beta) - L(z, bump(gamma, k, -h), beta)) / (2 * h), 6));
      beta.data.forEach((_, k) => expect(dbeta.data[k]).toBeCloseTo((L(z, gamma, bump(beta, k, h)) - L(z, gamma, bump(beta, k, -h))) / (2 * h), 6));
    });
  }
});

describe('running statistics (float64 spec)', () => {
  const batches = tensor64([2, 2, 1], [1, 3, 5, 9]); // means 2, 7; biased variances 1, 4
  const mean0 = tensor64([1], [0]);
  const var0 = tensor64([1], [1]);
  it('course / keras / onnx: momentum on the old value, biased variance', () => {
    const { runningMean, runningVariance } = runningStats(batches, mean0, var0, 0.9, 'keras');
    expect(runningMean.data[0]).toBeCloseTo(0.2, 15);
    expect(runningMean.data[1]).toBeCloseTo(0.9 * 0.2 + 0.1 * 7, 15);
    expect(runningVariance.data[0]).toBeCloseTo(0.9 + 0.1 * 1, 15);
    expect(runningVariance.data[1]).toBeCloseTo(0.9 * 1 + 0.1 * 4, 15);
    expect(Array.from(runningStats(batches, mean0, var0, 0.9, 'onnx').runningVariance.data)).toEqual(Array.from(runningVariance.data));
  });
  it('pytorch: momentum on the new value, unbiased variance m / (m - 1)', () => {
    const { runningMean, runningVariance } = runningStats(batches, mean0, var0, 0.1, 'pytorch');
    expect(runningMean.data[0]).toBeCloseTo(0.9 * 0 + 0.1 * 2, 15);
    expect(runningVariance.data[0]).toBeCloseTo(0.9 * 1 + 0.1 * 2, 15); // 1 * 2 / 1
    expect(runningVariance.data[1]).toBeCloseTo(0.9 * 1.1 + 0.1 * 8, 15);
  });
  it('refuses an unknown profile, momentum outside [0, 1], one example for pytorch', () => {
    expect(() => runningStats(batches, mean0, var0, 0.9, 'caffe')).toThrow(/^profile must be one of course, keras, pytorch, onnx; got "caffe"/);
    expect(() => runningStats(batches, mean0, var0, 1.5, 'keras')).toThrow(/^momentum must be in \[0, 1\]; got 1.5/);
    expect(() => runningStats(tensor64([1, 1, 1], [1]), mean0, var0, 0.1, 'pytorch')).toThrow(/^batches must have at least 2 examples per feature/);
  });
});

describe('bad input (float64 spec)', () => {
  it('names the argument', () => {
    const z = randn([4, 3]);
    expect(() => forwardTrain(z, ones(2), zerosN(3), 1e-3)).toThrow(ShapeError);
    expect(() => forwardTrain(z, ones(2), zerosN(3), 1e-3)).toThrow(/^gamma must be \[n\] = \[3\]/);
    expect(() => forwardTrain(z, ones(3), zerosN(4), 1e-3)).toThrow(/^beta must be \[n\] = \[3\]/);
    expect(() => forwardTrain(tensor64([0, 3], []), ones(3), zerosN(3), 1e-3)).toThrow(/^z must not be empty/);
    expect(() => forwardTrain(z, ones(3), zerosN(3), 0)).toThrow(InvalidArgumentError);
    expect(() => forwardTrain(z, ones(3), zerosN(3), -1e-3)).toThrow(/^epsilon must be a finite number > 0; got -0.001/);
    expect(() => backward(z, ones(3), randn([4, 2]), 1e-3)).toThrow(/^dzTilde must have the shape of z/);
  });
});
