/**
 * The op forms other suites' data needs (SPEC section 3): softmax_cross_entropy with class-index
 * labels, weights, ignoreIndex and reductions; batchnorm_running_stats with an axis. Checked at
 * load like any fixture, and run on the real cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from '@dlspec/fixtures';
import { loadFixtures } from '@dlspec/fixtures/node';
import { checkFixture } from '../src/families/check.js';
import { FAMILIES } from '../src/families/index.js';
import { runFixtures } from '../src/worker/run-cases.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const all = async () => (await loadFixtures({ families: ['softmax', 'batchnorm'] })).fixtures;
const byId = async (id: string) => (await all()).find((f) => f.id === id)!;
const check = (f: Fixture) => () => checkFixture(f, FAMILIES);

describe('softmax_cross_entropy fixtures, checked at load', () => {
  it('fill the defaults of the one-hot form: mean reduction, no ignoreIndex', async () => {
    expect(checkFixture(await byId('softmax/xent-onehot-32x10'), FAMILIES).params).toEqual({ labelSmoothing: 0, reduction: 'mean' });
    expect(checkFixture(await byId('softmax/xent-ignore-index'), FAMILIES).params).toEqual({ labelSmoothing: 0, reduction: 'mean', ignoreIndex: -1 });
  });

  it('take exactly one label form, and weights and ignoreIndex only with class indices', async () => {
    const labels = await byId('softmax/xent-weights-mean');
    const y = await byId('softmax/xent-onehot-32x10');
    expect(check({ ...labels, inputs: { ...labels.inputs, y: y.inputs.y! } })).toThrow(/inputs: op softmax_cross_entropy takes exactly one of y \(label distributions\) and labels \(class indices\); the fixture gives y and labels/);
    const { labels: _l, weights: _w, ...none } = labels.inputs;
    expect(check({ ...labels, inputs: none })).toThrow(/the fixture gives neither/);
    expect(check({ ...y, inputs: { ...y.inputs, weights: labels.inputs.weights! } })).toThrow(/inputs\.weights: per-class weights need class-index labels/);
    expect(check({ ...y, params: { ...y.params, ignoreIndex: 3 } })).toThrow(/params\.ignoreIndex = 3: an ignored label value needs class-index labels/);
  });

  it('refuse an unknown reduction and a fractional ignoreIndex, naming them', async () => {
    const f = await byId('softmax/xent-ignore-index');
    expect(check({ ...f, params: { ...f.params, reduction: 'avg' } })).toThrow(/params\.reduction = "avg"/);
    expect(check({ ...f, params: { ...f.params, ignoreIndex: 0.5 } })).toThrow(/params\.ignoreIndex = 0\.5/);
  });
});

describe('batchnorm_running_stats with an axis', () => {
  it('takes axis, defaults it to -1, and still refuses unknown params', async () => {
    expect(checkFixture(await byId('batchnorm/running-stats-keras'), FAMILIES).params).toMatchObject({ axis: -1 });
    const f = await byId('batchnorm/running-stats-onnx-channels-first');
    expect(checkFixture(f, FAMILIES).params).toMatchObject({ axis: 1 });
    expect(check({ ...f, params: { ...f.params, channelAxis: 1 } })).toThrow(/params\.channelAxis = 1: op batchnorm_running_stats has no such param/);
  });
});

describe('the new forms on the cpu backend', () => {
  it('pass our reference models and the tfjs built-ins that can express them; skip the others with the reason', async () => {
    const ids = ['softmax/xent-nchw-labels', 'softmax/xent-weights-sum', 'batchnorm/running-stats-keras-channels-first'];
    const fixtures = (await all()).filter((f) => ids.includes(f.id)).map((f) => checkFixture(f, FAMILIES));
    const results = await runFixtures(fixtures, { precision: 32 });
    const of = (id: string, subject: string) => results.find((r) => r.id === id && r.subject === subject);
    expect(of('softmax/xent-nchw-labels', 'dlspec.softmaxCrossEntropy')).toMatchObject({ status: 'pass', notCompared: [] });
    expect(of('softmax/xent-nchw-labels', 'tf.losses.softmaxCrossEntropy[MEAN]')?.status).toBe('pass');
    expect(of('softmax/xent-nchw-labels', 'tf.losses.softmaxCrossEntropy[SUM_BY_NONZERO_WEIGHTS]')).toMatchObject({ status: 'skip' });
    expect(of('softmax/xent-weights-sum', 'tf.losses.softmaxCrossEntropy[MEAN]')?.message).toMatch(/the case's cost is the sum of the losses \(reduction sum\)/);
    expect(of('softmax/xent-weights-sum', 'tf.grad(tf.losses.softmaxCrossEntropy)')?.status).toBe('pass');
    expect(of('batchnorm/running-stats-keras-channels-first', 'tf.layers.batchNormalization (moving statistics)')?.status).toBe('pass');
    expect(of('batchnorm/running-stats-keras-channels-first', 'dlspec.BatchNorm (running statistics)')?.status).toBe('pass');
    expect(results.filter((r) => r.leakedTensors).map((r) => `${r.id} ${r.subject} ${r.leakedTensors}`)).toEqual([]);
  });
});
