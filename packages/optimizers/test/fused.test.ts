/**
 * The fused update kernels (SIMD WebAssembly: on the wasm backend's memory, and for cpu on its scratch)
 * against the float64 spec (the webgl and webgpu shaders: gpu-rules.test.ts and the conformance suite), for every rule and profile, at lengths that leave 0 to 3 elements after
 * the last group of four; and what in-place state must not break: clones of W and of the state.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, float32Array, InvalidArgumentError, tensor64, TIERS } from '@dlspec/core';
import { TFJS_BACKENDS } from '@dlspec/core/testing';
import { resolveConfig, slotsOf } from '../src/config.js';
import { fusedKernelFor, registerFusedKernels } from '../src/fused/kernels.js';
import { Optimizer } from '../src/optimizer.js';
import { configFor } from '../src/profiles.js';
import { updateTrajectory } from '../src/spec.js';
import { ADDED_CONFIGS, CONFIGS } from './configs.js';

const ALL = [...CONFIGS, ...ADDED_CONFIGS];


const random = createRandom(7);
const data = (n: number) => Array.from(float32Array(Array.from({ length: n }, () => random.normal())));
const variableOf = (values: number[]) => tf.tidy(() => tf.variable(tf.tensor1d(values)));


for (const backend of TFJS_BACKENDS) {
  describe(`fused kernels on ${backend}, against the float64 spec`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      await registerFusedKernels();
    });
    it('are registered here', () => expect(fusedKernelFor()).toBe(true));
    for (const [name, config] of ALL) {
      it(`${name}: 60 steps at n = 4, 5, 6, 7, resumed at t0 = 3`, () => {
        for (const n of [4, 5, 6, 7]) {
          const before = tf.memory().numTensors;
          const [T, w0, grads] = [60, data(n), data(60 * n)];
          const want = updateTrajectory(config, tensor64([n], w0), tensor64([T, n], grads), undefined, { t0: 3 });
          const W = variableOf(w0);
          const opt = new Optimizer(config, { fused: true, t0: 3 });
          const got: number[] = [];
          const first = tf.clone(W); // shares W's first buffer: a step must not write into it
          for (let t = 0; t < T; t++) {
            const g = tf.tensor1d(grads.slice(t * n, (t + 1) * n));
            opt.step([W], [g]);
            g.dispose();
            got.push(...W.dataSync());
          }
          const cmp = compareValues(got, want.data, TIERS['f32-trajectory']);
          expect(cmp.pass, `n = ${n}: ${JSON.stringify(cmp.worst)}`).toBe(true);
          expect(Array.from(first.dataSync())).toEqual(Array.from(float32Array(w0)));
          // The state is only the rule's slots: one variable each.
          expect(tf.memory().numTensors).toBe(before + 2 + slotsOf(resolveConfig(config)).length);
          opt.dispose();
          tf.dispose([W, first]);
          expect(tf.memory().numTensors).toBe(before);
        }
      });
    }
    it('a resumed state given by setState is copied: the tensor given stays as it was', () => {
      const config = configFor('course', 'adam', { learningRate: 0.01 });
      const W = variableOf([1, 2, 3]);
      const v0 = tf.tensor1d([0.1, 0.2, 0.3]);
      const opt = new Optimizer(config, { fused: true });
      opt.setState(W, { v: v0 });
      const g = tf.tensor1d([1, 1, 1]);
      opt.step([W], [g]);
      expect(Array.from(v0.dataSync())).toEqual(Array.from(float32Array([0.1, 0.2, 0.3])));
      opt.dispose();
      tf.dispose([W, v0, g]);
    });
  });
}

describe('the GPU backends', () => {
  it('have theirs registered by registerFusedKernels, whether or not the backend is loaded (shaders: gpu-rules.test.ts, conformance)', async () => {
    await registerFusedKernels();
    expect(fusedKernelFor('webgl')).toBe(true);
    expect(fusedKernelFor('webgpu')).toBe(true);
  });
});

describe('where there is no fused kernel', () => {
  it('says why, and a fused step there throws a typed error naming the option before anything moves', () => {
    expect(fusedKernelFor('tensorflow')).toMatch(/for the cpu, wasm, webgl, webgpu backends, not tensorflow/);
    const opt = new Optimizer({ optimizer: 'gd', learningRate: 1 }, { fused: true });
    // Unregistered name: pretend the active backend is one without the kernel by asking for another.
    expect(() => new Optimizer({ optimizer: 'gd', learningRate: 1 }, { fused: 'yes' as unknown as boolean })).toThrow(InvalidArgumentError);
    opt.dispose();
  });
});
