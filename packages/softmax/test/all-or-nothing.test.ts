/**
 * Property (issue 11): every public function of @dlspec/softmax, given good or bad arguments, returns
 * the spec's result or throws a typed error naming the argument; a throwing call changes no state
 * and no call leaves a tensor behind. The tfjs models run on the cpu and wasm backends.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, TIERS, type Tensor64 } from '@dlspec/core';
import { allButOne, anyNumber, anyShape, attempt, attemptAsync, BAD_NUMBERS, badTensor64, badTensorArg, buildTensor, gridValues, tensorArg, TFJS_BACKENDS, toTensor64, type TensorArg } from '@dlspec/core/testing';
import * as spec from '../src/spec.js';
import { assertLabelDistributions, logSoftmax, softmax, softmaxCrossEntropy, softmaxCrossEntropyChecked } from '../src/model.js';
import { SoftmaxRegression } from '../src/regression.js';

const RUNS = { numRuns: 100 };
/** [m, C], non-empty. */
const matrix = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })).map(([m, C]) => [m, C]);
/** A non-empty shape of rank 1 to 3. */
const logitsShape = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 });
const oneHot = (shape: number[]) =>
  fc.array(fc.integer({ min: 0, max: Math.max(0, (shape[1] ?? 1) - 1) }), { minLength: shape[0] ?? 0, maxLength: shape[0] ?? 0 }).map((cls) =>
    shape.length === 2 ? cls.flatMap((c) => Array.from({ length: shape[1] as number }, (_, j) => (j === c ? 1 : 0))) : new Array(shape.reduce((a, b) => a * b, 1)).fill(0),
  );
const options = fc.oneof(fc.record({ labelSmoothing: fc.double({ min: 0, max: 1, noNaN: true }) }), fc.constant({})) as fc.Arbitrary<unknown>;
const badOptions = fc.oneof(fc.record({ labelSmoothing: anyNumber }), fc.constantFrom(...BAD_NUMBERS));
const as64 = toTensor64;
const close = (got: tf.Tensor, want: Tensor64, tier: keyof typeof TIERS = 'f32-op') => {
  const c = compareValues(got.dataSync(), want.data, TIERS[tier]);
  expect(c.pass, `worst ${JSON.stringify(c.worst)}`).toBe(true);
};

describe.each(TFJS_BACKENDS)('@dlspec/softmax on %s: typed error or the spec result, nothing left behind', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  /** Build the tensor arguments, run body, dispose them, and check that the count of tensors did not move. */
  const withTensors = async (args: TensorArg[], body: (ts: tf.Tensor[]) => void | Promise<void>) => {
    const ts = args.map((a) => buildTensor(tf, a));
    const before = tf.memory().numTensors;
    await body(ts);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(ts.filter((t) => t instanceof tf.Tensor));
  };

  it('softmax and logSoftmax', async () => {
    await fc.assert(
      fc.asyncProperty(allButOne(fc.record({ z: tensorArg(logitsShape), axis: fc.integer({ min: -1, max: 0 }) as fc.Arbitrary<unknown> }), (a) => ({ z: badTensorArg(a.z), axis: anyNumber })), ({ z: zArg, axis }) =>
        withTensors([zArg], ([z]) => {
          for (const [model, reference] of [[softmax, spec.softmax], [logSoftmax, spec.logSoftmax]] as const) {
            const r = attempt(() => model(z!, axis as number), ['z', 'axis']);
            if (r.ok) close(r.value, reference(as64(zArg), axis as number));
            if (r.ok) r.value.dispose();
          }
        }),
      ),
      RUNS,
    );
  });

  it('softmaxCrossEntropy, softmaxCrossEntropyChecked and assertLabelDistributions', async () => {
    const good = matrix.chain((shape) => fc.record({ z: tensorArg(shape), y: tensorArg(shape, oneHot), options }));
    // Labels that are not distributions are bad only for the checked forms.
    const args = allButOne(good, (a) => ({ z: badTensorArg(a.z), y: fc.oneof(badTensorArg(a.y), tensorArg(a.y.shape, (s) => gridValues(s[0]! * s[1]!, 1))), options: badOptions }));
    await fc.assert(
      fc.asyncProperty(args, ({ z: zArg, y: yArg, options: opts }) =>
        withTensors([zArg, yArg], async ([z, y]) => {
          const want = attempt(() => spec.softmaxCrossEntropy(as64(zArg), as64(yArg), ((opts ?? {}) as { labelSmoothing?: number }).labelSmoothing ?? 0), ['z', 'y', 'labelSmoothing']);
          const checked = await attemptAsync(() => softmaxCrossEntropyChecked(z as tf.Tensor2D, y as tf.Tensor2D, opts as never), ['z', 'y', 'options', 'labelSmoothing']);
          const plain = attempt(() => softmaxCrossEntropy(z as tf.Tensor2D, y as tf.Tensor2D, opts as never), ['z', 'y', 'options', 'labelSmoothing']);
          const labels = await attemptAsync(() => assertLabelDistributions(y as tf.Tensor2D), ['y']);
          for (const r of [checked, plain]) {
            if (!r.ok) continue;
            if (r === checked || labels.ok) {
              expect(want.ok).toBe(true);
              if (want.ok) for (const k of ['loss', 'cost', 'dz'] as const) close(r.value[k], want.value[k]);
            }
            tf.dispose(Object.values(r.value));
          }
          if (!plain.ok) expect(checked.ok).toBe(false);
        }),
      ),
      RUNS,
    );
  });

  it('SoftmaxRegression: construction, logits, step and train change nothing when they throw', async () => {
    const unit = (s: number[]) => gridValues(s.reduce((p, q) => p * q, 1), 1);
    const good = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([m, n, C]) =>
      fc.record({
        W0: tensorArg([n, C], unit),
        b0: tensorArg([C], unit),
        X: tensorArg([m, n], unit),
        Y: tensorArg([m, C], oneHot),
        learningRate: fc.double({ min: 0.01, max: 1, noNaN: true }) as fc.Arbitrary<unknown>,
        steps: fc.integer({ min: 1, max: 3 }) as fc.Arbitrary<unknown>,
        action: fc.constantFrom('logits', 'step', 'train', 'after dispose'),
      }),
    );
    const setup = allButOne(good, (a) => ({ W0: badTensorArg(a.W0), b0: badTensorArg(a.b0), X: badTensorArg(a.X), Y: badTensorArg(a.Y), learningRate: anyNumber, steps: anyNumber }));
    await fc.assert(
      fc.asyncProperty(setup, (s) =>
        withTensors([s.W0, s.b0, s.X, s.Y], ([W0, b0, X, Y]) => {
          const made = attempt(() => new SoftmaxRegression(W0 as tf.Tensor2D, b0 as tf.Tensor1D, { learningRate: s.learningRate as number }), ['W0', 'b0', 'learningRate']);
          if (!made.ok) return;
          const model = made.value;
          if (s.action === 'after dispose') model.dispose();
          const [W, b] = model.W.isDisposed ? [[], []] : [Array.from(model.W.dataSync()), Array.from(model.b.dataSync())];
          const atCall = tf.memory().numTensors;
          const call = () => (s.action === 'logits' ? model.logits(X as tf.Tensor2D) : s.action === 'train' ? model.train(X as tf.Tensor2D, Y as tf.Tensor2D, s.steps as number) : model.step(X as tf.Tensor2D, Y as tf.Tensor2D));
          const r = attempt(call, ['X', 'Y', 'steps', 'SoftmaxRegression']);
          if (!r.ok) {
            expect(tf.memory().numTensors).toBe(atCall);
            if (!model.W.isDisposed) expect([Array.from(model.W.dataSync()), Array.from(model.b.dataSync())]).toEqual([W, b]);
          } else {
            const [X64, Y64, W64, b64] = [as64(s.X), as64(s.Y), as64(s.W0), as64(s.b0)];
            if (s.action === 'logits') {
              const [n, C] = W64.shape as [number, number];
              const logits = Float64Array.from({ length: X64.shape[0]! * C }, (_, k) => {
                const [i, j] = [Math.floor(k / C), k % C];
                return b64.data[j]! + Array.from({ length: n }, (_, q) => X64.data[i * n + q]! * W64.data[q * C + j]!).reduce((p, c) => p + c, 0);
              });
              close(r.value, { shape: r.value.shape, data: logits });
            } else if ((s.learningRate as number) <= 10) {
              // (A larger rate diverges in float32 long before float64: only the shapes are comparable.)
              const steps = s.action === 'train' ? (s.steps as number) : 1;
              const want = spec.softmaxRegressionTrain(X64, Y64, W64, b64, s.learningRate as number, steps);
              close(r.value, s.action === 'train' ? want.cost : { shape: [], data: want.cost.data.slice(0, 1) }, 'f32-trajectory');
              close(model.W, want.W, 'f32-trajectory');
              close(model.b, want.b, 'f32-trajectory');
            }
            r.value.dispose();
          }
          model.dispose();
        }),
      ),
      RUNS,
    );
  });
});

describe('@dlspec/softmax spec (float64): typed error or a consistent result, arguments untouched', () => {
  const good = matrix.chain(([m, C]) =>
    fc.record({
      z: tensorArg([m!, C!]).map(as64),
      y: tensorArg([m!, C!], oneHot).map(as64),
      W0: tensorArg([C!, C!]).map(as64),
      b0: tensorArg([C!]).map(as64),
      axis: fc.integer({ min: -2, max: 1 }) as fc.Arbitrary<unknown>,
      labelSmoothing: fc.constantFrom(0, 0.1, 1) as fc.Arbitrary<unknown>,
      learningRate: fc.constantFrom(0.1, 1) as fc.Arbitrary<unknown>,
      steps: fc.integer({ min: 1, max: 3 }) as fc.Arbitrary<unknown>,
    }),
  );
  const args = allButOne(good, (a) => ({
    z: badTensor64(a.z), y: fc.oneof(badTensor64(a.y), fc.constant({ ...a.y, data: a.y.data.map((v) => v * 2) })), W0: badTensor64(a.W0), b0: badTensor64(a.b0),
    axis: anyNumber, labelSmoothing: anyNumber, learningRate: anyNumber, steps: anyNumber,
  }));
  it('softmax, logSoftmax, smoothLabels, checkLabels, softmaxCrossEntropy, softmaxRegressionTrain', () => {
    fc.assert(
      fc.property(args, (a) => {
        const copies = JSON.stringify(a);
        const s = attempt(() => spec.softmax(a.z, a.axis as number), ['z', 'axis']);
        if (s.ok) expect(s.value.shape).toEqual(a.z.shape);
        const l = attempt(() => spec.logSoftmax(a.z, a.axis as number), ['z', 'axis']);
        if (l.ok && s.ok) l.value.data.forEach((v, i) => expect(Math.exp(v)).toBeCloseTo(s.value.data[i]!, 12));
        const sm = attempt(() => spec.smoothLabels(a.y, a.labelSmoothing as number), ['y', 'labelSmoothing']);
        if (sm.ok) expect(sm.value.data.length).toBe(a.y.data.length);
        attempt(() => spec.checkLabels(a.y), ['y']);
        const ce = attempt(() => spec.softmaxCrossEntropy(a.z, a.y, a.labelSmoothing as number), ['z', 'y', 'labelSmoothing']);
        if (ce.ok) expect(ce.value.cost.data[0]).toBeCloseTo(ce.value.loss.data.reduce((p, q) => p + q, 0) / ce.value.loss.data.length, 12);
        // X = z [m, C] as features, Y = y, W0 [C, C]: softmax regression with n = C.
        const tr = attempt(() => spec.softmaxRegressionTrain(a.z, a.y, a.W0, a.b0, a.learningRate as number, a.steps as number), ['X', 'Y', 'W0', 'b0', 'learningRate', 'steps']);
        if (tr.ok) expect(tr.value.cost.data.length).toBe(a.steps);
        expect(JSON.stringify(a)).toBe(copies);
      }),
      { numRuns: 300 },
    );
  });
});
