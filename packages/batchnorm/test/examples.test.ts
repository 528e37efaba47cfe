/** The failure paths issue 11 names for this package, one test each. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DlspecError, ShapeError, type Tensor64 } from '@dlspec/core';
import * as spec from '../src/spec.js';
import { BatchNorm } from '../src/layer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('issue 11 examples (batch norm)', () => {
  it('spec.moments refuses data that does not fill its shape, instead of a wrong mean', () => {
    const z = { shape: [2, 3], data: Float64Array.of(1, 2, 3) } as Tensor64;
    expect(() => spec.moments(z)).toThrow(ShapeError);
    expect(() => spec.moments(z)).toThrow(/^z holds 3 values, but its shape needs 6/);
  });

  it('BatchNorm with a disposed beta throws a typed error and leaks nothing', () => {
    const beta = tf.zeros([3]) as tf.Tensor1D;
    beta.dispose();
    const before = tf.memory().numTensors;
    expect(() => new BatchNorm({ size: 3, beta })).toThrow(DlspecError);
    expect(() => new BatchNorm({ size: 3, beta })).toThrow(/^beta has been disposed/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
