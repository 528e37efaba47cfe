/**
 * Property (issue 11): every public function of @dlspec/batchnorm, given good or bad arguments,
 * returns the spec's result or throws a typed error naming the argument; a throwing call changes no
 * state (the layer's variables) and no call leaves a tensor behind. tfjs models on cpu and wasm.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, type Tensor64 } from '@dlspec/core';
import { allButOne, anyNumber, attempt, badTensor64, badTensorArg, buildTensor, gridValues, tensorArg, TFJS_BACKENDS, toTensor64, type TensorArg } from '@dlspec/core/testing';
import * as spec from '../src/spec.js';
import { batchNormBackward, batchNormInference, batchNormTrain, geometry } from '../src/model.js';
import { BatchNorm } from '../src/layer.js';
import { PROFILES, resolveProfile, runningVarianceInput, weightOnOld, type ProfileName } from '../src/profiles.js';

const RUNS = { numRuns: 120 };
/** float32 against float64 on grid values, with eps >= 1e-2 so that zNorm is well conditioned. */
const BOUNDS = { rtol: 1e-4, atol: 1e-4 };
/** z of rank 2 to 4, an axis, and n = the size of that axis. */
const layout = fc.tuple(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }), fc.integer({ min: -4, max: 3 })).map(([shape, axis]) => {
  const ax = ((axis % shape.length) + shape.length) % shape.length;
  return { shape, axis, n: shape[ax] as number };
});
const epsilon = fc.constantFrom(1e-2, 0.1, 1);
const as64 = toTensor64;
/** Variances: grid values >= 0. */
const variances = (shape: number[]) => gridValues(shape.reduce((p, q) => p * q, 1)).map((v) => v.map(Math.abs));
const close = (got: tf.Tensor, want: Tensor64) => {
  const c = compareValues(got.dataSync(), want.data, BOUNDS);
  expect(c.pass, `worst ${JSON.stringify(c.worst)}`).toBe(true);
};

describe.each(TFJS_BACKENDS)('@dlspec/batchnorm on %s: typed error or the spec result, nothing left behind', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  const withTensors = (args: TensorArg[], body: (ts: tf.Tensor[]) => void) => {
    const ts = args.map((a) => buildTensor(tf, a));
    const before = tf.memory().numTensors;
    body(ts);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(ts.filter((t) => t instanceof tf.Tensor));
  };
  const wellConditioned = (eps: unknown) => typeof eps === 'number' && eps >= 1e-2;

  it('batchNormTrain, batchNormInference, batchNormBackward', () => {
    const good = layout.chain(({ shape, axis, n }) =>
      fc.record({ z: tensorArg(shape), gamma: tensorArg([n]), beta: tensorArg([n]), mean: tensorArg([n]), variance: tensorArg([n], variances), dzTilde: tensorArg(shape), axis: fc.constant(axis as unknown), epsilon: epsilon as fc.Arbitrary<unknown> }),
    );
    const args = allButOne(good, (a) => ({
      z: badTensorArg(a.z), gamma: badTensorArg(a.gamma), beta: badTensorArg(a.beta), mean: badTensorArg(a.mean), variance: badTensorArg(a.variance), dzTilde: badTensorArg(a.dzTilde), axis: anyNumber, epsilon: anyNumber,
    }));
    fc.assert(
      fc.property(args, (a) =>
        withTensors([a.z, a.gamma, a.beta, a.mean, a.variance, a.dzTilde], ([z, gamma, beta, mean, variance, dzTilde]) => {
          const options = { epsilon: a.epsilon as number, axis: a.axis as number };
          const names = ['z', 'gamma', 'beta', 'mean', 'variance', 'dzTilde', 'epsilon', 'axis', 'options'];
          const train = attempt(() => batchNormTrain(z!, gamma as tf.Tensor1D, beta as tf.Tensor1D, options), names);
          if (train.ok) {
            const want = spec.forwardTrain(as64(a.z), as64(a.gamma), as64(a.beta), options.epsilon, options.axis);
            if (wellConditioned(a.epsilon)) [close(train.value.mean, want.mu), close(train.value.variance, want.sigma2), close(train.value.zTilde, want.zTilde)];
            tf.dispose(Object.values(train.value));
          }
          const inference = attempt(() => batchNormInference(z!, gamma as tf.Tensor1D, beta as tf.Tensor1D, mean as tf.Tensor1D, variance as tf.Tensor1D, options), names);
          if (inference.ok) {
            if (wellConditioned(a.epsilon)) close(inference.value, spec.forwardInference(as64(a.z), as64(a.gamma), as64(a.beta), as64(a.mean), as64(a.variance), options.epsilon, options.axis));
            inference.value.dispose();
          }
          const back = attempt(() => batchNormBackward(z!, gamma as tf.Tensor1D, dzTilde!, options), names);
          if (back.ok) {
            const want = spec.backward(as64(a.z), as64(a.gamma), as64(a.dzTilde), options.epsilon, options.axis);
            if (wellConditioned(a.epsilon)) [close(back.value.dgamma, want.dgamma), close(back.value.dbeta, want.dbeta)];
            tf.dispose(Object.values(back.value));
          }
        }),
      ),
      RUNS,
    );
  });

  it('the BatchNorm layer: construction and apply change nothing when they throw', () => {
    const good = layout.chain(({ shape, axis, n }) =>
      fc.record({
        size: fc.constant(n as unknown),
        axis: fc.constant(axis as unknown),
        profile: fc.constantFrom(...(Object.keys(PROFILES) as ProfileName[])) as fc.Arbitrary<unknown>,
        momentum: fc.constantFrom(undefined, 0, 0.5, 0.9, 1) as fc.Arbitrary<unknown>,
        epsilon: fc.oneof(fc.constant(undefined), epsilon) as fc.Arbitrary<unknown>,
        gamma: fc.option(tensorArg([n]), { nil: undefined }),
        runningVariance: fc.option(tensorArg([n], variances), { nil: undefined }),
        z: tensorArg(shape),
        training: fc.boolean() as fc.Arbitrary<unknown>,
        disposeFirst: fc.constant(false),
      }),
    );
    const args = allButOne(good, (a) => ({
      size: anyNumber, axis: anyNumber, profile: fc.oneof(anyNumber, fc.constant('caffe')), momentum: anyNumber, epsilon: anyNumber,
      gamma: a.gamma && badTensorArg(a.gamma), runningVariance: a.runningVariance && badTensorArg(a.runningVariance), z: badTensorArg(a.z), training: anyNumber, disposeFirst: fc.constant(true),
    }));
    fc.assert(
      fc.property(args, (a) =>
        withTensors([a.z, ...(a.gamma ? [a.gamma] : []), ...(a.runningVariance ? [a.runningVariance] : [])], ([z, ...rest]) => {
          const gamma = a.gamma ? (rest.shift() as tf.Tensor1D) : undefined;
          const runningVariance = a.runningVariance ? (rest.shift() as tf.Tensor1D) : undefined;
          const options = { size: a.size, axis: a.axis, profile: a.profile, momentum: a.momentum, epsilon: a.epsilon, gamma, runningVariance } as never;
          const made = attempt(() => new BatchNorm(options), ['options', 'size', 'axis', 'profile', 'momentum', 'epsilon', 'gamma', 'runningVariance']);
          if (!made.ok) return;
          const layer = made.value;
          if (a.disposeFirst) layer.dispose();
          const live = !layer.gamma.isDisposed;
          const state = live ? [layer.runningMean, layer.runningVariance].map((v) => Array.from(v.dataSync())) : [];
          const before = tf.memory().numTensors;
          const r = attempt(() => layer.apply(z!, { training: a.training as boolean }), ['BatchNorm', 'z', 'training']);
          if (!r.ok) {
            expect(tf.memory().numTensors).toBe(before);
            if (live) expect([layer.runningMean, layer.runningVariance].map((v) => Array.from(v.dataSync()))).toEqual(state);
          } else {
            const [z64, n] = [as64(a.z), layer.size];
            const g64 = gamma ? as64(a.gamma!) : { shape: [n], data: new Float64Array(n).fill(1) };
            const b64 = { shape: [n], data: new Float64Array(n) };
            const want = a.training
              ? spec.forwardTrain(z64, g64, b64, layer.epsilon, layer.axis).zTilde
              : spec.forwardInference(z64, g64, b64, { shape: [n], data: Float64Array.from(state[0]!) }, { shape: [n], data: Float64Array.from(state[1]!) }, layer.epsilon, layer.axis);
            if (wellConditioned(layer.epsilon)) close(r.value, want);
            if (a.training) {
              // running = w running + (1 - w) batch statistic, the profile deciding w and the variance.
              const { mu, sigma2 } = spec.moments(z64, layer.axis);
              const w = weightOnOld(layer.profile, layer.momentum);
              const m = z64.data.length / n;
              close(layer.runningMean, { shape: [n], data: mu.data.map((x, j) => w * state[0]![j]! + (1 - w) * x) });
              close(layer.runningVariance, { shape: [n], data: sigma2.data.map((x, j) => w * state[1]![j]! + (1 - w) * runningVarianceInput(layer.profile, x, m)) });
            }
            r.value.dispose();
          }
          layer.dispose();
        }),
      ),
      RUNS,
    );
  });
});

describe('@dlspec/batchnorm pure functions: typed error or a consistent result, arguments untouched', () => {
  const good = layout.chain(({ shape, axis, n }) =>
    fc.record({
      z: tensorArg(shape).map(toTensor64),
      gamma: tensorArg([n]).map(toTensor64),
      beta: tensorArg([n]).map(toTensor64),
      mu: tensorArg([n]).map(toTensor64),
      sigma2: tensorArg([n], variances).map(toTensor64),
      dzTilde: tensorArg(shape).map(toTensor64),
      batches: tensorArg([shape[0]!, shape[1]!, n]).map(toTensor64),
      W: tensorArg([shape[1]!, n]).map(toTensor64),
      epsilon: fc.constantFrom(1e-3, 1) as fc.Arbitrary<unknown>,
      axis: fc.constant(axis as unknown),
      momentum: fc.constantFrom(0, 0.5, 1) as fc.Arbitrary<unknown>,
      profile: fc.constantFrom(...Object.keys(PROFILES)) as fc.Arbitrary<unknown>,
    }),
  );
  const args = allButOne(good, (a) => ({
    z: badTensor64(a.z), gamma: badTensor64(a.gamma), beta: badTensor64(a.beta), mu: badTensor64(a.mu), sigma2: fc.oneof(badTensor64(a.sigma2), fc.constant({ ...a.sigma2, data: a.sigma2.data.map((v) => -1 - v) })),
    dzTilde: badTensor64(a.dzTilde), batches: badTensor64(a.batches), W: badTensor64(a.W), epsilon: anyNumber, axis: anyNumber, momentum: anyNumber, profile: fc.oneof(anyNumber, fc.constant('caffe')),
  }));
  const names = ['z', 'gamma', 'beta', 'mu', 'sigma2', 'dzTilde', 'epsilon', 'axis'];
  it('spec.moments, forwardTrain, forwardInference, backward, runningStats, linear; geometry and the profiles', () => {
    fc.assert(
      fc.property(args, (a) => {
        const [z, eps, axis] = [a.z, a.epsilon as number, a.axis as number];
        const copies = JSON.stringify(a);
        const m = attempt(() => spec.moments(z, axis), ['z', 'axis']);
        if (m.ok) expect(m.value.sigma2.data.every((v) => v >= 0)).toBe(true);
        const train = attempt(() => spec.forwardTrain(z, a.gamma, a.beta, eps, axis), names);
        if (train.ok) {
          // Test time with the batch's own statistics is training mode again.
          const own = spec.forwardInference(z, a.gamma, a.beta, train.value.mu, train.value.sigma2, eps, axis);
          own.data.forEach((v, i) => expect(v).toBeCloseTo(train.value.zTilde.data[i]!, 10));
        }
        const inf = attempt(() => spec.forwardInference(z, a.gamma, a.beta, a.mu, a.sigma2, eps, axis), names);
        if (inf.ok) expect(inf.value.shape).toEqual(z.shape);
        const back = attempt(() => spec.backward(z, a.gamma, a.dzTilde, eps, axis), names);
        if (back.ok) expect(back.value.dz.shape).toEqual(z.shape);
        const rs = attempt(() => spec.runningStats(a.batches, a.mu, a.sigma2, a.momentum as number, a.profile as string), ['batches', 'mean0', 'variance0', 'momentum', 'profile']);
        if (rs.ok) expect(rs.value.runningMean.shape).toEqual([a.batches.shape[0], a.batches.shape[2]]);
        const lin = attempt(() => spec.linear(z, a.W, a.beta), ['X', 'W', 'b']);
        if (lin.ok) expect(lin.value.shape).toEqual([z.shape[0], a.W.shape[1]]);
        const zShape = (z as Tensor64 | undefined)?.shape as number[];
        const g = attempt(() => geometry(zShape, axis), ['z', 'axis']);
        if (g.ok) expect(g.value.n * g.value.m).toBe(zShape.reduce((p, q) => p * q, 1));
        const p = attempt(() => resolveProfile(a.profile as string), ['profile']);
        if (p.ok) {
          const w = attempt(() => weightOnOld(p.value, a.momentum as number), ['momentum']);
          if (w.ok) expect(w.value >= 0 && w.value <= 1).toBe(true);
          const v = attempt(() => runningVarianceInput(p.value, 2, axis), ['m']);
          if (v.ok) expect(v.value).toBe(p.value.variance === 'unbiased' ? (2 * axis) / (axis - 1) : 2);
        }
        expect(JSON.stringify(a)).toBe(copies);
      }),
      { numRuns: 300 },
    );
  });
});
