/** The softmax family's ops (SPEC section 3): names, params, tensor keys, float64 expectations. */
import { spec } from '@dlspec/softmax';
import { z } from 'zod';
import { defineOp } from '../op.js';
import { axis, count, definedParams, positive } from '../params.js';

export const softmaxOp = defineOp({
  name: 'softmax',
  summary: 'a = exp(z) / sum(exp(z)) along `axis`',
  params: z.strictObject({ axis: axis().default(-1) }),
  inputs: ['z'],
  outputs: ['a'],
  expect: ({ z }, p) => ({ a: spec.softmax(z, p.axis) }),
});

export const logSoftmaxOp = defineOp({
  name: 'log_softmax',
  summary: 'logp = z - log(sum(exp(z))) along `axis`',
  params: z.strictObject({ axis: axis().default(-1) }),
  inputs: ['z'],
  outputs: ['logp'],
  expect: ({ z }, p) => ({ logp: spec.logSoftmax(z, p.axis) }),
});

/** The label forms of softmax_cross_entropy: distributions y of z's shape, or class indices `labels`. */
function checkCrossEntropyInputs(inputs: Readonly<Record<string, unknown>>, p: { ignoreIndex?: number | undefined }): string | undefined {
  const forms = ['y', 'labels'].filter((k) => k in inputs);
  if (forms.length !== 1) return `inputs: op softmax_cross_entropy takes exactly one of y (label distributions) and labels (class indices); the fixture gives ${forms.length ? forms.join(' and ') : 'neither'}`;
  if ('weights' in inputs && !('labels' in inputs)) return 'inputs.weights: per-class weights need class-index labels (inputs.labels), as in ONNX SoftmaxCrossEntropyLoss';
  if (p.ignoreIndex !== undefined && !('labels' in inputs)) return `params.ignoreIndex = ${p.ignoreIndex}: an ignored label value needs class-index labels (inputs.labels)`;
  return undefined;
}

export const crossEntropyOp = defineOp({
  name: 'softmax_cross_entropy',
  summary:
    'loss L per element, cost J (the mean, weighted mean or sum of L) and dz = dJ/dz for logits z [m, C] or [N, C, d1, ..., dk] (classes on axis 1) and labels y of z\'s shape or class indices `labels`',
  params: z.strictObject({
    labelSmoothing: z.number().min(0).max(1).default(0),
    // none: cost is the sum of L, so dz (its gradient) is what tf.grad gives an unreduced loss.
    reduction: z.enum(spec.REDUCTIONS).default('mean'),
    ignoreIndex: z.number().int().optional(),
  }),
  inputs: ['z'],
  optionalInputs: ['y', 'labels', 'weights'],
  outputs: ['loss', 'cost', 'dz'],
  checkInputs: checkCrossEntropyInputs,
  expect: ({ z, y, labels, weights }, p) => {
    const { loss, cost, dz } = labels
      ? spec.sparseSoftmaxCrossEntropy(z, labels, { labelSmoothing: p.labelSmoothing, reduction: p.reduction, ...(weights ? { weights } : {}), ...definedParams(p, ['ignoreIndex']) })
      : spec.softmaxCrossEntropy(z, y ?? z, p.labelSmoothing, { reduction: p.reduction });
    return { loss, cost, dz };
  },
});

export const regressionTrainOp = defineOp({
  name: 'softmax_regression_train',
  summary: 'softmax regression z = X W + b trained by full-batch gradient descent: the cost before each step, W and b after the last',
  params: z.strictObject({ learningRate: positive(), steps: count() }),
  inputs: ['X', 'Y', 'W0', 'b0'],
  outputs: ['cost', 'W', 'b'],
  expect: ({ X, Y, W0, b0 }, p) => {
    const { cost, W, b } = spec.softmaxRegressionTrain(X, Y, W0, b0, p.learningRate, p.steps);
    return { cost, W, b };
  },
});

export const SOFTMAX_OPS = [softmaxOp, logSoftmaxOp, crossEntropyOp, regressionTrainOp] as const;
