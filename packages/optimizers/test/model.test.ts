import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, float32Array, tensor64, TIERS, type Tensor64 } from '@dlspec/core';
import { learningRates } from '../src/decay-tf.js';
import { learningRateAt } from '../src/decay.js';
import { NETWORK_PARAMS, trainNetwork, type NetworkParams } from '../src/network.js';
import { BatchNormNetwork } from '../src/network-model.js';
import { Optimizer } from '../src/optimizer.js';
import { configFor } from '../src/profiles.js';
import { updateTrajectory } from '../src/spec.js';
import { CONFIGS } from './configs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = createRandom(123);
const data = (n: number, s = 1, o = 0) => Array.from(float32Array(Array.from({ length: n }, () => o + s * random.normal())));
const passes = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  const c = compareValues(got, want, TIERS['f32-trajectory']);
  expect(c.pass, `worst ${JSON.stringify(c.worst)} maxRel ${c.maxRelError}`).toBe(true);
};
/** A trainable variable from plain values, without leaving the initial tensor behind. */
const variable = (values: number[] | number, name?: string): tf.Variable => {
  const t = tf.tensor(values);
  const v = tf.variable(t, true, name);
  t.dispose();
  return v;
};
async function noLeak(fn: () => void | Promise<void>) {
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors).toBe(before);
}


describe('tfjs reference optimizers on the cpu backend, against the float64 spec', () => {
  for (const [name, config] of CONFIGS) {
    it(`${name}: 150 open-loop steps`, () =>
      noLeak(() => {
        const [T, n] = [150, 5];
        const grads = data(T * n);
        const w0 = data(n);
        const W = variable(w0);
        const opt = new Optimizer(config);
        const got: number[] = [];
        for (let t = 0; t < T; t++) {
          const g = tf.tensor1d(grads.slice(t * n, (t + 1) * n));
          opt.step([W], [g]);
          g.dispose();
          got.push(...W.dataSync());
        }
        passes(got, updateTrajectory(config, tensor64([n], w0), tensor64([T, n], grads)).data);
        opt.dispose();
        W.dispose();
      }));
  }

  it("minimizes the lecture's cost with Adam(0.1) in 1000 steps to 5, written both ways", () =>
    noLeak(() => {
      const opt = new Optimizer({ optimizer: 'adam', learningRate: 0.1 });
      const w = variable(0);
      for (let i = 0; i < 1000; i++) tf.dispose(opt.minimize(() => tf.tidy(() => tf.add(tf.sub(tf.square(w), tf.mul(10, w)), 25)) as tf.Scalar, [w]));
      expect(w.dataSync()[0]).toBeCloseTo(5, 3);
      opt.dispose();
      // The placeholder version: cost = x[0] w^2 + x[1] w + x[2] with coefficients fed as data.
      const x = tf.tensor1d([1, -10, 25]);
      const opt2 = new Optimizer({ optimizer: 'adam', learningRate: 0.1 });
      const w2 = variable(0);
      const [x0, x1, x2] = tf.unstack(x);
      for (let i = 0; i < 1000; i++) tf.dispose(opt2.minimize(() => tf.tidy(() => tf.add(tf.add(tf.mul(x0!, tf.square(w2)), tf.mul(x1!, w2)), x2!)) as tf.Scalar, [w2]));
      expect(w2.dataSync()[0]).toBeCloseTo(5, 3);
      opt2.dispose();
      tf.dispose([w, w2, x, x0!, x1!, x2!]);
    }));

  it('a schedule changes the learning rate between epochs', () =>
    noLeak(() => {
      const schedule = { schedule: 'inverse_time', alpha0: 0.2, decayRate: 1 } as const;
      const opt = new Optimizer({ optimizer: 'gd', learningRate: 0.2 }, { schedule });
      const W = variable([0]);
      const g = tf.tensor1d([1]);
      const alphas: number[] = [];
      for (let epoch = 1; epoch <= 4; epoch++) {
        opt.setEpoch(epoch);
        alphas.push(opt.learningRate);
        opt.step([W], [g]);
      }
      expect(alphas).toEqual([1, 2, 3, 4].map((e) => learningRateAt(schedule, e)));
      expect(W.dataSync()[0]).toBeCloseTo(-alphas.reduce((a, b) => a + b), 6);
      const epochs = tf.tensor1d([1, 2, 3, 4]);
      const onTf = learningRates(schedule, epochs);
      passes(onTf.dataSync(), alphas);
      expect(() => opt.setEpoch(0)).toThrow(/^epoch must be an integer >= 1/);
      tf.dispose([W, g, epochs, onTf]);
      opt.dispose();
    }));

  it('trains the batch-norm network like the float64 spec, and dispose frees every variable', () =>
    noLeak(() => {
      const [m, n0, n1, C] = [16, 4, 6, 3];
      const X = data(m * n0);
      const Y = Array.from({ length: m }, (_, i) => [0, 1, 2].map((c) => (c === i % C ? 1 : 0))).flat();
      const shapes: NetworkParams<number[]> = { W1: [n0, n1], gamma1: [n1], beta1: [n1], W2: [n1, C], gamma2: [C], beta2: [C] };
      const init = Object.fromEntries(NETWORK_PARAMS.map((k) => [k, data(shapes[k].reduce((a, b) => a * b, 1), 0.5, k.startsWith('gamma') ? 1 : 0)])) as NetworkParams<number[]>;
      const config = configFor('course', 'adam', { learningRate: 0.01 });
      const want = trainNetwork(
        tensor64([m, n0], X), tensor64([m, C], Y),
        Object.fromEntries(NETWORK_PARAMS.map((k) => [k, tensor64(shapes[k], init[k])])) as NetworkParams<Tensor64>,
        config, 15, 1e-3,
      );
      const tX = tf.tensor2d(X, [m, n0]);
      const tY = tf.tensor2d(Y, [m, C]);
      const p0 = Object.fromEntries(NETWORK_PARAMS.map((k) => [k, tf.tensor(init[k], shapes[k])])) as NetworkParams<tf.Tensor>;
      const net = new BatchNormNetwork(p0, { epsilon: 1e-3 });
      tf.dispose(Object.values(p0));
      const opt = new Optimizer(config);
      const cost = net.train(tX, tY, opt, 15);
      passes(cost.dataSync(), want.cost.data);
      const params = net.params();
      for (const k of NETWORK_PARAMS) passes(params[k].dataSync(), want.params[k].data);
      tf.dispose([cost, tX, tY]);
      opt.dispose();
      net.dispose();
    }));

  it('refuses gradients of the wrong shape and bad hyperparameters, naming them', () =>
    noLeak(() => {
      const W = variable([0, 0, 0], 'w');
      const g = tf.zeros([2]);
      const opt = new Optimizer({ optimizer: 'gd', learningRate: 0.1 });
      expect(() => opt.step([W], [g])).toThrow(/^grads\[w\] must have the shape of the variable \[3\]; got shape \[2\]/);
      expect(() => new Optimizer({ optimizer: 'adam', learningRate: 0.1, beta2: 1.5 })).toThrow(/^beta2 must be in \[0, 1\); got 1.5/);
      expect(() => new Optimizer({ optimizer: 'gd', learningRate: 0.1 }, { schedule: { schedule: 'exponential', alpha0: 0.1, decayRate: -1 } })).toThrow(/^decayRate must be/);
      opt.dispose();
      tf.dispose([W, g]);
    }));
});
