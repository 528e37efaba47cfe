/** The failure paths issue 11 names for this package, one test each. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DlspecError, InvalidArgumentError } from '@dlspec/core';
import { NETWORK_PARAMS, type NetworkParams } from '../src/network.js';
import { BatchNormNetwork } from '../src/network-model.js';
import { Optimizer } from '../src/optimizer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A trainable variable from plain values, without leaving the initial tensor behind. */
const variable = (values: number[], name?: string): tf.Variable => tf.tidy(() => tf.variable(tf.tensor1d(values), true, name));

describe('issue 11 examples (optimizers)', () => {
  it('step([w1, w2], [g, disposedG]) changes nothing and throws a typed error naming the gradient', () => {
    const [w1, w2] = [variable([1, 1]), variable([2, 2])];
    const g = tf.ones([2]);
    const disposedG = tf.ones([2]);
    disposedG.dispose();
    const opt = new Optimizer({ optimizer: 'gd', learningRate: 0.1 });
    const before = tf.memory().numTensors;
    expect(() => opt.step([w1, w2], [g, disposedG])).toThrow(DlspecError);
    expect(() => opt.step([w1, w2], [g, disposedG])).toThrow(new RegExp(`^grads\\[${w2.name}\\] has been disposed`));
    expect(Array.from(w1.dataSync())).toEqual([1, 1]);
    expect(opt.iterations).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    tf.dispose([w1, w2, g]);
  });

  it('step([w, w], [g, g]) refuses the repeated variable instead of applying the update twice', () => {
    const w = variable([1]);
    const g = tf.ones([1]);
    const opt = new Optimizer({ optimizer: 'gd', learningRate: 0.1 });
    expect(() => opt.step([w, w], [g, g])).toThrow(InvalidArgumentError);
    expect(() => opt.step([w, w], [g, g])).toThrow(/^variables\[1\] must not repeat variables\[0\]/);
    expect(w.dataSync()[0]).toBe(1);
    opt.step([w], [g]);
    expect(w.dataSync()[0]).toBeCloseTo(0.9, 6);
    opt.dispose();
    tf.dispose([w, g]);
  });

  it('state follows the variable, not its name: a new variable of the same name starts fresh and the old state is freed', () => {
    const opt = new Optimizer({ optimizer: 'momentum', learningRate: 1, beta: 0.9 });
    const w = variable([0], 'w-reused');
    const g = tf.ones([1]);
    opt.step([w], [g]); // v = 0.1 for the first w
    w.dispose();
    const atDispose = tf.memory().numTensors;
    const again = variable([0], 'w-reused');
    const zero = tf.zeros([1]);
    opt.step([again], [zero]);
    expect(again.dataSync()[0]).toBe(0); // no momentum carried over from the disposed w
    // The disposed w's state is gone; the new variable's state replaces it (same number of tensors).
    expect(tf.memory().numTensors).toBe(atDispose + 2);
    again.dispose();
    const wide = variable([0, 0, 0], 'w-reused');
    const g3 = tf.ones([3]);
    opt.step([wide], [g3]); // another shape: a fresh state, not tfjs's "shape of the new value" error
    expect(Array.from(wide.dataSync()).map((x) => Number(x.toFixed(6)))).toEqual([-0.1, -0.1, -0.1]);
    opt.dispose();
    tf.dispose([g, zero, wide, g3]);
  });

  it('minimize leaks no loss when it throws, and a reused name no longer makes it throw', () => {
    const opt = new Optimizer({ optimizer: 'adam', learningRate: 0.1 });
    const w = variable([1], 'w-minimize');
    tf.dispose(opt.minimize(() => tf.sum(tf.square(w)), [w]));
    w.dispose();
    const wide = variable([1, 2], 'w-minimize');
    const before = tf.memory().numTensors;
    const loss = opt.minimize(() => tf.sum(tf.square(wide)), [wide]);
    loss.dispose();
    expect(tf.memory().numTensors).toBe(before); // the new state in, the disposed w's out
    const atThrow = tf.memory().numTensors;
    expect(() => opt.minimize(() => tf.square(wide) as unknown as tf.Scalar, [wide])).toThrow(/^f must return a scalar/);
    const other = variable([3]);
    expect(() => opt.minimize(() => tf.sum(tf.square(other)), [wide])).toThrow(/^f must return a scalar that depends on/);
    expect(tf.memory().numTensors).toBe(atThrow + 1);
    opt.dispose();
    tf.dispose([wide, other]);
  });

  it('the BatchNormNetwork constructor leaks nothing when it refuses epsilon 0 or a wrong gamma shape', () => {
    const shapes: NetworkParams<number[]> = { W1: [4, 3], gamma1: [3], beta1: [3], W2: [3, 2], gamma2: [2], beta2: [2] };
    const p0 = Object.fromEntries(NETWORK_PARAMS.map((k) => [k, tf.ones(shapes[k])])) as NetworkParams<tf.Tensor>;
    const before = tf.memory().numTensors;
    expect(() => new BatchNormNetwork(p0, { epsilon: 0 })).toThrow(/^epsilon must be a finite number > 0; got 0/);
    expect(tf.memory().numTensors).toBe(before);
    const badGamma = tf.ones([3]);
    expect(() => new BatchNormNetwork({ ...p0, gamma2: badGamma }, { epsilon: 1e-3 })).toThrow(/^gamma2 must be \[2\]/);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([...Object.values(p0), badGamma]);
  });
});
