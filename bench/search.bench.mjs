// Caviar across cores: the wall time of N CPU-bound trials with concurrency 1 and 2, in worker
// processes and (for contrast) as async functions in this one thread, which cannot overlap.
// Not a timing assertion: numbers vary with the machine and its load; compare the ratios.
// Each configuration runs `--repeats` times, alternating, and keeps its fastest run: the load of
// other processes only ever adds time. The wall time includes starting the worker processes.
// Usage: node bench/search.bench.mjs [--trials 8] [--work 100] [--repeats 2] [--quick] ; writes bench/results/search.json.
// (--quick, as `npm run bench -- --quick` passes it: --work 40 --repeats 1 unless given.)
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { orUsageExit, positiveInteger } from './lib/args.mjs';
import { defineSpace, logUniform, randomSearch, runSearch } from '@dlspec/samplers';

/** The trial: a fixed amount of arithmetic (DLSPEC_BENCH_WORK x 10^6 square roots), the same in every run. */
export function busy(params) {
  const work = Number(process.env.DLSPEC_BENCH_WORK ?? 100);
  let s = 0;
  for (let i = 0; i < work * 1e6; i++) s += Math.sqrt(i + params.lr);
  return s;
}

/** The control: `count` processes each doing `share` trials' work, no search involved. */
const plain = (count, share) =>
  Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--spin', String(share)], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`spin exited with ${code}`))));
  })));

/** The script's options: whole numbers above 0, checked before anything runs. */
function searchArgs(argv) {
  const { values } = parseArgs({ args: argv, options: { trials: { type: 'string', default: '8' }, work: { type: 'string' }, repeats: { type: 'string' }, quick: { type: 'boolean', default: false } } });
  return {
    trials: positiveInteger('--trials', values.trials),
    work: positiveInteger('--work', values.work ?? (values.quick ? '40' : '100')),
    repeats: positiveInteger('--repeats', values.repeats ?? (values.quick ? '1' : '2')),
  };
}

if (process.argv[2] === '--spin') {
  for (let i = 0; i < Number(process.argv[3]); i++) busy({ lr: i });
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { trials, work, repeats } = orUsageExit(() => searchArgs(process.argv.slice(2)));
  const space = defineSpace({ lr: logUniform(1e-4, 1) });
  const module = { module: fileURLToPath(import.meta.url), export: 'busy' };
  const rows = [];
  const load = loadavg()[0];
  process.env.DLSPEC_BENCH_WORK = String(work); // worker processes inherit it
  const configs = [[module, 'worker processes'], [busy, 'in-process functions'], [null, 'control: plain processes, no search']].flatMap(([objective, label]) => [1, 2].map((concurrency) => ({ objective, label, concurrency, runs: [] })));
  for (let r = 0; r < repeats; r++) {
    for (const c of configs) {
      const started = performance.now();
      if (c.objective === null) {
        await plain(c.concurrency, trials / c.concurrency);
        c.runs.push({ wallMs: performance.now() - started, meanTrialMs: NaN });
        continue;
      }
      const record = await runSearch({ space, strategy: randomSearch(space, { trials, seed: 1 }), objective: c.objective, concurrency: c.concurrency, progress: false });
      c.runs.push({ wallMs: performance.now() - started, meanTrialMs: record.trials.reduce((a, t) => a + t.durationMs, 0) / trials });
    }
  }
  for (const c of configs) {
    const best = c.runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    rows.push({ objective: c.label, concurrency: c.concurrency, trials, wallMs: Math.round(best.wallMs), meanTrialMs: Number.isNaN(best.meanTrialMs) ? null : Math.round(best.meanTrialMs), allWallMs: c.runs.map((x) => Math.round(x.wallMs)).join(' ') });
  }
  const ratio = (label) => +(rows.find((r) => r.objective === label && r.concurrency === 2).wallMs / rows.find((r) => r.objective === label && r.concurrency === 1).wallMs).toFixed(2);
  const summary = { workerProcesses: ratio('worker processes'), inProcess: ratio('in-process functions'), control: ratio('control: plain processes, no search') };
  console.table(rows);
  console.log(`wall time with concurrency 2 / concurrency 1: worker processes ${summary.workerProcesses}, in-process ${summary.inProcess}; the machine itself (plain processes): ${summary.control} (ideal on 2 free cores: 0.5, 1 and 0.5)`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/search.json', import.meta.url), `${JSON.stringify({ createdAt: new Date().toISOString(), node: process.version, cores: availableParallelism(), loadAverage1mBefore: +load.toFixed(2), loadAverage1mAfter: +loadavg()[0].toFixed(2), work, rows, wallRatioConcurrency2To1: summary }, null, 2)}\n`);
}
