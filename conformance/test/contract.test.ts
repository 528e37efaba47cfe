/**
 * The fixture contract every reader follows (SPEC section 3), tried through the command line on
 * a private copy of the fixtures: params exactly the op's, profile only where the op has
 * conventions, and fixtures that hold only some of their op's outputs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixtures, editFixture, runCli } from './helpers.js';

interface Case { id: string; subject: string; status: string; message: string; notCompared: string[]; kind: string }

describe('fixtures checked against their op', () => {
  let cases: Case[];
  let stdout: string;
  let code: number;
  beforeAll(async () => {
    const dir = await copyFixtures();
    await editFixture(dir, 'softmax/random-8x10.json', (f) => (f.params.normCoefficient = 0.5));
    await editFixture(dir, 'softmax/regression-train.json', (f) => delete f.params.steps);
    await editFixture(dir, 'softmax/xent-smoothing-0.1.json', (f) => (f.params.labelSmoothing = 1.5));
    await editFixture(dir, 'softmax/log-random-8x10.json', (f) => (f.params.axis = 'last'));
    await editFixture(dir, 'softmax/lecture-4-class.json', (f) => (f.profile = 'pytorch'));
    // Data from other suites often carries only some outputs: here only the mean cost.
    await editFixture(dir, 'softmax/xent-onehot-32x10.json', (f) => (f.expected = { cost: f.expected.cost }));
    const out = join(dir.dataDir, '..', 'report.json');
    ({ code, stdout } = await runCli(['run', '--backend', 'cpu', '--family', 'softmax', '--fixtures', dir.dataDir, '--reporter', 'json,console', '--out', out]));
    cases = JSON.parse(await readFile(out, 'utf8')).backends[0].cases;
  });

  const errorOf = (id: string) => {
    const found = cases.filter((c) => c.id === id);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'error', kind: 'fixture', subject: '-' });
    return found[0]!.message;
  };

  it('makes an unknown param an error case naming the fixture, the param and the value', () => {
    expect(errorOf('softmax/random-8x10')).toBe('softmax/random-8x10.json: params.normCoefficient = 0.5: op softmax has no such param (it takes axis)');
  });

  it('makes a missing param an error case', () => {
    expect(errorOf('softmax/regression-train')).toMatch(/regression-train\.json: params\.steps is missing: op softmax_regression_train requires it/);
  });

  it('makes an out-of-range or mistyped param an error case', () => {
    expect(errorOf('softmax/xent-smoothing-0.1')).toMatch(/xent-smoothing-0\.1\.json: params\.labelSmoothing = 1\.5: Too big: expected number to be <=1/);
    expect(errorOf('softmax/log-random-8x10')).toMatch(/log-random-8x10\.json: params\.axis = "last": Invalid input: expected number, received string/);
  });

  it('refuses a profile on an op without conventions', () => {
    expect(errorOf('softmax/lecture-4-class')).toMatch(/lecture-4-class\.json: profile = "pytorch": op softmax has no conventions/);
  });

  it('runs every other fixture, and fails the run for the bad ones', () => {
    expect(code).toBe(1);
    expect(cases.filter((c) => c.status === 'error')).toHaveLength(5);
    expect(cases.filter((c) => c.status === 'fail')).toEqual([]);
    expect(cases.filter((c) => c.status === 'pass').length).toBeGreaterThan(80);
  });

  it('compares the outputs a partial fixture holds and lists the others as not compared', () => {
    const of = (subject: string) => cases.find((c) => c.id === 'softmax/xent-onehot-32x10' && c.subject === subject)!;
    expect(of('dlspec.softmaxCrossEntropy')).toMatchObject({ status: 'pass', notCompared: ['loss', 'dz'] });
    expect(of('tf.grad(tf.logSoftmax)')).toMatchObject({ status: 'pass', notCompared: ['dz'] });
    expect(of('tf.losses.softmaxCrossEntropy[MEAN]')).toMatchObject({ status: 'pass', notCompared: [] });
    // A subject that gives none of what the fixture holds compares nothing: a skip, never a pass.
    expect(of('tf.losses.softmaxCrossEntropy[NONE]')).toMatchObject({ status: 'skip', notCompared: ['loss'] });
    expect(of('tf.losses.softmaxCrossEntropy[NONE]').message).toMatch(/gives loss, none of which the fixture holds \(it holds cost\)/);
    expect(stdout).toContain('cpu softmax/xent-onehot-32x10 [dlspec.softmaxCrossEntropy]: pass; not compared (not in the fixture): loss, dz');
  });
});
