/**
 * One optimizer step on a single variable of 1M and 10M parameters: dlspec's Optimizer against the
 * tfjs built-in that expresses the same rule (tf.train.*), with the same hyperparameters. `bytes`
 * is the least memory traffic the rule needs per step (W, dW and its state slots, each read and
 * written once, float32), to compare with the machine's copy bandwidth. Where the backend has
 * dlspec's fused update kernel (cpu, wasm with SIMD, webgl, webgpu), each rule also runs with { fused: true }.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedKernelFor, Optimizer, registerFusedKernels } from '@dlspec/optimizers';
import { probe } from './lib/probe.mjs';

export const family = 'optimizers';

const alpha = 0.01;
/** Each rule, our config, the built-in, and how many float32 arrays of W's size a fused step reads + writes. */
export const RULES = [
  { rule: 'gd', config: { optimizer: 'gd' }, builtin: () => tf.train.sgd(alpha), arrays: 3 },
  { rule: 'momentum', config: { optimizer: 'momentum', beta: 0.9, momentumForm: 'accumulate' }, builtin: () => tf.train.momentum(alpha, 0.9, false), arrays: 5 },
  { rule: 'nesterov', config: { optimizer: 'nesterov', beta: 0.9, momentumForm: 'accumulate' }, builtin: () => tf.train.momentum(alpha, 0.9, true), arrays: 5 },
  { rule: 'rmsprop', config: { optimizer: 'rmsprop', beta2: 0.9, epsilon: 1e-7, epsilonPlacement: 'inside' }, builtin: () => tf.train.rmsprop(alpha, 0.9, 0, 1e-7, false), arrays: 5 },
  { rule: 'adam', config: { optimizer: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, adamForm: 'course' }, builtin: () => tf.train.adam(alpha, 0.9, 0.999, 1e-7), arrays: 7 },
  { rule: 'adamax', config: { optimizer: 'adamax', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, builtin: () => tf.train.adamax(alpha, 0.9, 0.999, 1e-7, 0), arrays: 7 },
  { rule: 'adagrad', config: { optimizer: 'adagrad', epsilon: 1e-7, epsilonPlacement: 'inside', initialAccumulator: 0.1 }, builtin: () => tf.train.adagrad(alpha, 0.1), arrays: 5 },
  { rule: 'adadelta', config: { optimizer: 'adadelta', rho: 0.95, epsilon: 1e-7 }, builtin: () => tf.train.adadelta(alpha, 0.95, 1e-7), arrays: 7 },
];

export const SIZES = { '1M': 1 << 20, '10M': 10 * (1 << 20) };

/**
 * 1M always; 10M in a full run: every rule on wasm and wasm-nosimd (where the fused kernels aim
 * at the bandwidth limit), Adam alone elsewhere. On cpu a 10M step takes seconds (tfjs-backend-cpu
 * allocates a new Float32Array per op), and on SwiftShader's webgpu and webgl as long, so there
 * only Adam, the rule the budget is quoted for, runs at 10M; the run stays within its time.
 */
/** Per size: { w0, g }, made by rows() and freed by teardown() after the last row. */
const starts = {};

export function teardown() {
  for (const size of Object.keys(starts)) {
    tf.dispose([starts[size].w0, starts[size].g]);
    delete starts[size];
  }
}

export async function rows({ quick, backend }) {
  await registerFusedKernels();
  const forms = fusedKernelFor() === true ? [false, true] : [false];
  const sizes = quick ? ['1M'] : ['1M', '10M'];
  // The random start and gradient of each size, drawn once for every row (tfjs draws them in
  // JavaScript: seconds per row at 10M); each row's variables start from them, the gradient shared.
  for (const size of sizes) {
    const n = SIZES[size];
    starts[size] ??= { w0: tf.randomNormal([n], 0, 1, 'float32', 1), g: tf.randomNormal([n], 0, 1e-2, 'float32', 2) };
  }
  return sizes.flatMap((size) =>
    forms.flatMap((fused) => RULES.filter(({ rule }) => size === '1M' || backend.startsWith('wasm') || rule === 'adam').map(({ rule, config, builtin, arrays }) => {
      const n = SIZES[size];
      return {
        name: `${rule} step${fused ? ' (fused)' : ''}`,
        shape: size,
        bytes: arrays * 4 * n,
        setup: () => ({
          // Two variables of the same start, one per optimizer: each moves only its own.
          wOurs: tf.variable(starts[size].w0),
          wTf: tf.variable(starts[size].w0),
          g: tf.clone(starts[size].g),
          ours: new Optimizer({ learningRate: alpha, ...config }, { fused }),
          tfjs: builtin(),
        }),
        builtin: (c) => {
          c.tfjs.applyGradients({ [c.wTf.name]: c.g });
          return probe(tf, c.wTf);
        },
        ours: (c) => {
          c.ours.step([c.wOurs], [c.g]);
          return probe(tf, c.wOurs);
        },
        teardown: (c) => {
          c.ours.dispose();
          c.tfjs.dispose();
          // tfjs 4.22: MomentumOptimizer.dispose() frees its momentum scalar but not the learning-rate
          // scalar c it inherits from SGDOptimizer; free it here so the count finds our leaks only.
          if (c.tfjs.getClassName() === 'Momentum') c.tfjs.c.dispose(); // (instanceof is true of any tfjs optimizer)
          tf.dispose([c.wOurs, c.wTf, c.g]);
        },
      };
    })),
  );
}
