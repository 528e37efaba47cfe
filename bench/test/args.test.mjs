/**
 * `npm run bench` as a user runs it, with bad arguments: each is refused in one line naming the
 * option and the value (exit 2) before anything runs, and a selection that measures nothing fails
 * (exit 1) without rewriting RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('../run.mjs', import.meta.url));
const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
const bench = (...args) => spawnSync(process.execPath, [RUN, ...args], { encoding: 'utf8', timeout: 110_000 });

describe.concurrent('bench command line', () => {
  it.each([
    [['--backend', 'cuda'], /^bench: --backend must be one of cpu, wasm, .*; got "cuda"\n$/],
    [['--backend', 'cpu,,wasm'], /^bench: --backend must be a comma-separated list without empty names; got "cpu,,wasm"\n$/],
    [['--family', 'dropout'], /^bench: --family must be one of .*optimizers.*; got "dropout"\n$/],
    [['--conformance', 'maybe'], /^bench: --conformance must be one of report, run, none; got "maybe"\n$/],
    [['--timeout=-3'], /^bench: --timeout must be a positive number of seconds per backend; got "-3"\n$/],
    [['--timeout', 'soon'], /^bench: --timeout must be a positive number of seconds per backend; got "soon"\n$/],
    [['--shape', ','], /^bench: --shape must be a comma-separated list of shape labels .*; got ","\n$/],
    [['--bogus'], /^bench: Unknown option '--bogus'\n$/],
    [['--backend'], /^bench: Option '--backend <value>' argument missing\n$/],
  ])('%j: one line, exit 2, nothing run', (args, line) => {
    const r = bench(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(line);
    expect(r.stdout).toBe('');
  });

  it('a --shape no row has fails the run and leaves RESULTS.md as it was', () => {
    const before = readFileSync(RESULTS, 'utf8');
    const r = bench('--backend', 'cpu', '--family', 'samplers', '--shape', '77M', '--conformance', 'none');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('cpu: no row ran (no row of shape 77M in samplers)');
    expect(r.stderr).toContain('nothing was measured; results not written');
    expect(readFileSync(RESULTS, 'utf8')).toBe(before);
  });
});
