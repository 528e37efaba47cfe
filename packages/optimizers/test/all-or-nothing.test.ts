/**
 * Property (issue 11): every public function of @dlspec/optimizers, given good or bad arguments,
 * returns the float64 spec's result or throws a typed error naming the argument; a throwing call
 * changes no state (weights, iterations, optimizer state) and no call leaves a tensor behind.
 * tfjs models on cpu and wasm.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, TIERS, type Tensor64 } from '@dlspec/core';
import { allButOne, anyNumber, attempt, badTensor64, badTensorArg, buildTensor, gridValues, tensorArg, TFJS_BACKENDS, toTensor64, type TensorArg } from '@dlspec/core/testing';
import { OPTIMIZERS, resolveConfig, type OptimizerConfig } from '../src/config.js';
import { learningRates } from '../src/decay-tf.js';
import { checkSchedule, learningRateAt, SCHEDULES, type Schedule } from '../src/decay.js';
import { matmul, NETWORK_PARAMS, networkGradients, trainNetwork, type NetworkParams } from '../src/network.js';
import { BatchNormNetwork } from '../src/network-model.js';
import { Optimizer } from '../src/optimizer.js';
import { configFor, PROFILES, type ProfileName } from '../src/profiles.js';
import { alphaForStep, Float64Optimizer, minimizeQuadratic, quadratic, updateTrajectory } from '../src/spec.js';

const RUNS = { numRuns: 60 };
const CONFIG_FIELDS = ['optimizer', 'learningRate', 'beta', 'beta1', 'beta2', 'epsilon', 'momentum', 'rho', 'initialAccumulator', 'centered', 'momentumForm', 'epsilonPlacement', 'centeredForm', 'adamForm'] as const;
/** A config under a profile, and `override`: empty, or one field set to anything (most of it bad). */
const configArgs = fc.record({
  profile: fc.constantFrom(...(Object.keys(PROFILES) as ProfileName[])),
  optimizer: fc.constantFrom(...OPTIMIZERS),
  centered: fc.boolean(),
  override: fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, fc.tuple(fc.constantFrom(...CONFIG_FIELDS), fc.oneof(anyNumber, fc.constant('lion'))).map(([k, v]) => ({ [k]: v }))),
});
const configOf = (a: { profile: ProfileName; optimizer: (typeof OPTIMIZERS)[number]; centered: boolean; override: object }): OptimizerConfig =>
  ({ ...PROFILES[a.profile], optimizer: a.optimizer, learningRate: 0.05, beta2: 0.9, centered: a.centered, ...a.override }) as OptimizerConfig;
const pristine = (a: { override: object }) => Object.keys(a.override).length === 0;
const passes = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  const c = compareValues(got, want, TIERS['f32-trajectory']);
  expect(c.pass, `worst ${JSON.stringify(c.worst)}`).toBe(true);
};
const scheduleArgs = allButOne(
  fc.record({ schedule: fc.constantFrom(...SCHEDULES), alpha0: fc.constantFrom(0.1, 1) as fc.Arbitrary<unknown>, decayRate: fc.constantFrom(0.5, 1) as fc.Arbitrary<unknown>, k: fc.constant(1) as fc.Arbitrary<unknown>, interval: fc.constantFrom(1, 2) as fc.Arbitrary<unknown>, staircase: fc.boolean() as fc.Arbitrary<unknown> }),
  () => ({ schedule: fc.constant('cosine'), alpha0: anyNumber, decayRate: anyNumber, k: anyNumber, interval: anyNumber, staircase: anyNumber }),
) as fc.Arbitrary<Schedule>;

describe.each(TFJS_BACKENDS)('@dlspec/optimizers on %s: typed error or the spec result, nothing changed or left behind on a throw', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  const values = (vs: tf.Variable[]) => vs.map((v) => (v.isDisposed ? [] : Array.from(v.dataSync())));

  it('Optimizer: construction and two steps, gradients in order or by name', () => {
    const good = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }).chain((sizes) =>
      fc.record({
        config: configArgs,
        w: fc.tuple(...sizes.map((n) => tensorArg([n], (s) => gridValues(s[0]!, 2)))),
        g: fc.tuple(...sizes.map((n) => tensorArg([n], (s) => gridValues(s[0]!, 2)))),
        byName: fc.boolean(),
        // How the second step goes wrong, if it does.
        twist: fc.constant('none' as 'none' | 'repeat' | 'dispose variable' | 'extra name' | 'missing' | 'dispose optimizer'),
      }),
    );
    const args = allButOne(good, (a) => ({ g: fc.integer({ min: 0, max: a.g.length - 1 }).chain((i) => badTensorArg(a.g[i]!).map((bad) => a.g.map((x, j) => (j === i ? bad : x)))), twist: fc.constantFrom('repeat', 'dispose variable', 'extra name', 'missing', 'dispose optimizer') }));
    fc.assert(
      fc.property(args, (a) => {
        const before = tf.memory().numTensors;
        const ws = a.w.map((w) => tf.tidy(() => tf.variable(tf.tensor1d(w.values))));
        const gs = a.g.map((g) => buildTensor(tf, g));
        const made = attempt(() => new Optimizer(configOf(a.config)), [...CONFIG_FIELDS, 'config']);
        if (made.ok) {
          const opt = made.value;
          const feed = (vs: tf.Variable[], grads: tf.Tensor[]) => (a.byName ? Object.fromEntries(vs.map((v, i) => [v.name, grads[i]!])) : grads);
          const first = attempt(() => opt.step(ws, feed(ws, gs)), ['grads']);
          const f64 = new Float64Optimizer(configOf(a.config));
          const w64 = Object.fromEntries(a.w.map((w, i) => [`w${i}`, Float64Array.from(w.values)]));
          const g64 = Object.fromEntries(a.g.map((g, i) => [`w${i}`, Float64Array.from(g.values)]));
          if (first.ok) f64.step(w64, g64);
          // The second step, maybe twisted.
          let vars = ws;
          let grads: tf.NamedTensorMap | tf.Tensor[] = feed(ws, gs);
          if (a.twist === 'repeat') [vars, grads] = [[...ws, ws[0]!], [...gs, gs[0]!]];
          if (a.twist === 'dispose variable') ws[ws.length - 1]!.dispose();
          if (a.twist === 'extra name') grads = { ...feed(ws, gs), nobody: gs[0]! };
          if (a.twist === 'missing') grads = a.byName ? Object.fromEntries(Object.entries(feed(ws, gs)).slice(1)) : gs.slice(1);
          if (a.twist === 'dispose optimizer') opt.dispose();
          const [w0, t0, count] = [values(ws), opt.iterations, tf.memory().numTensors];
          const second = attempt(() => opt.step(vars, grads), ['variables', 'grads', 'Optimizer']);
          if (!second.ok) expect([values(ws), opt.iterations, tf.memory().numTensors]).toEqual([w0, t0, count]);
          if (first.ok && second.ok) {
            f64.step(w64, g64);
            if (pristine(a.config) && resolveConfig(configOf(a.config)).epsilon > 0) ws.forEach((w, i) => passes(w.dataSync(), w64[`w${i}`]!));
            expect(opt.iterations).toBe(2);
          }
          opt.dispose();
        }
        tf.dispose([...ws, ...gs.filter((g) => g instanceof tf.Tensor)]);
        expect(tf.memory().numTensors).toBe(before);
      }),
      RUNS,
    );
  });

  it('Optimizer.minimize: the loss of a quadratic, or a typed error with nothing moved or left', () => {
    const good = fc.record({
      w: tensorArg([2], (s) => gridValues(s[0]!, 2)),
      f: fc.constant('quadratic' as 'quadratic' | 'vector' | 'unconnected' | 'number' | 'not a function'),
      varList: fc.constant('given' as 'given' | 'omitted' | 'non-trainable' | 'disposed' | 'repeated' | 'not a variable'),
    });
    const args = allButOne(good, () => ({ f: fc.constantFrom('vector', 'unconnected', 'number', 'not a function'), varList: fc.constantFrom('omitted', 'non-trainable', 'disposed', 'repeated', 'not a variable') }));
    fc.assert(
      fc.property(args, (a) => {
        const before = tf.memory().numTensors;
        const w = tf.tidy(() => tf.variable(tf.tensor1d(a.w.values), a.varList !== 'non-trainable'));
        const other = tf.tidy(() => tf.variable(tf.tensor1d([1]), false));
        const fs = {
          quadratic: () => tf.sum(tf.square(tf.sub(w, 1))) as tf.Scalar, // gradient 2 (w - 1)
          vector: () => tf.square(w) as unknown as tf.Scalar,
          unconnected: () => tf.sum(tf.square(other)) as tf.Scalar,
          number: () => 3 as unknown as tf.Scalar,
          'not a function': 3 as unknown as () => tf.Scalar,
        };
        const varLists = { given: () => [w], omitted: () => undefined, 'non-trainable': () => [w], disposed: () => [w, other], repeated: () => [w, w], 'not a variable': () => [tf.tidy(() => tf.clone(w))] };
        const varList = varLists[a.varList]();
        if (a.varList === 'disposed') other.dispose();
        const opt = new Optimizer({ optimizer: 'gd', learningRate: 0.25 });
        const [w0, count] = [Array.from(w.dataSync()), tf.memory().numTensors];
        const r = attempt(() => opt.minimize(fs[a.f], varList as tf.Variable[] | undefined), ['f', 'varList']);
        if (!r.ok) expect([Array.from(w.dataSync()), opt.iterations, tf.memory().numTensors]).toEqual([w0, 0, count]);
        else {
          expect(r.value.dataSync()[0]).toBeCloseTo(w0.reduce((s, x) => s + (x - 1) ** 2, 0), 4);
          passes(w.dataSync(), w0.map((x) => x - 0.25 * 2 * (x - 1)));
          r.value.dispose();
        }
        opt.dispose();
        tf.dispose([w, other, ...(a.varList === 'not a variable' ? (varList as tf.Tensor[]) : [])]);
        expect(tf.memory().numTensors).toBe(before);
      }),
      RUNS,
    );
  });

  it('learningRates, learningRateAt, checkSchedule, Optimizer.setEpoch', () => {
    const args = allButOne(fc.record({ schedule: scheduleArgs, epochs: tensorArg(fc.integer({ min: 1, max: 4 }).map((n) => [n]), (s) => fc.array(fc.integer({ min: 1, max: 9 }), { minLength: s[0]!, maxLength: s[0]! })) }), (a) => ({ epochs: badTensorArg(a.epochs) }));
    fc.assert(
      fc.property(args, anyNumber, (a, epoch) => {
        const before = tf.memory().numTensors;
        const t = buildTensor(tf, a.epochs);
        const checked = attempt(() => checkSchedule(a.schedule), ['schedule', 'alpha0', 'decayRate', 'k', 'interval', 'staircase']);
        const r = attempt(() => learningRates(a.schedule, t as tf.Tensor1D), ['schedule', 'alpha0', 'decayRate', 'k', 'interval', 'staircase', 'epoch']);
        if (r.ok) {
          expect(checked.ok).toBe(true);
          // learningRateAt refuses a schedule constant that takes the rate to 0 or Infinity; on tfjs the values are not read back.
          const want = attempt(() => a.epochs.values.map((e) => learningRateAt(a.schedule, e)), ['decayRate', 'epoch']);
          // Rates within a factor 2 of float32's largest value are left out: a float32 pow that lands
          // there may round past FLT_MAX to Infinity (wasm does, for decayRate^p near 2^128), which is
          // float32's range, not the schedule's form.
          const inRange = want.ok && want.value.every((x) => Math.abs(x) < 2 ** 127);
          if (want.ok && inRange) passes(r.value.dataSync(), want.value);
          r.value.dispose();
        }
        if (checked.ok) {
          const opt = new Optimizer({ optimizer: 'gd', learningRate: 0.1 }, { schedule: a.schedule });
          const set = attempt(() => opt.setEpoch(epoch as number), ['epoch', 'decayRate']);
          const now = attempt(() => opt.learningRate, ['decayRate']);
          if (now.ok) expect(now.value).toBe(learningRateAt(a.schedule, set.ok ? (epoch as number) : 1));
          opt.dispose();
        }
        if (t instanceof tf.Tensor) t.dispose();
        expect(tf.memory().numTensors).toBe(before);
      }),
      RUNS,
    );
  });

  it('BatchNormNetwork: construction, cost and train, against the float64 network', () => {
    const good = fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 })).chain(([m, n0, n1, C]) => {
      const shapes: NetworkParams<number[]> = { W1: [n0, n1], gamma1: [n1], beta1: [n1], W2: [n1, C], gamma2: [C], beta2: [C] };
      const unit = (s: number[]) => gridValues(s.reduce((p, q) => p * q, 1), 1);
      return fc.record({
        params: fc.record(Object.fromEntries(NETWORK_PARAMS.map((k) => [k, tensorArg(shapes[k], unit)])) as NetworkParams<fc.Arbitrary<TensorArg>>),
        X: tensorArg([m, n0], unit),
        Y: tensorArg([m, C], (s) => fc.array(fc.integer({ min: 0, max: C - 1 }), { minLength: s[0]!, maxLength: s[0]! }).map((cls) => cls.flatMap((c) => Array.from({ length: C }, (_, j) => (j === c ? 1 : 0))))),
        epsilon: fc.constantFrom(1e-3, 0.1) as fc.Arbitrary<unknown>,
        steps: fc.constantFrom(1, 2) as fc.Arbitrary<unknown>,
        action: fc.constantFrom('cost', 'train'),
        optimizer: fc.constant('live' as 'live' | 'disposed' | 'not one'),
        disposeFirst: fc.constant(false),
      });
    });
    const args = allButOne(good, (a) => ({
      params: fc.constantFrom(...NETWORK_PARAMS).chain((k) => badTensorArg(a.params[k]).map((bad) => ({ ...a.params, [k]: bad }))),
      X: badTensorArg(a.X), Y: badTensorArg(a.Y), epsilon: anyNumber, steps: anyNumber, optimizer: fc.constantFrom('disposed', 'not one'), disposeFirst: fc.constant(true),
    }));
    fc.assert(
      fc.property(args, (a) => {
        const before = tf.memory().numTensors;
        const p0 = Object.fromEntries(NETWORK_PARAMS.map((k) => [k, buildTensor(tf, a.params[k])])) as NetworkParams<tf.Tensor>;
        const [X, Y] = [buildTensor(tf, a.X), buildTensor(tf, a.Y)];
        const made = attempt(() => new BatchNormNetwork(p0, { epsilon: a.epsilon as number }), [...NETWORK_PARAMS, 'params0', 'epsilon']);
        if (made.ok) {
          const net = made.value;
          // Gradient descent: float32 noise in a near-zero gradient stays small (Adam would scale it up to alpha).
          const config = configFor('course', 'gd', { learningRate: 0.1 });
          const opt = new Optimizer(config);
          if (a.optimizer === 'disposed') opt.dispose();
          if (a.disposeFirst) net.dispose();
          const state = net.W1.isDisposed ? [] : values(net.trainable);
          const count = tf.memory().numTensors;
          const r = attempt(
            () => (a.action === 'cost' ? net.cost(X as tf.Tensor2D, Y as tf.Tensor2D) : net.train(X as tf.Tensor2D, Y as tf.Tensor2D, a.optimizer === 'not one' ? ({} as Optimizer) : opt, a.steps as number)),
            ['X', 'Y', 'optimizer', 'Optimizer', 'steps', 'BatchNormNetwork'],
          );
          if (!r.ok) expect([net.W1.isDisposed ? [] : values(net.trainable), tf.memory().numTensors]).toEqual([state, count]);
          else {
            const p64 = Object.fromEntries(NETWORK_PARAMS.map((k) => [k, toTensor64(a.params[k])])) as NetworkParams<Tensor64>;
            const steps = a.action === 'cost' ? 1 : (a.steps as number);
            const want = trainNetwork(toTensor64(a.X), toTensor64(a.Y), p64, config, steps, a.epsilon as number);
            // (An epsilon far below 1e-3 makes a near-constant feature ill-conditioned: float32 and float64 part ways.)
            if ((a.epsilon as number) >= 1e-3) {
              passes(r.value.dataSync(), a.action === 'cost' ? want.cost.data.slice(0, 1) : want.cost.data);
              if (a.action === 'train') NETWORK_PARAMS.forEach((k) => passes(net.params()[k].dataSync(), want.params[k].data));
            }
            r.value.dispose();
          }
          opt.dispose();
          net.dispose();
        }
        tf.dispose([...Object.values(p0), X, Y].filter((t) => t instanceof tf.Tensor));
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 40 },
    );
  });
});

describe('@dlspec/optimizers float64 functions: typed error or a consistent result, arguments untouched', () => {
  it('resolveConfig, configFor, Float64Optimizer, alphaForStep, updateTrajectory, quadratic, minimizeQuadratic, matmul', () => {
    const good = fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.record({
        config: configArgs,
        w0: tensorArg([n]).map(toTensor64),
        grads: tensorArg([2, n]).map(toTensor64),
        A: tensorArg([n, n]).map(toTensor64),
        b: tensorArg([n]).map(toTensor64),
        c: tensorArg([]).map(toTensor64),
        steps: fc.integer({ min: 1, max: 3 }) as fc.Arbitrary<unknown>,
        t: fc.integer({ min: 1, max: 5 }) as fc.Arbitrary<unknown>,
        schedule: fc.option(scheduleArgs.map((s) => ({ ...s, stepsPerEpoch: 2 })), { nil: undefined }),
      }),
    );
    const args = allButOne(good, (a) => ({ w0: badTensor64(a.w0), grads: badTensor64(a.grads), A: badTensor64(a.A), b: badTensor64(a.b), c: badTensor64(a.c), steps: anyNumber, t: anyNumber }));
    fc.assert(
      fc.property(args, (a) => {
        const copies = JSON.stringify(a);
        const config = configOf(a.config);
        const names = [...CONFIG_FIELDS, 'config', 'w0', 'grads', 'A', 'b', 'c', 'steps', 't', 'schedule', 'alpha0', 'decayRate', 'k', 'interval', 'staircase', 'stepsPerEpoch'];
        const resolved = attempt(() => resolveConfig(config), names);
        const viaProfile = attempt(() => configFor(a.config.profile, a.config.optimizer, { learningRate: 0.05, beta2: 0.9, centered: a.config.centered, ...a.config.override } as never), [...names, 'overrides']);
        expect(viaProfile.ok).toBe(resolved.ok);
        const alpha = attempt(() => alphaForStep(config, a.schedule, a.t as number), names);
        if (alpha.ok) expect(alpha.value > 0 && Number.isFinite(alpha.value)).toBe(true);
        const traj = attempt(() => updateTrajectory(config, a.w0, a.grads, a.schedule), names);
        if (traj.ok) expect(traj.value.shape).toEqual([a.grads.shape[0], a.w0.shape[0]]);
        const q = attempt(() => quadratic(a.A, a.b, a.c), names);
        if (q.ok) expect(q.value.f(new Float64Array(a.b.data.length))).toBe(a.c.data[0]);
        const min = attempt(() => minimizeQuadratic(config, a.w0, a.A, a.b, a.c, a.steps as number, a.schedule), names);
        if (min.ok) expect(min.value.cost.data[0]).toBe(q.ok ? q.value.f(Float64Array.from(a.w0.data)) : NaN);
        const mm = attempt(() => matmul(a.A, a.grads, false, true), ['A', 'B', 'transA', 'transB']);
        if (mm.ok) expect(mm.value.shape).toEqual([a.A.shape[0], a.grads.shape[0]]);
        // One step on a copy: all parameters move, or (on a throw) none.
        if (resolved.ok) {
          const opt = new Float64Optimizer(config);
          const [w0, b, grads] = [a.w0, a.b, a.grads] as Array<Tensor64 | null | undefined>;
          const params = { w: Float64Array.from(w0?.data ?? []), v: Float64Array.from(b?.data ?? []) };
          const snapshot = JSON.stringify(params);
          const step = attempt(() => opt.step(params, { w: grads?.data?.subarray?.(0, params.w.length) as Float64Array, v: b?.data as Float64Array }), ['params', 'grads']);
          if (!step.ok) expect([JSON.stringify(params), opt.t]).toEqual([snapshot, 1]);
        }
        expect(JSON.stringify(a)).toBe(copies);
      }),
      { numRuns: 200 },
    );
  });

  it('networkGradients and trainNetwork', () => {
    const good = fc.tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 2, max: 3 })).chain(([m, n0, n1, C]) => {
      const shapes: NetworkParams<number[]> = { W1: [n0, n1], gamma1: [n1], beta1: [n1], W2: [n1, C], gamma2: [C], beta2: [C] };
      return fc.record({
        p: fc.record(Object.fromEntries(NETWORK_PARAMS.map((k) => [k, tensorArg(shapes[k]).map(toTensor64)])) as NetworkParams<fc.Arbitrary<Tensor64>>),
        X: tensorArg([m, n0]).map(toTensor64),
        Y: fc.array(fc.integer({ min: 0, max: C - 1 }), { minLength: m, maxLength: m }).map((cls): Tensor64 => ({ shape: [m, C], data: Float64Array.from(cls.flatMap((c) => Array.from({ length: C }, (_, j) => (j === c ? 1 : 0)))) })),
        epsilon: fc.constant(1e-3) as fc.Arbitrary<unknown>,
        steps: fc.constant(1) as fc.Arbitrary<unknown>,
      });
    });
    const args = allButOne(good, (a) => ({ p: fc.constantFrom(...NETWORK_PARAMS).chain((k) => badTensor64(a.p[k]).map((bad) => ({ ...a.p, [k]: bad }))), X: badTensor64(a.X), Y: fc.oneof(badTensor64(a.Y), fc.constant({ ...a.Y, data: a.Y.data.map((v) => 2 * v) })), epsilon: anyNumber, steps: anyNumber }));
    fc.assert(
      fc.property(args, (a) => {
        const copies = JSON.stringify(a);
        const names = [...NETWORK_PARAMS, 'X', 'Y', 'p', 'params0', 'epsilon', 'steps'];
        const g = attempt(() => networkGradients(a.X, a.Y, a.p, a.epsilon as number), names);
        const tr = attempt(() => trainNetwork(a.X, a.Y, a.p, { optimizer: 'gd', learningRate: 0.1 }, a.steps as number, a.epsilon as number), names);
        if (tr.ok) {
          expect(tr.value.cost.data[0]).toBe(g.ok ? g.value.cost : NaN);
          // One gradient-descent step: W -= 0.1 dW.
          if (g.ok && a.steps === 1) for (const k of NETWORK_PARAMS) tr.value.params[k].data.forEach((v, i) => expect(v).toBeCloseTo(a.p[k].data[i]! - 0.1 * g.value.grads[k].data[i]!, 10));
        }
        expect(JSON.stringify(a)).toBe(copies);
      }),
      { numRuns: 200 },
    );
  });
});
