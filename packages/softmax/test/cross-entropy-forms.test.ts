/**
 * The cross-entropy forms of other suites' data (ONNX SoftmaxCrossEntropyLoss): class-index labels,
 * per-class weights, ignoreIndex, the none / mean / sum reductions and [N, C, d1, ..., dk] logits,
 * in the float64 spec and in the tfjs model against it.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, float32Array, InvalidArgumentError, ShapeError, tensor64, TIERS, type Tensor64 } from '@dlspec/core';
import * as spec from '../src/spec.js';
import { sparseSoftmaxCrossEntropy, sparseSoftmaxCrossEntropyChecked } from '../src/model.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = createRandom(1212);
const logits = (shape: number[]) => tensor64(shape, float32Array(Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => 3 * random.normal())));
const oneHot = (labels: readonly number[], C: number) => tensor64([labels.length, C], labels.flatMap((c) => Array.from({ length: C }, (_, j) => (j === c ? 1 : 0))));
const same = (a: Tensor64, b: Tensor64) => expect(Array.from(a.data)).toEqual(Array.from(b.data));

describe('sparseSoftmaxCrossEntropy (float64 spec)', () => {
  it('is the one-hot form bit for bit under every reduction', () => {
    const z = logits([6, 4]);
    const labels = [0, 3, 1, 1, 2, 0];
    for (const reduction of spec.REDUCTIONS) {
      const sparse = spec.sparseSoftmaxCrossEntropy(z, tensor64([6], labels), { reduction, labelSmoothing: 0.1 });
      const dense = spec.softmaxCrossEntropy(z, oneHot(labels, 4), 0.1, { reduction });
      for (const k of ['loss', 'cost', 'dz'] as const) same(sparse[k], dense[k]);
    }
  });

  it('weights each element by its class and divides the mean by the summed weights (ONNX)', () => {
    const z = logits([5, 3]);
    const labels = [2, 0, 2, 1, 0];
    const w = [0.5, 2, 0.25];
    const plain = spec.sparseSoftmaxCrossEntropy(z, tensor64([5], labels), { reduction: 'none' });
    const weighted = spec.sparseSoftmaxCrossEntropy(z, tensor64([5], labels), { weights: tensor64([3], w), reduction: 'mean' });
    const W = labels.reduce((s, c) => s + (w[c] as number), 0);
    labels.forEach((c, i) => expect(weighted.loss.data[i]).toBe((w[c] as number) * (plain.loss.data[i] as number)));
    expect(weighted.cost.data[0]).toBeCloseTo(Array.from(weighted.loss.data).reduce((s, v) => s + v, 0) / W, 14);
  });

  it('counts nothing for an ignored label: the cost of the others alone, loss and dz 0 where ignored', () => {
    const z = logits([6, 4]);
    const labels = [1, -1, 3, 0, -1, 2];
    const r = spec.sparseSoftmaxCrossEntropy(z, tensor64([6], labels), { ignoreIndex: -1 });
    const kept = [0, 2, 3, 5];
    const alone = spec.sparseSoftmaxCrossEntropy(tensor64([4, 4], kept.flatMap((i) => Array.from(z.data.subarray(i * 4, i * 4 + 4)))), tensor64([4], kept.map((i) => labels[i] as number)));
    expect(r.cost.data[0]).toBeCloseTo(alone.cost.data[0] as number, 15);
    for (const i of [1, 4]) {
      expect(r.loss.data[i]).toBe(0);
      expect(Array.from(r.dz.data.subarray(i * 4, i * 4 + 4))).toEqual([0, 0, 0, 0]);
    }
  });

  it('takes [N, C, d] logits with the classes on axis 1 as the rows of [N d, C]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(...spec.REDUCTIONS), (N, C, D, reduction) => {
        const z = logits([N, C, D]);
        const labels = Array.from({ length: N * D }, () => random.int(0, C - 1));
        const rows = tensor64([N * D, C], Array.from({ length: N * D * C }, (_, k) => {
          const [e, j] = [Math.floor(k / C), k % C];
          return z.data[Math.floor(e / D) * C * D + j * D + (e % D)] as number;
        }));
        const nd = spec.sparseSoftmaxCrossEntropy(z, tensor64([N, D], labels), { reduction });
        const flat = spec.sparseSoftmaxCrossEntropy(rows, tensor64([N * D], labels), { reduction });
        expect(nd.loss.shape).toEqual([N, D]);
        expect(Array.from(nd.loss.data)).toEqual(Array.from(flat.loss.data));
        expect(nd.cost.data[0]).toBeCloseTo(flat.cost.data[0] as number, 12);
      }),
      { numRuns: 30 },
    );
  });

  it('has dz the gradient of its cost under every reduction (central differences)', () => {
    const z = logits([3, 4, 2]);
    const labels = tensor64([3, 2], [0, 3, -1, 2, 1, 1]);
    const form = { weights: tensor64([4], [0.5, 1, 2, 0.25]), ignoreIndex: -1 };
    for (const reduction of spec.REDUCTIONS) {
      const { dz } = spec.sparseSoftmaxCrossEntropy(z, labels, { ...form, reduction });
      for (const k of [0, 5, 9, 17, 23]) {
        const at = (h: number) => spec.sparseSoftmaxCrossEntropy(tensor64(z.shape, z.data.map((v, q) => (q === k ? v + h : v))), labels, { ...form, reduction }).cost.data[0] as number;
        expect(dz.data[k]).toBeCloseTo((at(1e-6) - at(-1e-6)) / 2e-6, 6);
      }
    }
  });

  it('refuses bad labels, weights and forms with a typed error naming them', () => {
    const z = logits([2, 3]);
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2], [0, 3]))).toThrow(InvalidArgumentError);
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2], [0, 3]))).toThrow(/^labels\[1\] must be a class index, an integer in \[0, 2\]; got 3/);
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2], [0, 1.5]))).toThrow(/^labels\[1\]/);
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2], [0, -100]), { ignoreIndex: -100 })).not.toThrow();
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2, 1], [0, 1]))).toThrow(ShapeError);
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2], [0, 1]), { weights: tensor64([3], [1, -1, 1]) })).toThrow(/^weights\[1\] must be a finite class weight >= 0/);
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2], [0, 1]), { weights: tensor64([2], [1, 1]) })).toThrow(/^weights must be \[C\] = \[3\]/);
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2], [0, 1]), { reduction: 'avg' as never })).toThrow(/^reduction must be one of none, mean, sum/);
    expect(() => spec.sparseSoftmaxCrossEntropy(z, tensor64([2], [0, 1]), { ignoreIndex: 0.5 })).toThrow(/^ignoreIndex must be an integer/);
    expect(() => spec.softmaxCrossEntropy(tensor64([3], [1, 2, 3]), tensor64([3], [0, 0, 1]))).toThrow(/^z must be \[m, C\] or \[N, C, d1, \.\.\., dk\]/);
  });
});

describe('sparseSoftmaxCrossEntropy (tfjs model on cpu) against the spec', () => {
  it('agrees to f32-op on [N, C, d1, d2] with weights, ignoreIndex and each reduction; tf.grad of its cost is its dz', async () => {
    const z64 = logits([2, 4, 3, 2]);
    const labelData = [0, 3, -1, 2, 1, 1, 3, -1, 0, 0, 2, 1];
    const w = [0.5, 1, 2, 0.25];
    for (const reduction of spec.REDUCTIONS) {
      const want = spec.sparseSoftmaxCrossEntropy(z64, tensor64([2, 3, 2], labelData), { weights: tensor64([4], w), ignoreIndex: -1, reduction });
      const before = tf.memory().numTensors;
      const [z, labels, weights] = [tf.tensor(Array.from(z64.data), z64.shape as number[]), tf.tensor(labelData, [2, 3, 2]), tf.tensor1d(w)];
      const got = await sparseSoftmaxCrossEntropyChecked(z, labels, { weights, ignoreIndex: -1, reduction });
      expect(got.loss.shape).toEqual([2, 3, 2]);
      for (const k of ['loss', 'cost', 'dz'] as const) expect(compareValues(got[k].dataSync(), want[k].data, TIERS['f32-op']).pass, `${reduction} ${k}`).toBe(true);
      const viaGrad = tf.grad((x: tf.Tensor) => sparseSoftmaxCrossEntropy(x, labels, { weights, ignoreIndex: -1, reduction }).cost)(z);
      expect(compareValues(viaGrad.dataSync(), want.dz.data, TIERS['f32-op']).pass).toBe(true);
      tf.dispose([z, labels, weights, got.loss, got.cost, got.dz, viaGrad]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('refuses a label out of range and a negative weight, naming them, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const z = tf.zeros([2, 3]);
    const labels = tf.tensor1d([0, 5]);
    await expect(sparseSoftmaxCrossEntropyChecked(z, labels)).rejects.toThrow(/^labels\[1\] must be a class index/);
    const weights = tf.tensor1d([1, -2, 1]);
    await expect(sparseSoftmaxCrossEntropyChecked(z, tf.tensor1d([0, 1]), { weights })).rejects.toThrow(/^weights\[1\] must be a finite class weight >= 0/);
    expect(() => sparseSoftmaxCrossEntropy(z, tf.tensor1d([0, 1, 2]))).toThrow(/^labels must be z's shape without the class axis \[2\]/);
    tf.dispose([z, labels, weights]);
    expect(tf.memory().numTensors).toBe(before + 2); // the two literals passed inline above, owned by this test
  });
});
