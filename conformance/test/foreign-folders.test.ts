/**
 * A fixture set that is not dlspec's own, through the real command line in a temporary folder:
 * `fixtures manifest` checks and hashes it, `run --fixtures` runs it, and dlspec's built-in
 * expectations stay with dlspec's set: a foreign fixture that reuses a dlspec id neither inherits
 * its expected failure nor makes it stale. dlspec's own fixtures are not touched.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const OWN = fileURLToPath(new URL('../../fixtures/', import.meta.url));
interface Case { id: string; subject: string; status: string; message: string }

/** A set folder `<tmp>/<name>` holding copies of dlspec fixtures (ids kept), without a manifest. */
async function foreignSet(name: string, files: string[]): Promise<string> {
  const root = join(await mkdtemp(join(tmpdir(), 'dlspec-foreign-')), name);
  for (const file of files) await cp(join(OWN, 'data', file), join(root, 'data', file));
  return root;
}

const EXPECTED_ON_CPU = 'softmax/xent-large-logits'; // has entries in expectations/cpu.json (tf.losses.softmaxCrossEntropy)

async function run(set: string, ...extra: string[]): Promise<{ code: number; cases: Case[]; stale: unknown[]; stdout: string }> {
  const out = join(set, `report-${Math.random().toString(36).slice(2)}.json`);
  const { code, stdout } = await runCli(['run', '--backend', 'cpu', '--fixtures', set, '--reporter', 'json,console', '--out', out, ...extra]);
  const report = JSON.parse(await readFile(out, 'utf8'));
  return { code, cases: report.backends[0].cases, stale: report.summary.staleExpectations, stdout };
}

describe('a foreign fixture set', () => {
  let set: string;
  let ownManifest: string;
  beforeAll(async () => {
    ownManifest = await readFile(join(OWN, 'manifest.json'), 'utf8');
    set = await foreignSet('mine', [`${EXPECTED_ON_CPU}.json`, 'softmax/lecture-4-class.json']);
  });

  it('cannot run before it has a manifest, and the message says which command writes one', async () => {
    const { code, stderr } = await runCli(['run', '--backend', 'cpu', '--fixtures', set]);
    expect(code).toBe(2);
    expect(stderr).toBe(`dlspec: --fixtures needs a manifest.json (looked for ${join(set, 'manifest.json')}): write one with \`dlspec fixtures manifest ${set}\`; got "${set}"\n`);
  });

  it('gets its manifest from `dlspec fixtures manifest`, named after its folder', async () => {
    const { code, stdout } = await runCli(['fixtures', 'manifest', set]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote .*mine\/manifest\.json: set mine, 2 fixtures/);
    const manifest = JSON.parse(await readFile(join(set, 'manifest.json'), 'utf8'));
    expect(manifest.set).toBe('mine');
    expect(Object.keys(manifest.files)).toEqual(['softmax/lecture-4-class.json', `${EXPECTED_ON_CPU}.json`]);
  });

  it("runs without inheriting dlspec's expected failures by an id collision, and reports none of them as stale", async () => {
    const { code, cases, stale } = await run(set);
    expect(code).toBe(1);
    const collided = cases.filter((c) => c.id === EXPECTED_ON_CPU && c.subject.startsWith('tf.losses.softmaxCrossEntropy'));
    expect(collided.length).toBeGreaterThan(0);
    for (const c of collided) expect(c.status).toBe('fail');
    expect(cases.filter((c) => c.status === 'xfail')).toEqual([]);
    expect(stale).toEqual([]);
  });

  it("takes a user's expectations file that names this set, and ignores one written for another set", async () => {
    const reason = 'logSumExp rounded at the scale of logits near 1e4 (our own record for this set)';
    const entries = [{ case: EXPECTED_ON_CPU, subject: 'tf.losses.*', reason }, { case: EXPECTED_ON_CPU, subject: 'tf.grad(tf.losses.softmaxCrossEntropy)', reason }];
    const mineFile = join(set, 'mine-cpu.json');
    const otherFile = join(set, 'other-cpu.json');
    await writeFile(mineFile, JSON.stringify({ schemaVersion: 1, backend: 'cpu', set: 'mine', expected: entries }));
    await writeFile(otherFile, JSON.stringify({ schemaVersion: 1, backend: 'cpu', set: 'other', expected: entries }));
    const mine = await run(set, '--expectations', mineFile);
    expect(mine.code).toBe(0);
    expect(mine.cases.filter((c) => c.id === EXPECTED_ON_CPU && c.status === 'xfail').length).toBeGreaterThan(0);
    const other = await run(set, '--expectations', otherFile);
    expect(other.code).toBe(1);
    expect(other.cases.filter((c) => c.status === 'xfail')).toEqual([]);
    expect(other.stale).toEqual([]);
  });

  it('gets a set-scoped expectations file from `expectations write --set`', async () => {
    const report = join(set, 'written-from.json');
    await runCli(['run', '--backend', 'cpu', '--fixtures', set, '--reporter', 'json', '--out', report]);
    const file = join(set, 'written.json');
    const { code } = await runCli(['expectations', 'write', '--from', report, '--set', 'mine', '--out', file]);
    expect(code).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written).toMatchObject({ backend: 'cpu', set: 'mine' });
    expect(written.expected.map((e: { case: string }) => e.case)).toContain(EXPECTED_ON_CPU);
    const bad = await runCli(['expectations', 'write', '--from', report, '--set', 'Mine']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^dlspec: --set must be lower case/);
  });

  it("keeps dlspec's own fixtures as they were", async () => {
    expect(await readFile(join(OWN, 'manifest.json'), 'utf8')).toBe(ownManifest);
  });
});

describe('fixtures manifest on bad fixtures', () => {
  it('checks every file as a run would, names each problem, and writes nothing', async () => {
    const set = await foreignSet('bad', ['softmax/lecture-4-class.json']);
    const base = JSON.parse(await readFile(join(OWN, 'data/softmax/lecture-4-class.json'), 'utf8'));
    const put = async (file: string, fixture: unknown, text = JSON.stringify(fixture)) => {
      await mkdir(join(set, 'data', file.split('/')[0]!), { recursive: true });
      await writeFile(join(set, 'data', file), text);
    };
    await put('softmax/Upper-Case.json', { ...base, id: 'softmax/Upper-Case' });
    await put('softmax/tier.json', { ...base, id: 'softmax/tier', tolerance: 'f32op' });
    await put('softmax/nan.json', null, JSON.stringify({ ...base, id: 'softmax/nan' }).replace('"data":[', '"data":[NaN,'));
    await put('onnx/softmax-axis-0.json', { ...base, id: 'onnx/softmax-axis-0', family: 'onnx' });
    await put('softmax/family.json', { ...base, id: 'softmax/family', family: 'batchnorm' });
    const { code, stderr } = await runCli(['fixtures', 'manifest', set]);
    expect(code).toBe(1);
    expect(stderr).toContain('softmax/Upper-Case.json: invalid fixture at id: id must be lower case');
    expect(stderr).toContain('softmax/tier.json: invalid fixture at tolerance: unknown tier "f32op": the tiers are exact, f32-op, f32-trajectory, f16');
    expect(stderr).toMatch(/softmax\/nan\.json: is not valid JSON: .*it holds a bare NaN, .*write the strings "NaN", "Infinity", "-Infinity" instead/);
    expect(stderr).toContain('onnx/softmax-axis-0.json: family "onnx" is not one this tool knows (softmax, batchnorm, optimizers, samplers)');
    expect(stderr).toContain('softmax/family.json: declares family "batchnorm" but lies in the folder softmax/');
    expect(stderr).toMatch(/5 of 6 fixtures have problems; .*bad\/manifest\.json was not written/);
    expect(existsSync(join(set, 'manifest.json'))).toBe(false);
  });

  it('refuses bad usage in one line with exit 2: no folder, no fixture, a bad set name, dlspec\'s own folder', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'dlspec-foreign-'));
    const cases: Array<[string[], RegExp]> = [
      [['fixtures', 'manifest', join(empty, 'nowhere')], /^dlspec: folder must be a folder of fixtures; .* is not one/],
      [['fixtures', 'manifest', empty], /^dlspec: folder holds no fixture: a fixture is <family>\/<case>\.json under /],
      [['fixtures', 'manifest', empty, '--set', 'Mine'], /^dlspec: --set must be lower case/],
      [['fixtures', 'manifest', join(OWN, 'data')], /^dlspec: folder is dlspec's own fixtures: `dlspec fixtures generate` writes their manifest/],
      [['run', '--backend', 'cpu', '--family', 'onnx'], /^dlspec: --family must be one of softmax, batchnorm, optimizers, samplers; got "onnx"\n$/],
      [['run', '--backend', 'cpu', '--family', 'onnx', '--fixtures', join(OWN, 'data')], /^dlspec: --family must be one of softmax, batchnorm, optimizers, samplers; got "onnx"\n$/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(empty, 'manifest.json'))).toBe(false);
  });
});
