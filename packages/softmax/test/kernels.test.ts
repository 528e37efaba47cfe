/**
 * The fused softmax kernel on wasm (SIMD WebAssembly, and the scalar module the backend's plain
 * build gets) and on cpu (a JavaScript loop in double precision) against the float64 spec and against the composed ops, on lines [outer, C] and
 * [outer, C, inner] whose lengths leave 0 to 3 entries after the last group of four, with ties at
 * the max, logits at -Infinity and a dominant logit (excess far below float32's ulp of 1).
 * The webgl and webgpu kernels are checked by the conformance suite on those backends.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, float32Array, InvalidArgumentError, tensor64, TIERS } from '@dlspec/core';
import { logSoftmax, registerSoftmaxKernels, softmax, softmaxKernelFor, spec } from '../src/index.js';

const random = createRandom(11);

/** Logits of `shape` with, per case, ties, -Infinity entries and a dominant entry sprinkled in. */
function logits(shape: number[]): number[] {
  const n = shape.reduce((a, d) => a * d, 1);
  const z = Array.from(float32Array(Array.from({ length: n }, () => 3 * random.normal())));
  for (let k = 0; k < n; k += 7) z[k] = 5; // ties (at the max where nothing larger is near)
  for (let k = 3; k < n; k += 11) z[k] = -Infinity;
  if (n > 5) z[5] = 40; // dominant: exp(-40) terms are far below 1's ulp
  return z;
}

const SHAPES = [[3, 4], [3, 5], [2, 6], [4, 7], [3, 11], [2, 36], [5, 1000], [2, 5, 3], [2, 6, 9], [1, 3, 4], [3, 1], [2, 1, 5]];

const RUNS = [
  { label: 'wasm (SIMD module)', backend: 'wasm', simd: true },
  { label: 'wasm (scalar module)', backend: 'wasm', simd: false },
  { label: 'cpu (JavaScript loop)', backend: 'cpu', simd: true },
] as const;

for (const { label, backend, simd } of RUNS) {
  describe(`the fused softmax on ${label}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      await registerSoftmaxKernels();
      tf.env().set('WASM_HAS_SIMD_SUPPORT', simd);
    });
    afterAll(() => tf.env().set('WASM_HAS_SIMD_SUPPORT', true));
    it('is registered', () => expect(softmaxKernelFor()).toBe(true));
    for (const shape of SHAPES) {
      for (const [name, f, g] of [
        ['softmax', softmax, spec.softmax],
        ['logSoftmax', logSoftmax, spec.logSoftmax],
      ] as const) {
        it(`${name} of [${shape.join(', ')}] along axis 1 matches the spec and the composed ops`, () => {
          const values = logits(shape);
          const before = tf.memory().numTensors;
          const z = tf.tensor(values, shape);
          const fused = f(z, 1);
          const composed = f(z, 1, { fused: false });
          const [got, want] = [fused.dataSync(), composed.dataSync()];
          tf.dispose([z, fused, composed]);
          expect(tf.memory().numTensors).toBe(before);
          const expected = g(tensor64(shape, values), 1).data;
          // Rows all at -Infinity are NaN in the spec and in both forms; none here.
          expect(compareValues(got, expected, TIERS['f32-op']).mismatches).toBe(0);
          expect(compareValues(got, want, TIERS['f32-op']).mismatches).toBe(0);
        });
      }
    }
  });
}

describe('options.fused', () => {
  it('must be a boolean: a typed error naming it', () => {
    const z = tf.zeros([2, 3]);
    expect(() => softmax(z, -1, { fused: 1 as unknown as boolean })).toThrow(InvalidArgumentError);
    expect(() => logSoftmax(z, -1, { fused: 'no' as unknown as boolean })).toThrow(/options\.fused/);
    z.dispose();
  });
});
