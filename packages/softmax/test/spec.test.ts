import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError, tensor64 } from '@dlspec/core';
import { logSoftmax, softmax, softmaxCrossEntropy, softmaxRegressionTrain } from '../src/spec.js';

const row = (data: number[]) => tensor64([1, data.length], data);

describe('softmax (float64 spec)', () => {
  it("reproduces the lecture's 4-class example z = [5, 2, -1, 3]", () => {
    const a = softmax(row([5, 2, -1, 3]));
    const t = [5, 2, -1, 3].map(Math.exp); // 148.4, 7.4, 0.4, 20.1
    const sumT = t.reduce((s, v) => s + v, 0);
    t.forEach((v, i) => expect(a.data[i]).toBeCloseTo(v / sumT, 15));
    expect(Array.from(a.data, (v) => Number(v.toFixed(3)))).toEqual([0.842, 0.042, 0.002, 0.114]);
  });
  it('reduces to the logistic sigmoid for C = 2', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (z) => {
        const a = softmax(row([z, 0]));
        const sigma = 1 / (1 + Math.exp(-z));
        return Math.abs((a.data[0] as number) - sigma) <= 4e-16 && Math.abs((a.data[1] as number) - (1 - sigma)) <= 4e-16;
      }),
    );
  });
  it('is invariant to a constant added to a row and sums to 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 12 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), (z, c) => {
        const a = softmax(row(z)).data;
        const b = softmax(row(z.map((v) => v + c))).data;
        const sum = a.reduce((s, v) => s + v, 0);
        return Math.abs(sum - 1) < 1e-12 && a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-9);
      }),
    );
  });
  it('does not overflow for logits offset by 1e4', () => {
    const a = softmax(row([1e4 + 1, 1e4, 1e4 - 1]));
    expect(Array.from(a.data)).toEqual(Array.from(softmax(row([1, 0, -1])).data));
  });
  it('gives NaN rows for NaN, +Infinity and all -Infinity, and 0 for a masked logit', () => {
    const a = softmax(tensor64([4, 2], [NaN, 1, Infinity, 1, -Infinity, -Infinity, -Infinity, 1]));
    expect(Array.from(a.data)).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, 0, 1]);
  });
  it('works on any axis and agrees with exp(logSoftmax)', () => {
    const z = tensor64([2, 3, 2], [1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6]);
    for (const axis of [0, 1, 2, -1]) {
      const a = softmax(z, axis).data;
      const logp = logSoftmax(z, axis).data;
      a.forEach((v, i) => expect(Math.exp(logp[i] as number)).toBeCloseTo(v, 15));
    }
    expect(softmax(z, 0).data[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15); // line (1, -1)
  });
  it('refuses an unknown axis and an empty input, naming the argument', () => {
    expect(() => softmax(row([1, 2]), 2)).toThrow(InvalidArgumentError);
    expect(() => softmax(row([1, 2]), 2)).toThrow(/^axis must be an integer/);
    expect(() => softmax(tensor64([0, 3], []))).toThrow(ShapeError);
  });
});

describe('softmax cross-entropy (float64 spec)', () => {
  it("gives the lecture's loss -log yHat_2 for y = [0, 1, 0, 0]", () => {
    const z = row([5, 2, -1, 3]);
    const { loss, cost } = softmaxCrossEntropy(z, row([0, 1, 0, 0]));
    expect(loss.data[0]).toBeCloseTo(-Math.log(softmax(z).data[1] as number), 14);
    expect(cost.data[0]).toBe(loss.data[0]);
  });
  it('has dz = dJ/dz, checked against central finite differences', () => {
    const z = tensor64([3, 4], [0.5, -1, 2, 0.1, 3, 3, -2, 0, 1e-3, 7, -4, 2]);
    const y = tensor64([3, 4], [0, 1, 0, 0, 0.25, 0.25, 0.25, 0.25, 1, 0, 0, 0]);
    const { dz } = softmaxCrossEntropy(z, y, 0.1);
    const h = 1e-6;
    for (let k = 0; k < z.data.length; k++) {
      const shifted = (d: number) => tensor64(z.shape, z.data.map((v, i) => (i === k ? v + d : v)));
      const J = (d: number) => softmaxCrossEntropy(shifted(d), y, 0.1).cost.data[0] as number;
      expect(dz.data[k]).toBeCloseTo((J(h) - J(-h)) / (2 * h), 8);
    }
  });
  it('smooths labels as y (1 - ls) + ls / C', () => {
    const z = row([1, 2, 3]);
    const smoothed = softmaxCrossEntropy(z, row([0, 0, 1]), 0.3);
    const manual = softmaxCrossEntropy(z, row([0.1, 0.1, 0.8]));
    expect(smoothed.loss.data[0]).toBeCloseTo(manual.loss.data[0] as number, 15);
  });
  it('keeps the loss finite for a logit masked at -Infinity whose label is 0', () => {
    const { loss, dz } = softmaxCrossEntropy(row([-Infinity, 0, 1]), row([0, 0, 1]));
    expect(Number.isFinite(loss.data[0])).toBe(true);
    expect(dz.data[0]).toBe(0);
  });
  it('refuses labels that are not distributions and mismatched shapes', () => {
    expect(() => softmaxCrossEntropy(row([1, 2]), row([0.5, 0.6]))).toThrow(/y\[0\] must sum to 1/);
    expect(() => softmaxCrossEntropy(row([1, 2]), row([-0.5, 1.5]))).toThrow(/y\[0\] must hold finite labels >= 0/);
    expect(() => softmaxCrossEntropy(row([1, 2]), row([0, 0, 1]))).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy(row([1, 2]), row([0, 1]), 1.5)).toThrow(/labelSmoothing must be in \[0, 1\]/);
    expect(() => softmaxCrossEntropy(tensor64([0, 2], []), tensor64([0, 2], []))).toThrow(/^z must not be empty/);
  });
});

describe('softmax regression (float64 spec)', () => {
  const X = tensor64([4, 2], [1, 0, 0, 1, -1, 0, 0, -1]);
  const Y = tensor64([4, 2], [1, 0, 0, 1, 0, 1, 1, 0]);
  const W0 = tensor64([2, 2], [0, 0, 0, 0]);
  const b0 = tensor64([2], [0, 0]);
  it('starts at cost log C and lowers the cost at every step', () => {
    const { cost } = softmaxRegressionTrain(X, Y, W0, b0, 0.5, 20);
    expect(cost.data[0]).toBeCloseTo(Math.log(2), 15);
    for (let t = 1; t < 20; t++) expect(cost.data[t]).toBeLessThan(cost.data[t - 1] as number);
  });
  it('takes the first step W -= alpha X^T (yHat - y) / m', () => {
    const { W, b } = softmaxRegressionTrain(X, Y, W0, b0, 0.5, 1);
    // yHat = 1/2 everywhere, so dz = (1/2 - y) / 4.
    expect(Array.from(W.data)).toEqual([0.125, -0.125, -0.125, 0.125]);
    expect(Array.from(b.data)).toEqual([0, 0]);
  });
  it('refuses a non-positive learning rate, zero steps and mismatched shapes', () => {
    expect(() => softmaxRegressionTrain(X, Y, W0, b0, 0, 1)).toThrow(/learningRate must be a finite number > 0; got 0/);
    expect(() => softmaxRegressionTrain(X, Y, W0, b0, 0.1, 0)).toThrow(/steps must be a positive integer/);
    expect(() => softmaxRegressionTrain(X, Y, tensor64([3, 2], [0, 0, 0, 0, 0, 0]), b0, 0.1, 1)).toThrow(/^W0 must be \[n, C\]/);
  });
});
