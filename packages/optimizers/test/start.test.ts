/**
 * SPEC section 3's added optimizer forms: a run resumed at t0 from given state, L2 weight decay,
 * ONNX's profile (checked against ONNX's reference formulas written out by hand), and state kept
 * only for the slots a rule needs; the float64 spec and the tfjs Optimizer alike.
 */
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, InvalidArgumentError, tensor64, TIERS, type Tensor64 } from '@dlspec/core';
import { gridValues } from '@dlspec/core/testing';
import { initialState, resolveConfig, slotsOf, type OptimizerConfig, type OptimizerName } from '../src/config.js';
import { Optimizer } from '../src/optimizer.js';
import { configFor, type ProfileName } from '../src/profiles.js';
import { Float64Optimizer, minimizeQuadratic, updateTrajectory } from '../src/spec.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A variable from plain values, without leaving the initial tensor behind. */
const variableOf = (values: number[]): tf.Variable => tf.tidy(() => tf.variable(tf.tensor1d(values)));
const v = (...xs: number[]) => tensor64([xs.length], xs);
const RULES: Array<[ProfileName, OptimizerName, Partial<OptimizerConfig>]> = [
  ['course', 'gd', {}],
  ['course', 'momentum', {}],
  ['onnx', 'momentum', { gradientScale: 0.3 }],
  ['onnx', 'nesterov', { gradientScale: 0.5 }],
  ['pytorch', 'rmsprop', { centered: true, momentum: 0.5 }],
  ['course', 'adam', {}],
  ['keras', 'adam', {}],
  ['onnx', 'adam', { weightDecayPost: 0.01 }],
  ['keras', 'adamax', {}],
  ['onnx', 'adagrad', { decayFactor: 0.1 }],
  ['keras', 'adadelta', {}],
];
const configOf = ([profile, optimizer, extra]: (typeof RULES)[number], more: Partial<OptimizerConfig> = {}) => configFor(profile, optimizer, { learningRate: 0.05, ...extra, ...more });

describe('resuming at t0 (float64 spec)', () => {
  it('T1 steps, then the rest resumed at t0 = T1 from the state reached, equal one whole run, for every rule', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RULES), gridValues(8, 2), fc.integer({ min: 1, max: 3 }), (rule, gs, T1) => {
        const config = configOf(rule, { weightDecay: 0.01 });
        const grads = tensor64([4, 2], gs);
        const whole = updateTrajectory(config, v(0.5, -1), grads);
        const W = Float64Array.from([0.5, -1]);
        const opt = new Float64Optimizer(config);
        for (let t = 0; t < T1; t++) opt.step({ W }, { W: grads.data.slice(2 * t, 2 * t + 2) });
        const state = Object.fromEntries(Object.entries(opt.stateOf(W)).map(([slot, x]) => [slot, tensor64([2], Array.from(x))]));
        const rest = updateTrajectory(config, tensor64([2], Array.from(W)), tensor64([4 - T1, 2], Array.from(grads.data.slice(2 * T1))), undefined, { t0: T1, state });
        expect(Array.from(rest.data)).toEqual(Array.from(whole.data.slice(2 * T1)));
      }),
    );
  });
  it('weightDecay is L2: the same as feeding dW + weightDecay W', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RULES), gridValues(2), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (rule, g, wd) => {
        const w0 = v(0.5, -1);
        const decayed = updateTrajectory(configOf(rule, { weightDecay: wd }), w0, tensor64([1, 2], g));
        const fed = updateTrajectory(configOf(rule), w0, tensor64([1, 2], [0, 1].map((i) => (g[i] as number) + wd * (w0.data[i] as number))));
        expect(Array.from(decayed.data)).toEqual(Array.from(fed.data));
      }),
    );
  });
  it('refuses a state slot the rule does not keep, a wrong length, and a negative or fractional t0, naming them', () => {
    const adam = resolveConfig(configFor('course', 'adam', { learningRate: 0.1 }));
    expect(() => updateTrajectory(adam, v(0), tensor64([1, 1], [1]), undefined, { state: { d: v(1) } })).toThrow(/^state\.d /);
    expect(() => updateTrajectory(adam, v(0), tensor64([1, 1], [1]), undefined, { state: { v: v(1, 2) } })).toThrow(/^state\.v /);
    expect(() => updateTrajectory(adam, v(0), tensor64([1, 1], [1]), undefined, { t0: -1 })).toThrow(/^t0 must be an integer >= 0/);
    expect(() => updateTrajectory(adam, v(0), tensor64([1, 1], [1]), undefined, { t0: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => initialState(adam, { accumulator0: 1 })).toThrow(/^inputs\.accumulator0 is not taken by adam/);
    expect(initialState(resolveConfig(configFor('tfjs', 'adagrad', { learningRate: 0.1 })), { accumulator0: 7 })).toEqual({ s: 7 });
  });
  it('keeps only the slots a rule needs: none for gradient descent', () => {
    expect(slotsOf(resolveConfig({ optimizer: 'gd', learningRate: 1 }))).toEqual([]);
    expect(slotsOf(resolveConfig({ optimizer: 'rmsprop', learningRate: 1 }))).toEqual(['s']);
    expect(slotsOf(resolveConfig({ optimizer: 'rmsprop', learningRate: 1, centered: true, momentum: 0.9 }))).toEqual(['s', 'mg', 'v']);
    const W = Float64Array.from([1]);
    const gd = new Float64Optimizer({ optimizer: 'gd', learningRate: 1 });
    gd.step({ W }, { W: Float64Array.from([1]) });
    expect(gd.stateOf(W)).toEqual({});
  });
  it('minimizeQuadratic resumes too: 50 steps then 50 at t0 = 50 equal 100 steps', () => {
    const config = configFor('course', 'adam', { learningRate: 0.1 });
    const [A, b, c] = [tensor64([1, 1], [2]), v(10), tensor64([], [25])];
    const whole = minimizeQuadratic(config, v(0), A, b, c, 100);
    const W = Float64Array.from([0]);
    const opt = new Float64Optimizer(config);
    for (let t = 0; t < 50; t++) opt.step({ W }, { W: Float64Array.from([2 * (W[0] as number) - 10]) });
    const state = Object.fromEntries(Object.entries(opt.stateOf(W)).map(([slot, x]) => [slot, tensor64([1], Array.from(x))]));
    const rest = minimizeQuadratic(config, v(W[0] as number), A, b, c, 50, undefined, { t0: 50, state });
    expect(Array.from(rest.w.data)).toEqual(Array.from(whole.w.data.slice(50)));
    expect(Array.from(rest.cost.data)).toEqual(Array.from(whole.cost.data.slice(50)));
  });
});

/** One step of ONNX's reference implementations (onnx/backend/test/case/node/{momentum,adagrad,adam}.py), written out. */
const onnx = {
  momentum: (r: number, T: number, x: number, g: number, V: number, norm: number, alpha: number, beta: number, nesterov: boolean) => {
    const gr = norm * x + g;
    const vNew = alpha * V + (T > 0 ? beta : 1) * gr;
    return nesterov ? x - r * (gr + alpha * vNew) : x - r * vNew;
  },
  adagrad: (r: number, T: number, x: number, g: number, H: number, norm: number, eps: number, decay: number) => {
    const gr = norm * x + g;
    const hNew = H + gr * gr;
    return x - ((r / (1 + T * decay)) * gr) / (Math.sqrt(hNew) + eps);
  },
  adam: (r: number, T: number, x: number, g: number, V: number, H: number, norm: number, post: number, alpha: number, beta: number, eps: number) => {
    const gr = norm * x + g;
    const vNew = alpha * V + (1 - alpha) * gr;
    const hNew = beta * H + (1 - beta) * gr * gr;
    const rAdj = T > 0 ? (r * Math.sqrt(1 - beta ** T)) / (1 - alpha ** T) : r;
    return (1 - post) * (x - (rAdj * vNew) / (Math.sqrt(hNew) + eps));
  },
};

describe("the onnx profile follows ONNX's reference formulas, at T = 0 and after", () => {
  const T = [0, 1, 2, 7];
  const one = (config: OptimizerConfig, t0: number, x: number, g: number, state: Record<string, number>) =>
    updateTrajectory(config, v(x), tensor64([1, 1], [g]), undefined, { t0, state: Object.fromEntries(Object.entries(state).map(([k, s]) => [k, v(s)])) }).data[0] as number;
  for (const t0 of T) {
    it(`Momentum (standard and nesterov), Adagrad and Adam at T = ${t0}`, () => {
      const [x, g] = [1.2, -0.94];
      for (const nesterov of [false, true]) {
        const config = configFor('onnx', nesterov ? 'nesterov' : 'momentum', { learningRate: 0.1, beta: 0.95, gradientScale: 0.1, weightDecay: 0.001 });
        expect(one(config, t0, x, g, { v: 1.7 })).toBeCloseTo(onnx.momentum(0.1, t0, x, g, 1.7, 0.001, 0.95, 0.1, nesterov), 14);
      }
      const adagrad = configFor('onnx', 'adagrad', { learningRate: 0.1, epsilon: 1e-5, decayFactor: 0.1, weightDecay: 0.001 });
      expect(one(adagrad, t0, x, g, { s: 2 })).toBeCloseTo(onnx.adagrad(0.1, t0, x, g, 2, 0.001, 1e-5, 0.1), 14);
      const adam = configFor('onnx', 'adam', { learningRate: 0.1, beta1: 0.95, beta2: 0.1, epsilon: 1e-7, weightDecay: 0.001, weightDecayPost: 0.02 });
      expect(one(adam, t0, x, g, { v: 1.7, s: 0.1 })).toBeCloseTo(onnx.adam(0.1, t0, x, g, 1.7, 0.1, 0.001, 0.02, 0.95, 0.1, 1e-7), 14);
    });
  }
});

describe('the tfjs Optimizer in the added forms, against the float64 spec (cpu)', () => {
  for (const rule of RULES) {
    it(`${rule[0]} ${rule[1]}: resumed at t0 = 5 from given state, with weight decay`, () => {
      const before = tf.memory().numTensors;
      const config = configOf(rule, { weightDecay: 0.01 });
      const slots = slotsOf(resolveConfig(config));
      const state: Record<string, Tensor64> = Object.fromEntries(slots.map((s, i) => [s, v(0.01 * (i + 1), 0.02 * (i + 1))]));
      const grads = [0.5, -0.25, 1, 0.75, -0.5, 0.125];
      const want = updateTrajectory(config, v(0.5, -1), tensor64([3, 2], grads), undefined, { t0: 5, state });
      const W = variableOf([0.5, -1]);
      const opt = new Optimizer(config, { t0: 5 });
      const given = Object.fromEntries(Object.entries(state).map(([s, x]) => [s, tf.tensor1d(Array.from(x.data))]));
      opt.setState(W, given);
      tf.dispose(Object.values(given));
      // Only the rule's slots are allocated: W's state adds exactly slots.length tensors.
      expect(tf.memory().numTensors).toBe(before + 1 + slots.length);
      const got: number[] = [];
      for (let t = 0; t < 3; t++) {
        const g = tf.tensor1d(grads.slice(2 * t, 2 * t + 2));
        opt.step([W], [g]);
        g.dispose();
        got.push(...W.dataSync());
      }
      expect(opt.iterations).toBe(8);
      const cmp = compareValues(got, want.data, TIERS['f32-trajectory']);
      expect(cmp.pass, JSON.stringify(cmp.worst)).toBe(true);
      expect(() => opt.setState(W, {})).toThrow(/^W .*already has state/);
      opt.dispose();
      W.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
  it('setState refuses a slot the rule does not keep and a wrong shape, and keeps nothing', () => {
    const before = tf.memory().numTensors;
    const W = variableOf([1, 2]);
    const opt = new Optimizer({ optimizer: 'momentum', learningRate: 0.1 });
    const bad = tf.tensor1d([1, 2, 3]);
    const s = tf.tensor1d([1, 2]);
    expect(() => opt.setState(W, { s })).toThrow(/^state\.s /);
    expect(() => opt.setState(W, { v: bad })).toThrow(/^state\.v /);
    opt.setState(W, { v: s }); // still allowed: nothing was kept by the refused calls
    tf.dispose([W, bad, s]);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
