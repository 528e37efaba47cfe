/**
 * A bench run interrupted as a terminal's Ctrl-C or a CI job's timeout would (SIGINT, SIGTERM to
 * run.mjs alone): it exits 130 / 143 saying so, leaves no worker process behind and writes nothing.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('../run.mjs', import.meta.url));
const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
const RUNS = fileURLToPath(new URL('../results/runs/', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const listRuns = () => {
  try {
    return readdirSync(RUNS).sort();
  } catch {
    return [];
  }
};

/** Processes whose command line carries `marker` (Linux /proc). */
const processesWith = (marker) =>
  readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  });

describe.skipIf(process.platform !== 'linux')('an interrupted bench run', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])('%s: exit %d, its worker gone, nothing written', async (signal, code) => {
    const before = { results: readFileSync(RESULTS, 'utf8'), runs: listRuns() };
    // The shape list carries a marker into the worker's argv: the sampler rows run, and the marker finds the worker.
    const marker = `interrupt-${signal}-${process.pid}`;
    const child = spawn(process.execPath, [RUN, '--backend', 'cpu', '--family', 'samplers', '--shape', `100000,1M,${marker}`, '--conformance', 'none'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? s)));
    // Wait until a row has been measured: the worker is up and busy.
    for (let waited = 0; !/cpu samplers .* 100000: tfjs/.test(stderr); waited += 200) {
      if (waited > 90_000) throw new Error(`no row within 90 s:\n${stderr}`);
      await sleep(200);
    }
    expect(processesWith(marker).length).toBeGreaterThan(0);
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(stderr).toContain(`${signal}: interrupted; results not written`);
    for (let waited = 0; processesWith(marker).length > 0 && waited < 5000; waited += 100) await sleep(100);
    expect(processesWith(marker)).toEqual([]);
    expect(readFileSync(RESULTS, 'utf8')).toBe(before.results);
    expect(listRuns()).toEqual(before.runs);
  });
});
