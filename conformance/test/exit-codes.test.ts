/**
 * Every row of the exit-status table (README, `dlspec run --help`), through the real command:
 * 0 all expected, 1 unexpected results, 2 bad usage caught before anything starts (one line naming
 * the option and the value, no stack), 3 a named backend that did not start, 4 nothing ran.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const optional = (name: string) => import(name).then(() => true, () => false);
const tfjsNodeInstalled = (await optional('@tensorflow/tfjs-node')) || (await optional('@tensorflow/tfjs-node-gpu'));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlspec-exit-'));
  await writeFile(join(dir, 'a-file'), 'not a folder');
  await writeFile(join(dir, 'truncated.json'), '{ "schemaVersion": 1, "backend": "cpu", "expected": [ { "case": "softmax/x",');
});

describe('exit status 2: bad usage, one line, nothing started', () => {
  const bad: Array<[string, () => string[], RegExp]> = [
    ['an unknown option', () => ['run', '--bogus'], /^error: unknown option '--bogus'$/],
    ['an unknown family', () => ['run', '--family', 'nope'], /^dlspec: --family must be one of softmax, batchnorm, optimizers, samplers; got "nope"$/],
    ['an unknown reporter', () => ['run', '--reporter', 'pdf'], /^dlspec: --reporter must be one of console, json, junit, html, markdown; got "pdf"$/],
    ['an unknown backend', () => ['run', '--backend', 'cpuu'], /^dlspec: --backend must be "all", a built-in backend \(cpu, .*\) or a backend module .*; got "cpuu"$/],
    ['a backend module that is not there', () => ['run', '--backend', './no-such-backend.js'], /^dlspec: --backend .* this one is not a file .*; got "\.\/no-such-backend\.js"$/],
    ['an empty --backend', () => ['run', '--backend', ''], /^dlspec: --backend is empty: .*; got ""$/],
    ['a --backend of commas', () => ['run', '--backend', ',,'], /^dlspec: --backend is empty: .*; got ",,"$/],
    ['an unknown --require', () => ['run', '--backend', 'cpu', '--require', 'tpu'], /^dlspec: --require must be "all", a built-in backend .*; got "tpu"$/],
    ['a timeout of 0', () => ['run', '--timeout', '0'], /^dlspec: --timeout must be a whole number from 1 to 2147483; got 0$/],
    ['a timeout that is not a number', () => ['run', '--timeout', 'abc'], /^dlspec: --timeout must be a number; got "abc"$/],
    ["a timeout past Node's timer", () => ['run', '--timeout', '2147484'], /^dlspec: --timeout must be a whole number from 1 to 2147483; got 2147484$/],
    ['a job count of 0', () => ['run', '--jobs', '0'], /^dlspec: --jobs must be a whole number from 1 to 64; got 0$/],
    ['a missing fixtures folder', () => ['run', '--fixtures', join(dir, 'nowhere')], /^dlspec: --fixtures must be a folder of fixtures; .* is not one; got ".*nowhere"$/],
    ['an --out that is a folder', () => ['run', '--backend', 'cpu', '--reporter', 'json', '--out', dir], /^dlspec: --out is a folder: name a file to write; got ".*"$/],
    ['an --out under a file', () => ['run', '--backend', 'cpu', '--reporter', 'json', '--out', join(dir, 'a-file', 'r.json')], /^dlspec: --out cannot be written: .*a-file is a file, not a folder; got ".*"$/],
    ['a --junit-out under a file', () => ['run', '--backend', 'cpu', '--reporter', 'junit', '--junit-out', join(dir, 'a-file', 'r.xml')], /^dlspec: --junit-out cannot be written: .*a-file is a file, not a folder/],
    ['a corrupt --expectations file', () => ['run', '--backend', 'cpu', '--expectations', join(dir, 'truncated.json')], /^dlspec: --expectations must be a valid expectations file: .*truncated\.json: is not valid JSON at line 1, column \d+/],
    ['an unknown --case glob that is not a glob', () => ['run', '--case', ''], /^dlspec: --case is empty; got ""$/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what}`, async () => {
      const { code, stdout, stderr } = await runCli(args());
      expect(code).toBe(2);
      const lines = stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(stdout).toBe('');
    });
  }
});

describe('exit statuses 0, 1, 3 and 4', () => {
  it('0: every case pass, xfail or skip', async () => {
    expect((await runCli(['run', '--backend', 'cpu', '--family', 'samplers'])).code).toBe(0);
  });

  it('1: an unexpected failure (a backend module with a wrong Softmax kernel)', async () => {
    const { code, stdout } = await runCli(['run', '--backend', '../examples/custom-backend/wrong-softmax.js', '--family', 'softmax', '--case', 'softmax/random-*']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/wrong-softmax FAIL softmax\/random-8x10 \[tf\.softmax\]/);
  });

  it.skipIf(tfjsNodeInstalled)('3: a backend named explicitly that cannot start', async () => {
    const named = await runCli(['run', '--backend', 'tensorflow']);
    expect(named.code).toBe(3);
    const required = await runCli(['run', '--backend', 'cpu', '--family', 'samplers', '--require', 'tensorflow']);
    expect(required.code).toBe(3);
    expect(required.stdout).toMatch(/^cpu\s+ok\s+14 pass/m);
  });

  it('4: a selection that ran no case', async () => {
    expect((await runCli(['run', '--backend', 'cpu', '--family', 'samplers', '--subject', 'typo'])).code).toBe(4);
    expect((await runCli(['run', '--backend', 'cpu', '--case', 'nothing/*'])).code).toBe(4);
  });

  it('says the table in --help', async () => {
    const { code, stdout } = await runCli(['run', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Exit status:\n {2}0 {2}every case pass, xfail or skip\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}4 {2}the selection ran no case/);
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
