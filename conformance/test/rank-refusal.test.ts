/**
 * Rank coverage: a backend (or tfjs) refusing a rank is a skip carrying its own message; any other
 * throw stays an error. Run on the real cpu backend with tfjs's own refusals and bugs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '@dlspec/fixtures/node';
import { checkFixture } from '../src/families/check.js';
import { FAMILIES } from '../src/families/index.js';
import { subjectOf } from '../src/families/op.js';
import { crossEntropyOp } from '../src/families/softmax/ops.js';
import { MAX_RANK, rankShape, ranksFrom } from '../src/families/ranks.js';
import { refusedRank } from '../src/worker/rank-refusal.js';
import { runFixtures } from '../src/worker/run-cases.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fixtures = async (...ids: string[]) => {
  const all = (await loadFixtures({ families: ['softmax', 'batchnorm'] })).fixtures;
  return ids.map((id) => checkFixture(all.find((f) => f.id === id)!, FAMILIES));
};

describe('refusedRank', () => {
  it("reads the rank out of each way tfjs 4.22 words a refusal", () => {
    expect(refusedRank(new Error('GPU for rank 7 is not yet supported'))).toBe(7);
    expect(refusedRank(new Error('Packed transpose for rank 8 is not yet supported.'))).toBe(8);
    expect(refusedRank(new Error('Where for rank 5 is not yet supported'))).toBe(5);
    expect(refusedRank(new Error('batchNormalization is not implemented for array of rank 6 yet'))).toBe(6);
    expect(refusedRank(new Error('WebGL backend: Reverse of rank-7 tensor is not yet supported'))).toBe(7);
    expect(refusedRank(new Error('Gradient for tile operation is not implemented for rank-9 tensors yet.'))).toBe(9);
    expect(refusedRank(new Error('7-D input sampling is not yet supported'))).toBe(7);
  });

  it('takes nothing else for a refusal: other errors, and refusals of ranks every op documents (up to 4)', () => {
    expect(refusedRank(new Error('Error in transpose: rank of input 4 must match length of reps 2,3,2,3,1.'))).toBeNull();
    expect(refusedRank(new Error('GPU for rank 3 is not yet supported'))).toBeNull();
    expect(refusedRank(new TypeError("Cannot read properties of undefined (reading 'read')"))).toBeNull();
    expect(refusedRank('rank 7')).toBeNull();
  });
});

describe('rank cases', () => {
  it('run softmax from rank 1 and batch norm from rank 2 up to MAX_RANK', async () => {
    const ids = (await loadFixtures({ families: ['softmax', 'batchnorm'] })).fixtures.map((f) => f.id);
    for (const r of ranksFrom(1)) expect(ids).toContain(`softmax/rank-${r}`);
    for (const r of ranksFrom(2)) for (const name of ['softmax/xent', 'batchnorm/train', 'batchnorm/inference', 'batchnorm/backward', 'batchnorm/running-stats']) expect(ids).toContain(`${name}-rank-${r}`);
    expect(rankShape(MAX_RANK)).toHaveLength(MAX_RANK);
  });
});

describe('runFixtures on a rank a subject refuses', () => {
  it("skips with tfjs's own message, and leaves an error that is not a refusal an error", async () => {
    const results = await runFixtures(await fixtures('batchnorm/train-rank-5', 'batchnorm/backward-rank-5'), {
      precision: 32,
      subjects: ['tf.layers.batchNormalization (training)', 'tf.grad(tf.batchNorm + tf.moments)', 'dlspec.batchNormTrain', 'dlspec.batchNormBackward'],
    });
    const of = (id: string, subject: string) => results.find((r) => r.id === id && r.subject === subject)!;
    expect(of('batchnorm/train-rank-5', 'tf.layers.batchNormalization (training)')).toMatchObject({
      status: 'skip',
      message: 'refuses rank 5: Error: batchNormalization is not implemented for array of rank 5 yet',
      leakedTensors: 0,
    });
    expect(of('batchnorm/train-rank-5', 'dlspec.batchNormTrain').status).toBe('pass');
    expect(of('batchnorm/backward-rank-5', 'dlspec.batchNormBackward').status).toBe('pass');
    const tileBug = of('batchnorm/backward-rank-5', 'tf.grad(tf.batchNorm + tf.moments)');
    expect(tileBug.status).toBe('error');
    expect(tileBug.message).toMatch(/must match length of reps/);
  });

  it('names the tensors tf.grad leaves behind when the function it differentiates is refused', async () => {
    const [f] = await fixtures('softmax/xent-rank-5');
    // A real tfjs refusal: tfjs-layers' batchNormalization takes ranks 2 to 4 only.
    const refusedInGrad = subjectOf(crossEntropyOp, {
      name: 'tf.grad through a refused rank',
      kind: 'builtin',
      run: (i) => ({
        dz: tf.grad((z: tf.Tensor) => tf.sum(tf.layers.batchNormalization({ axis: 1 }).apply(tf.exp(z), { training: true }) as tf.Tensor))(i.z),
      }),
    });
    const [r] = await runFixtures([f!], { precision: 32, registry: [refusedInGrad] });
    expect(r).toMatchObject({ status: 'skip' });
    expect(r!.message).toMatch(/^refuses rank 5: Error: batchNormalization is not implemented for array of rank 5 yet(; \d+ tensor\(s\) left behind as it threw)?$/);
  });
});
