/**
 * Packages that publish right: what `npm pack` would ship for each package (built files, README,
 * LICENSE; no source map of the browser bundle, no temporary file), and what changesets plans for
 * the first release (0.1.0 for every public package, nothing for the private bench).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const dirOf = (name: string) => ({ '@dlspec/conformance': 'conformance', '@dlspec/fixtures': 'fixtures' })[name] ?? `packages/${name.slice('@dlspec/'.length)}`;
const PUBLIC = ['@dlspec/core', '@dlspec/fixtures', '@dlspec/softmax', '@dlspec/batchnorm', '@dlspec/optimizers', '@dlspec/samplers', '@dlspec/conformance'];

describe('npm pack', () => {
  for (const name of PUBLIC) {
    it(`ships ${name}'s built files, README and LICENSE, and nothing temporary`, async () => {
      const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '-w', name], { cwd: ROOT, maxBuffer: 64 << 20 });
      const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
      expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
      expect(files.filter((f) => f.endsWith('.tmp') || /\.test\./.test(f))).toEqual([]);
      if (name === '@dlspec/conformance') {
        expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/vitest.js', 'dist/worker/node-main.js', 'dist/browser/dlspec-browser.js']));
        expect(files.filter((f) => f.startsWith('dist/browser/') && f.endsWith('.map'))).toEqual([]);
      }
      const pkg = JSON.parse(await readFile(join(ROOT, dirOf(name), 'package.json'), 'utf8'));
      expect(pkg).toMatchObject({ license: 'Apache-2.0', type: 'module', engines: { node: '>=20.19' } });
      expect(pkg.keywords.length).toBeGreaterThan(2);
      expect(pkg.scripts.prepack).toMatch(/prepack\.mjs/);
    });
  }
});

describe('repository', () => {
  const check = (...args: string[]) => run('node', [join(ROOT, 'scripts', 'check-repository.mjs'), ...args], { cwd: ROOT });

  it('is the root\'s git URL in every public package, with the package\'s folder as directory', async () => {
    const { stdout } = await check();
    expect(stdout).toMatch(/every public package names git\+https:\/\/github\.com\//);
    for (const name of PUBLIC) {
      const pkg = JSON.parse(await readFile(join(ROOT, dirOf(name), 'package.json'), 'utf8'));
      expect(pkg.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/), directory: dirOf(name) });
    }
  });

  it('fails a release from another repository before publishing, naming the field', async () => {
    const failed = await check('--expect', 'https://github.com/someone/a-fork').then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/repository\.url is git\+https:\/\/github\.com\/.+ but this workflow runs in https:\/\/github\.com\/someone\/a-fork/);
  });
});

describe('changesets', () => {
  it('plans 0.1.0 as the first release of every public package and leaves the private bench out', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'dlspec-changesets-')), 'status.json');
    await run(join(ROOT, 'node_modules', '.bin', 'changeset'), ['status', `--output=${out}`], { cwd: ROOT });
    // An ignored package is listed with type none: it is not released.
    const releases: Array<{ name: string; newVersion: string }> = JSON.parse(await readFile(out, 'utf8')).releases.filter((r: { type: string }) => r.type !== 'none');
    expect(Object.fromEntries(releases.map((r) => [r.name, r.newVersion]))).toEqual(Object.fromEntries(PUBLIC.map((n) => [n, '0.1.0'])));
  });
});
