/**
 * The composed step's number operands are scalar tensors (kept-scalars.ts: the config's kept across
 * steps, the step's own made once per step) and a multiply by exactly 1 is skipped: the values stay
 * those of plain tfjs ops bit for bit (tf.train's SGD and momentum take the same ops), the count of
 * tensors stays flat from the first step on, also while alpha moves, and dispose() frees them all.
 * On cpu and wasm.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '@dlspec/core';
import { TFJS_BACKENDS } from '@dlspec/core/testing';
import { Optimizer } from '../src/optimizer.js';
import type { OptimizerConfig } from '../src/config.js';

const random = createRandom(5);
const values = (n: number, s = 1) => Array.from({ length: n }, () => s * random.normal());
const variable = (v: number[]) => tf.tidy(() => tf.variable(tf.tensor1d(v)));

describe.each(TFJS_BACKENDS)('kept scalars on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  const alpha = 0.01;
  const SAME_AS_TF_TRAIN: Array<[string, OptimizerConfig, () => tf.Optimizer]> = [
    ['gd', { optimizer: 'gd', learningRate: alpha }, () => tf.train.sgd(alpha)],
    ['momentum', { optimizer: 'momentum', learningRate: alpha, beta: 0.9, momentumForm: 'accumulate' }, () => tf.train.momentum(alpha, 0.9, false)],
    ['nesterov', { optimizer: 'nesterov', learningRate: alpha, beta: 0.9, momentumForm: 'accumulate' }, () => tf.train.momentum(alpha, 0.9, true)],
  ];
  for (const [name, config, builtin] of SAME_AS_TF_TRAIN) {
    it(`${name}: 30 steps give tf.train's values bit for bit`, () => {
      const w0 = values(257);
      const [ours, theirs] = [variable(w0), variable(w0)];
      const [opt, tfOpt] = [new Optimizer(config), builtin()];
      for (let t = 0; t < 30; t++) {
        const g = tf.tensor1d(values(257, 0.3));
        opt.step([ours], [g]);
        tfOpt.applyGradients({ [theirs.name]: g });
        g.dispose();
      }
      expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
      opt.dispose();
      tfOpt.dispose();
      if (tfOpt.getClassName() === 'Momentum') (tfOpt as unknown as { c: tf.Tensor }).c.dispose(); // tfjs 4.22 leaves it
      tf.dispose([ours, theirs]);
    });
  }

  it('the count of tensors stays flat over steps whose alpha moves, and dispose() frees the scalars', () => {
    const before = tf.memory().numTensors;
    const w = variable(values(16));
    const g = tf.tensor1d(values(16));
    // Adam's epsilon-hat form folds t into alpha; the schedule moves it again at every epoch.
    const opt = new Optimizer({ optimizer: 'adam', learningRate: 0.1, adamForm: 'epsilon-hat' }, { schedule: { schedule: 'inverse_time', alpha0: 0.1, decayRate: 1 } });
    opt.step([w], [g]);
    const afterFirst = tf.memory().numTensors;
    expect(afterFirst).toBeGreaterThan(before + 2 + 2); // w, g, Adam's v and s, and the kept scalars
    for (let epoch = 2; epoch < 12; epoch++) {
      opt.setEpoch(epoch);
      opt.step([w], [g]);
      expect(tf.memory().numTensors).toBe(afterFirst);
    }
    opt.dispose();
    tf.dispose([w, g]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('kept scalars across a change of backend', () => {
  it('a step after tf.setBackend makes its scalars on the new backend and frees the old', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const w0 = values(8);
    const g0 = values(8);
    const w = variable(w0);
    const opt = new Optimizer({ optimizer: 'momentum', learningRate: 0.5, beta: 0.9 });
    const g = tf.tensor1d(g0);
    opt.step([w], [g]);
    const count = tf.memory().numTensors;
    await tf.setBackend('wasm');
    opt.step([w], [g]);
    expect(tf.memory().numTensors).toBe(count);
    expect(Array.from(w.dataSync()).every(Number.isFinite)).toBe(true);
    opt.dispose();
    tf.dispose([w, g]);
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
  });
});
