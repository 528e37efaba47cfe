/** The failure paths issue 11 names for this package, one test each. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DlspecError, ShapeError, type Tensor64 } from '@dlspec/core';
import * as spec from '../src/spec.js';
import { SoftmaxRegression } from '../src/regression.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('issue 11 examples (softmax)', () => {
  it('spec.softmax refuses data that does not fill its shape, instead of returning NaN', () => {
    const z = { shape: [2, 3], data: [1, 2] } as unknown as Tensor64;
    expect(() => spec.softmax(z)).toThrow(ShapeError);
    expect(() => spec.softmax(z)).toThrow(/^z holds 2 values, but its shape needs 6/);
  });

  it('SoftmaxRegression.step after dispose() throws a typed error and leaves no tensor', () => {
    const [W0, b0] = [tf.zeros([2, 2]) as tf.Tensor2D, tf.zeros([2]) as tf.Tensor1D];
    const [X, Y] = [tf.ones([3, 2]) as tf.Tensor2D, tf.tensor2d([1, 0, 0, 1, 1, 0], [3, 2])];
    const model = new SoftmaxRegression(W0, b0, { learningRate: 0.1 });
    model.dispose();
    const before = tf.memory().numTensors;
    expect(() => model.step(X, Y)).toThrow(DlspecError);
    expect(() => model.step(X, Y)).toThrow(/^SoftmaxRegression has been disposed/);
    expect(() => model.logits(X)).toThrow(/^SoftmaxRegression has been disposed/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([W0, b0, X, Y]);
  });
});
