import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, float32Array, tensor64, TIERS } from '@dlspec/core';
import * as spec from '../src/spec.js';
import { logSoftmax, softmax, softmaxCrossEntropy, softmaxCrossEntropyChecked } from '../src/model.js';
import { SoftmaxRegression } from '../src/regression.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Run fn, check that it leaves no tensor behind, and return its value. */
function noLeak<T>(fn: () => T): T {
  const before = tf.memory().numTensors;
  const value = fn();
  expect(tf.memory().numTensors).toBe(before);
  return value;
}

const random = createRandom(2024);
// tfjs takes number[] or Float32Array, not Float64Array.
const randomData = (n: number, scale = 3) => Array.from(float32Array(Array.from({ length: n }, () => scale * random.normal())));

describe('tfjs reference models on the cpu backend, against the float64 spec', () => {
  it('softmax and logSoftmax on every axis', () => {
    const shape = [3, 4, 5];
    const data = randomData(60);
    for (const axis of [0, 1, 2, -1]) {
      noLeak(() => {
        const z = tf.tensor(data, shape);
        const a = softmax(z, axis);
        const logp = logSoftmax(z, axis);
        expect(compareValues(a.dataSync(), spec.softmax(tensor64(shape, data), axis).data, TIERS['f32-op']).pass).toBe(true);
        expect(compareValues(logp.dataSync(), spec.logSoftmax(tensor64(shape, data), axis).data, TIERS['f32-op']).pass).toBe(true);
        tf.dispose([z, a, logp]);
      });
    }
  });
  it('differentiates through softmax and logSoftmax with their closed-form gradients', () => {
    noLeak(() => {
      const zData = randomData(12);
      const yData = [0, 1, 0, 0, 0.25, 0.25, 0.25, 0.25, 1, 0, 0, 0];
      const [z, y] = [tf.tensor2d(zData, [3, 4]), tf.tensor2d(yData, [3, 4])];
      const want = spec.softmaxCrossEntropy(tensor64([3, 4], zData), tensor64([3, 4], yData)).dz.data;
      const viaLog = tf.grad((x: tf.Tensor) => tf.div(tf.neg(tf.sum(tf.mul(y, logSoftmax(x, 1)))), 3))(z);
      const viaSoftmax = tf.grad((x: tf.Tensor) => tf.div(tf.neg(tf.sum(tf.mul(y, tf.log(softmax(x, -1))))), 3))(z);
      const viaLoss = tf.grad((x: tf.Tensor) => softmaxCrossEntropy(x as tf.Tensor2D, y).cost)(z);
      for (const g of [viaLog, viaSoftmax, viaLoss]) expect(compareValues(g.dataSync(), want, TIERS['f32-op']).pass).toBe(true);
      tf.dispose([z, y, viaLog, viaSoftmax, viaLoss]);
    });
  });
  it('softmax cross-entropy with label smoothing', () => {
    noLeak(() => {
      const zData = randomData(12);
      const yData = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0.5, 0.5];
      const z = tf.tensor2d(zData, [3, 4]);
      const y = tf.tensor2d(yData, [3, 4]);
      const got = softmaxCrossEntropy(z, y, { labelSmoothing: 0.2 });
      const want = spec.softmaxCrossEntropy(tensor64([3, 4], zData), tensor64([3, 4], yData), 0.2);
      expect(compareValues(got.loss.dataSync(), want.loss.data, TIERS['f32-op']).pass).toBe(true);
      expect(compareValues(got.cost.dataSync(), want.cost.data, TIERS['f32-op']).pass).toBe(true);
      expect(compareValues(got.dz.dataSync(), want.dz.data, TIERS['f32-op']).pass).toBe(true);
      tf.dispose([z, y, got.loss, got.cost, got.dz]);
    });
  });
  it('refuses labels that are not distributions, naming the row, and leaks nothing doing so', async () => {
    const before = tf.memory().numTensors;
    const z = tf.zeros([2, 2]) as tf.Tensor2D;
    const y = tf.tensor2d([1, 0, 0.7, 0.7], [2, 2]);
    await expect(softmaxCrossEntropyChecked(z, y)).rejects.toThrow(/^y\[1\] must sum to 1/);
    await expect(softmaxCrossEntropyChecked(z, tf.tensor2d([1, 0], [1, 2]))).rejects.toThrow(/^y must have the shape of z/);
    expect(() => softmax(z, 5)).toThrow(/^axis must be/);
    expect(() => softmaxCrossEntropy(z, y, { labelSmoothing: -0.1 })).toThrow(/^labelSmoothing must be in \[0, 1\]; got -0.1/);
    tf.dispose([z, y]);
    expect(tf.memory().numTensors).toBe(before + 1); // the [1, 2] literal above, owned by this test
  });
  it('computes log-softmax of a dominant class over 1000 classes to f32-op', () => {
    noLeak(() => {
      const data = Array.from({ length: 1000 }, (_, k) => (k === 0 ? 12 : Math.fround(-Math.abs(randomData(1)[0] as number))));
      const z = tf.tensor2d(data, [1, 1000]);
      const logp = logSoftmax(z);
      const want = spec.logSoftmax(tensor64([1, 1000], data)).data;
      expect(compareValues(logp.dataSync(), want, TIERS['f32-op']).pass).toBe(true);
      tf.dispose([z, logp]);
    });
  });
  it('softmax regression follows the spec trajectory and dispose frees everything', () => {
    noLeak(() => {
      const X = randomData(8 * 3, 1);
      const Y = Array.from({ length: 8 }, (_, i) => [0, 1, 2].map((c) => (c === i % 3 ? 1 : 0))).flat();
      const W0 = randomData(9, 0.1);
      const b0 = [0, 0, 0];
      const want = spec.softmaxRegressionTrain(tensor64([8, 3], X), tensor64([8, 3], Y), tensor64([3, 3], W0), tensor64([3], b0), 0.5, 25);
      const [tX, tY, tW, tb] = [tf.tensor2d(X, [8, 3]), tf.tensor2d(Y, [8, 3]), tf.tensor2d(W0, [3, 3]), tf.tensor1d(b0)];
      const model = new SoftmaxRegression(tW, tb, { learningRate: 0.5 });
      const cost = model.train(tX, tY, 25);
      expect(compareValues(cost.dataSync(), want.cost.data, TIERS['f32-trajectory']).pass).toBe(true);
      expect(compareValues(model.W.dataSync(), want.W.data, TIERS['f32-trajectory']).pass).toBe(true);
      expect(compareValues(model.b.dataSync(), want.b.data, TIERS['f32-trajectory']).pass).toBe(true);
      model.dispose();
      tf.dispose([cost, tX, tY, tW, tb]);
    });
  });
  it('refuses a bad learning rate and mismatched X', () => {
    noLeak(() => {
      const W0 = tf.zeros([2, 2]) as tf.Tensor2D;
      const b0 = tf.zeros([2]) as tf.Tensor1D;
      expect(() => new SoftmaxRegression(W0, b0, { learningRate: NaN })).toThrow(/^learningRate must be a finite number > 0; got NaN/);
      const model = new SoftmaxRegression(W0, b0, { learningRate: 0.1 });
      const X = tf.zeros([4, 3]) as tf.Tensor2D;
      expect(() => model.logits(X)).toThrow(/^X must have n = 2 columns/);
      model.dispose();
      tf.dispose([W0, b0, X]);
    });
  });
});
