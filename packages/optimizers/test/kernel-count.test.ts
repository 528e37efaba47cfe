/**
 * A composed step runs no more kernels than the tfjs built-in of the same rule and configuration
 * (tf.profile's kernel list of one step, after a first step that makes the kept scalars), for
 * every rule bench/optimizers.bench.mjs compares with tf.train; nor more passes over W's elements
 * (kernels whose output has W's size), and fewer for the rules folded to fewer (update-rules.ts:
 * Adam's course form, Adadelta). On cpu and wasm.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { TFJS_BACKENDS } from '@dlspec/core/testing';
import { Optimizer } from '../src/optimizer.js';
import type { OptimizerConfig } from '../src/config.js';

const alpha = 0.01;
const SAME_RULE: Array<[string, OptimizerConfig, () => tf.Optimizer]> = [
  ['gd', { optimizer: 'gd', learningRate: alpha }, () => tf.train.sgd(alpha)],
  ['momentum', { optimizer: 'momentum', learningRate: alpha, beta: 0.9, momentumForm: 'accumulate' }, () => tf.train.momentum(alpha, 0.9, false)],
  ['nesterov', { optimizer: 'nesterov', learningRate: alpha, beta: 0.9, momentumForm: 'accumulate' }, () => tf.train.momentum(alpha, 0.9, true)],
  ['rmsprop', { optimizer: 'rmsprop', learningRate: alpha, beta2: 0.9, epsilon: 1e-7, epsilonPlacement: 'inside' }, () => tf.train.rmsprop(alpha, 0.9, 0, 1e-7, false)],
  ['adam', { optimizer: 'adam', learningRate: alpha, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, adamForm: 'course' }, () => tf.train.adam(alpha, 0.9, 0.999, 1e-7)],
  ['adamax', { optimizer: 'adamax', learningRate: alpha, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, () => tf.train.adamax(alpha, 0.9, 0.999, 1e-7, 0)],
  ['adagrad', { optimizer: 'adagrad', learningRate: alpha, epsilon: 1e-7, epsilonPlacement: 'inside', initialAccumulator: 0.1 }, () => tf.train.adagrad(alpha, 0.1)],
  ['adadelta', { optimizer: 'adadelta', learningRate: alpha, rho: 0.95, epsilon: 1e-7 }, () => tf.train.adadelta(alpha, 0.95, 1e-7)],
];

/** Rules whose composed step makes fewer passes over W's elements than tf.train's. */
const FEWER_PASSES = new Set(['rmsprop', 'adam', 'adadelta']);
const n = 64;

/** The kernels one call of f runs (read at once: tf.profile reuses its result object), and how many have an output of W's size. */
const kernelsOf = async (f: () => void) => {
  const { kernels } = await tf.profile(f);
  return { names: kernels.map((k) => k.name), passes: kernels.filter((k) => k.outputShapes.some((s) => tf.util.sizeFromShape(s as number[]) === n)).length };
};

describe.each(TFJS_BACKENDS)('kernels per composed step on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  for (const [name, config, builtin] of SAME_RULE) {
    it(`${name}: no more than tf.train's`, async () => {
      const [ours, theirs, g] = [tf.variable(tf.ones([n])), tf.variable(tf.ones([n])), tf.fill([n], 0.5)];
      const [opt, tfOpt] = [new Optimizer(config), builtin()];
      opt.step([ours], [g]);
      tfOpt.applyGradients({ [theirs.name]: g });
      const mine = await kernelsOf(() => opt.step([ours], [g]));
      const tfs = await kernelsOf(() => tfOpt.applyGradients({ [theirs.name]: g }));
      const lists = `ours: ${mine.names.join(' ')}; tf.train: ${tfs.names.join(' ')}`;
      expect(mine.names.length, lists).toBeLessThanOrEqual(tfs.names.length);
      if (FEWER_PASSES.has(name)) expect(mine.passes, lists).toBeLessThan(tfs.passes);
      else expect(mine.passes, lists).toBeLessThanOrEqual(tfs.passes);
      opt.dispose();
      tfOpt.dispose();
      if (tfOpt.getClassName() === 'Momentum') (tfOpt as unknown as { c: tf.Tensor }).c.dispose(); // tfjs 4.22 leaves it
      tf.dispose([ours, theirs, g]);
    });
  }
});
