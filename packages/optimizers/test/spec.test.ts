import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, InvalidArgumentError, ShapeError, tensor64, type Tensor64 } from '@dlspec/core';
import { resolveConfig } from '../src/config.js';
import { learningRateAt } from '../src/decay.js';
import { NETWORK_PARAMS, networkGradients, type NetworkParams } from '../src/network.js';
import { configFor } from '../src/profiles.js';
import { Float64Optimizer, minimizeQuadratic, updateTrajectory } from '../src/spec.js';

const v = (...xs: number[]) => tensor64([xs.length], xs);
const lectureA = tensor64([1, 1], [2]); // w^2 - 10 w + 25 = 1/2 (2) w^2 - 10 w + 25
const lectureB = v(10);
const lectureC = tensor64([], [25]);

describe('update rules (float64 spec)', () => {
  it('momentum in the lecture form: v = beta v + (1 - beta) dW, W -= alpha v', () => {
    const w = updateTrajectory({ optimizer: 'momentum', learningRate: 0.1, beta: 0.9, momentumForm: 'ewma' }, v(0), tensor64([2, 1], [1, 1]));
    expect(w.data[0]).toBeCloseTo(-0.1 * 0.1, 15);
    expect(w.data[1]).toBeCloseTo(-0.01 - 0.1 * (0.9 * 0.1 + 0.1), 15);
  });
  it('the accumulate form with alpha (1 - beta) follows the lecture form with alpha', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (gs, beta) => {
        const grads = tensor64([gs.length, 1], gs);
        const a = updateTrajectory({ optimizer: 'momentum', learningRate: 0.1, beta, momentumForm: 'ewma' }, v(1), grads);
        const b = updateTrajectory({ optimizer: 'momentum', learningRate: 0.1 * (1 - beta), beta, momentumForm: 'accumulate' }, v(1), grads);
        return a.data.every((x, i) => Math.abs(x - (b.data[i] as number)) <= 1e-12 * (1 + Math.abs(x)));
      }),
    );
  });
  it('Nesterov looks ahead: W -= alpha (dW + beta v) in the accumulate form', () => {
    const w = updateTrajectory({ optimizer: 'nesterov', learningRate: 1, beta: 0.5, momentumForm: 'accumulate' }, v(0), tensor64([2, 1], [1, 1]));
    expect(Array.from(w.data)).toEqual([-(1 + 0.5 * 1), -1.5 - (1 + 0.5 * 1.5)]);
  });
  it('RMSprop puts eps outside (lecture, PyTorch) or inside (tfjs, Keras) the root', () => {
    const g = tensor64([1, 1], [0.5]);
    const out = updateTrajectory({ optimizer: 'rmsprop', learningRate: 1, beta2: 0.9, epsilon: 0.01, epsilonPlacement: 'outside' }, v(0), g);
    const inn = updateTrajectory({ optimizer: 'rmsprop', learningRate: 1, beta2: 0.9, epsilon: 0.01, epsilonPlacement: 'inside' }, v(0), g);
    expect(out.data[0]).toBeCloseTo(-0.5 / (Math.sqrt(0.1 * 0.25) + 0.01), 14);
    expect(inn.data[0]).toBeCloseTo(-0.5 / Math.sqrt(0.1 * 0.25 + 0.01), 14);
  });
  it('Adam first step is alpha dW / (|dW| + eps) (bias correction undoes the zero start)', () => {
    const w = updateTrajectory({ optimizer: 'adam', learningRate: 0.1 }, v(0, 0), tensor64([1, 2], [3, -0.002]));
    expect(w.data[0]).toBeCloseTo(-0.1 * (3 / (3 + 1e-8)), 15);
    expect(w.data[1]).toBeCloseTo(0.1 * (0.002 / (0.002 + 1e-8)), 15);
  });
  it("Keras's epsilon-hat Adam equals the lecture's when eps = 0, and differs when eps matters", () => {
    const r = createRandom(5);
    const grads = tensor64([50, 3], Array.from({ length: 150 }, () => r.normal() * 1e-3));
    const course = updateTrajectory({ optimizer: 'adam', learningRate: 0.01, epsilon: 0 }, v(0, 0, 0), grads);
    const hat = updateTrajectory({ optimizer: 'adam', learningRate: 0.01, epsilon: 0, adamForm: 'epsilon-hat' }, v(0, 0, 0), grads);
    course.data.forEach((x, i) => expect(hat.data[i]).toBeCloseTo(x, 12));
    const courseEps = updateTrajectory({ optimizer: 'adam', learningRate: 0.01, epsilon: 1e-3 }, v(0, 0, 0), grads);
    const hatEps = updateTrajectory({ optimizer: 'adam', learningRate: 0.01, epsilon: 1e-3, adamForm: 'epsilon-hat' }, v(0, 0, 0), grads);
    expect(Math.abs((courseEps.data[0] as number) - (hatEps.data[0] as number))).toBeGreaterThan(1e-5);
  });
  it('Adagrad starts from its initial accumulator; Adadelta divides by the new running average', () => {
    const ada = updateTrajectory({ optimizer: 'adagrad', learningRate: 1, initialAccumulator: 0.1, epsilon: 0, epsilonPlacement: 'inside' }, v(0), tensor64([1, 1], [1]));
    expect(ada.data[0]).toBeCloseTo(-1 / Math.sqrt(1.1), 15);
    const delta = updateTrajectory({ optimizer: 'adadelta', learningRate: 1, rho: 0.9, epsilon: 1e-6 }, v(0), tensor64([1, 1], [1]));
    expect(delta.data[0]).toBeCloseTo(-(Math.sqrt(1e-6) / Math.sqrt(0.1 + 1e-6)), 15);
  });
});

describe("the lecture's framework example: minimize w^2 - 10 w + 25", () => {
  it('Adam(0.1) for 1000 steps ends at 5', () => {
    const { w, cost } = minimizeQuadratic({ optimizer: 'adam', learningRate: 0.1 }, v(0), lectureA, lectureB, lectureC, 1000);
    expect(w.data[999]).toBeCloseTo(5, 6);
    expect(cost.data[0]).toBe(25);
  });
  it('gradient descent(0.01): 0.1 after one step, then w_t = 5 (1 - 0.98^t)', () => {
    // The notes print 4.99999 after 1 + 1000 steps: TensorFlow's float32 iterate; in float64 it is 5 - 8e-9.
    const { w } = minimizeQuadratic({ optimizer: 'gd', learningRate: 0.01 }, v(0), lectureA, lectureB, lectureC, 1001);
    expect(w.data[0]).toBeCloseTo(0.1, 15);
    expect(w.data[1000]).toBeCloseTo(5 * (1 - 0.98 ** 1001), 12);
  });
  it('written with coefficients x = [1, -10, 25] (cost = x0 w^2 + x1 w + x2) it is the same problem', () => {
    const x = [1, -10, 25];
    const viaCoefficients = minimizeQuadratic({ optimizer: 'adam', learningRate: 0.1 }, v(0), tensor64([1, 1], [2 * x[0]!]), v(-x[1]!), tensor64([], [x[2]!]), 1000);
    const direct = minimizeQuadratic({ optimizer: 'adam', learningRate: 0.1 }, v(0), lectureA, lectureB, lectureC, 1000);
    expect(Array.from(viaCoefficients.w.data)).toEqual(Array.from(direct.w.data));
  });
});

describe('learning-rate decay (float64 spec)', () => {
  it("reproduces the lecture's table: alpha0 = 0.2, decay rate 1 gives 0.1, 0.067, 0.05, 0.04", () => {
    const alphas = [1, 2, 3, 4].map((e) => learningRateAt({ schedule: 'inverse_time', alpha0: 0.2, decayRate: 1 }, e));
    expect(alphas.map((a) => a.toFixed(3))).toEqual(['0.100', '0.067', '0.050', '0.040']);
  });
  it('exponential 0.95^epoch alpha0, k / sqrt(epoch) alpha0, and the staircase', () => {
    expect(learningRateAt({ schedule: 'exponential', alpha0: 1, decayRate: 0.95 }, 2)).toBeCloseTo(0.9025, 15);
    expect(learningRateAt({ schedule: 'inverse_sqrt', alpha0: 0.5, k: 2 }, 4)).toBe(0.5);
    expect([1, 2, 3, 4].map((e) => learningRateAt({ schedule: 'staircase', alpha0: 1, decayRate: 0.5, interval: 2 }, e))).toEqual([1, 0.5, 0.5, 0.25]);
    expect(learningRateAt({ schedule: 'keras_exponential', alpha0: 1, decayRate: 0.5, interval: 2, staircase: false }, 3)).toBeCloseTo(0.5 ** 1.5, 15);
    expect(learningRateAt({ schedule: 'keras_inverse_time', alpha0: 1, decayRate: 1, interval: 2, staircase: true }, 3)).toBe(0.5);
  });
  it('refuses epoch 0, an unknown schedule, a non-positive alpha0', () => {
    expect(() => learningRateAt({ schedule: 'inverse_time', alpha0: 0.2, decayRate: 1 }, 0)).toThrow(/^epoch must be an integer >= 1 \(epochs count from 1\); got 0/);
    expect(() => learningRateAt({ schedule: 'cosine' as never, alpha0: 0.2 }, 1)).toThrow(/^schedule must be one of/);
    expect(() => learningRateAt({ schedule: 'constant', alpha0: -1 }, 1)).toThrow(/^alpha0 must be a finite number > 0; got -1/);
  });
});

describe('the network with batch norm (float64 spec)', () => {
  it('has the gradients of its cost, checked against central finite differences', () => {
    const r = createRandom(11);
    const rand = (shape: number[], s = 1, o = 0) => tensor64(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => o + s * r.normal()));
    const X = rand([8, 3]);
    const Y = tensor64([8, 2], Array.from({ length: 16 }, (_, i) => ((i >> 1) % 2 === i % 2 ? 1 : 0)));
    const p: NetworkParams<Tensor64> = { W1: rand([3, 5]), gamma1: rand([5], 0.3, 1), beta1: rand([5], 0.3), W2: rand([5, 2]), gamma2: rand([2], 0.3, 1), beta2: rand([2], 0.3) };
    const { grads } = networkGradients(X, Y, p, 1e-3);
    const h = 1e-6;
    for (const name of NETWORK_PARAMS) {
      p[name].data.forEach((_, k) => {
        const at = (d: number) => networkGradients(X, Y, { ...p, [name]: tensor64(p[name].shape, p[name].data.map((x, i) => (i === k ? x + d : x))) }, 1e-3).cost;
        expect(grads[name].data[k], `${name}[${k}]`).toBeCloseTo((at(h) - at(-h)) / (2 * h), 6);
      });
    }
  });
});

describe('bad input (float64 spec)', () => {
  it('names the argument and the value', () => {
    expect(() => resolveConfig({ optimizer: 'gd', learningRate: 0 })).toThrow(/^learningRate must be a finite number > 0; got 0/);
    expect(() => resolveConfig({ optimizer: 'gd', learningRate: NaN })).toThrow(InvalidArgumentError);
    expect(() => resolveConfig({ optimizer: 'adam', learningRate: 0.1, beta1: 1 })).toThrow(/^beta1 must be in \[0, 1\); got 1/);
    expect(() => resolveConfig({ optimizer: 'momentum', learningRate: 0.1, beta: NaN })).toThrow(/^beta must be in \[0, 1\); got NaN/);
    expect(() => resolveConfig({ optimizer: 'adam', learningRate: 0.1, epsilon: -1e-8 })).toThrow(/^epsilon must be a finite number >= 0; got -1e-8/);
    expect(() => resolveConfig({ optimizer: 'lion' as never, learningRate: 0.1 })).toThrow(/^optimizer must be one of gd, momentum/);
    expect(() => configFor('mxnet', 'adam', { learningRate: 0.1 })).toThrow(/^profile must be one of course, tfjs, keras, pytorch/);
    const opt = new Float64Optimizer({ optimizer: 'gd', learningRate: 0.1 });
    expect(() => opt.step({ W: new Float64Array(3) }, { W: new Float64Array(2) })).toThrow(ShapeError);
    expect(() => updateTrajectory({ optimizer: 'gd', learningRate: 0.1 }, v(0, 0), tensor64([2, 3], [1, 2, 3, 4, 5, 6]))).toThrow(/^grads must be \[T, n\] with n = 2/);
  });
});
