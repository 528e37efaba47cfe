/** The softmax family's ops (SPEC section 3): names, params, tensor keys, float64 expectations. */
import { spec } from '@dlspec/softmax';
import { z } from 'zod';
import { defineOp } from '../op.js';
import { axis, count, positive } from '../params.js';

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

export const crossEntropyOp = defineOp({
  name: 'softmax_cross_entropy',
  summary: 'loss per example, mean cost J and dz = dJ/dz for logits z [m, C] and labels y [m, C]',
  params: z.strictObject({ labelSmoothing: z.number().min(0).max(1).default(0) }),
  inputs: ['z', 'y'],
  outputs: ['loss', 'cost', 'dz'],
  expect: ({ z, y }, p) => {
    const { loss, cost, dz } = spec.softmaxCrossEntropy(z, y, p.labelSmoothing);
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
