import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '@dlspec/fixtures/node';
import { checkFixture } from '../src/families/check.js';
import { FAMILIES } from '../src/families/index.js';
import { subjectOf } from '../src/families/op.js';
import { softmaxOp } from '../src/families/softmax/ops.js';
import { SOFTMAX_SUBJECTS } from '../src/families/softmax/subjects.js';
import { applyExpectations } from '../src/host/expectations.js';
import { caseResult, type CaseResult } from '../src/protocol/case-result.js';
import { runFixtures } from '../src/worker/run-cases.js';
import { startModule } from '../src/backends/module.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fixture = async (id: string) => checkFixture((await loadFixtures({ families: ['softmax'] })).fixtures.find((f) => f.id === id)!, FAMILIES);

describe('runFixtures', () => {
  it('passes the reference model, fused and composed, and counts no leaked tensor', async () => {
    const results = await runFixtures([await fixture('softmax/random-8x10')], { precision: 32, subjects: ['dlspec.'] });
    expect(results.map((r) => r.subject)).toEqual(['dlspec.softmax', 'dlspec.softmax (composed ops)']);
    for (const r of results) {
      expect(r).toMatchObject({ status: 'pass', leakedTensors: 0, tier: 'f32-op' });
      expect(r.maxUlp).toBeLessThan(64);
    }
  });

  it('fails a subject that leaks, errors one that throws, and goes on to the next', async () => {
    const leaky = subjectOf(softmaxOp, { name: 'leaky', kind: 'reference', run: (i) => (tf.square(i.z), { a: tf.softmax(i.z) }) });
    const throwing = subjectOf(softmaxOp, { name: 'throwing', kind: 'reference', run: () => { throw new RangeError('boom'); } });
    const wrong = subjectOf(softmaxOp, { name: 'wrong', kind: 'reference', run: (i) => ({ a: tf.tidy(() => tf.mul(tf.softmax(i.z), 1.001)) }) });
    const fine = SOFTMAX_SUBJECTS.find((s) => s.name === 'tf.softmax')!;
    const results = await runFixtures([await fixture('softmax/random-8x10')], { precision: 32, registry: [leaky, throwing, wrong, fine] });
    const by = Object.fromEntries(results.map((r) => [r.subject, r]));
    expect(by.leaky).toMatchObject({ status: 'fail', leakedTensors: 1 });
    expect(by.leaky!.message).toMatch(/leaked 1 tensor/);
    expect(by.throwing).toMatchObject({ status: 'error', message: 'RangeError: boom' });
    expect(by.wrong!.status).toBe('fail');
    expect(by.wrong!.maxRelError).toBeCloseTo(0.001, 5);
    expect(by.wrong!.message).toMatch(/^a: \d+ of 80 values outside f32-op \(worst \[\d+\]: got [-0-9.e]+, expected [-0-9.e]+; max \d+ ULP\)$/);
    expect(by.wrong!.leakedTensors).toBe(0);
    expect(by['tf.softmax']!.status).toBe('pass');
  });

  it('errs only the subject whose supports() throws, and runs the others', async () => {
    const picky = subjectOf(softmaxOp, { name: 'picky', kind: 'reference', supports: () => { throw new TypeError('bad config'); }, run: (i) => ({ a: tf.softmax(i.z) }) });
    const fine = SOFTMAX_SUBJECTS.find((s) => s.name === 'tf.softmax')!;
    const results = await runFixtures([await fixture('softmax/random-8x10'), await fixture('softmax/random-64x5')], { precision: 32, registry: [picky, fine] });
    expect(results.map((r) => `${r.id} ${r.subject} ${r.status}`)).toEqual([
      'softmax/random-8x10 picky error', 'softmax/random-8x10 tf.softmax pass', 'softmax/random-64x5 picky error', 'softmax/random-64x5 tf.softmax pass',
    ]);
    expect(results[0]!.message).toBe('deciding whether it runs this case threw: TypeError: bad config');
  });

  it('widens float32 tiers to f16 on a half-float backend', async () => {
    const wrong = subjectOf(softmaxOp, { name: 'f16-ish', kind: 'reference', run: (i) => ({ a: tf.tidy(() => tf.mul(tf.softmax(i.z), 1.001)) }) });
    const [r] = await runFixtures([await fixture('softmax/random-8x10')], { precision: 16, registry: [wrong] });
    expect(r).toMatchObject({ status: 'pass', tier: 'f16' });
  });

  it("reads outputs with dataSync where the backend's start asked for it (readBack: 'sync'), with data() otherwise", async () => {
    // The subject's output can be read only one way: the other throws.
    const only = (way: 'data' | 'dataSync') => subjectOf(softmaxOp, {
      name: `only ${way}`, kind: 'reference',
      run: (i) => {
        const a = tf.softmax(i.z);
        const other = way === 'data' ? 'dataSync' : 'data';
        Object.defineProperty(a, other, { value: () => { throw new Error(`read with ${other}`); } });
        return { a };
      },
    });
    const registry = [only('data'), only('dataSync')];
    const statuses = async (readBack?: 'sync' | 'async') =>
      (await runFixtures([await fixture('softmax/random-8x10')], { precision: 32, registry, ...(readBack ? { readBack } : {}) })).map((r) => `${r.subject} ${r.status} ${r.message}`);
    expect(await statuses()).toEqual(['only data pass ', 'only dataSync error Error: read with data']);
    expect(await statuses('async')).toEqual(['only data pass ', 'only dataSync error Error: read with data']);
    expect(await statuses('sync')).toEqual(['only data error Error: read with dataSync', 'only dataSync pass ']);
  });

  it("takes a backend module's readBack from its dlspec export", async () => {
    const started = (info: Record<string, unknown>) => startModule({ url: 'memory:', specifier: 'test-module', host: 'node' }, async () => ({ dlspec: { name: 'cpu', ...info } }));
    expect((await started({ readBack: 'sync' })).readBack).toBe('sync');
    expect(await started({})).not.toHaveProperty('readBack');
  });

  it('skips a subject that does not support the case, with its reason', async () => {
    const results = await runFixtures([await fixture('softmax/axis0-3x4x7')], { precision: 32, subjects: ['tf.softmax'] });
    expect(results[0]).toMatchObject({ status: 'skip', subject: 'tf.softmax' });
    expect(results[0]!.message).toMatch(/only supports the last axis/);
  });
});

describe('applyExpectations', () => {
  const result = (subject: string, status: CaseResult['status']): CaseResult =>
    caseResult({ id: 'softmax/x', family: 'softmax', op: 'softmax', subject, kind: 'builtin' }, status, 'm', { tier: 'f32-op', maxAbsError: 0, maxRelError: 0, maxUlp: 0, maxUlpRelative: 0, leakedTensors: 0 });
  it('turns an expected failure into xfail, an expected failure that passes into xpass, and reports stale entries', () => {
    const cases = [result('a', 'fail'), result('b', 'pass'), result('c', 'fail')];
    const e = (subject: string) => ({ case: 'softmax/x', subject, reason: 'a documented departure', measured: 'maxAbs 1' });
    const stale = applyExpectations(cases, [e('a'), e('b'), e('gone')]);
    expect(cases.map((c) => c.status)).toEqual(['xfail', 'xpass', 'fail']);
    expect(cases[0]!.message).toMatch(/^expected: a documented departure/);
    expect(stale.map((s) => s.subject)).toEqual(['gone']);
  });
});
