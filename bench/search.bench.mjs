// Caviar across cores: the wall time of N CPU-bound trials with concurrency 1 and 2, in worker
// processes and (for contrast) as async functions in this one thread, which cannot overlap.
// Not a timing assertion: numbers vary with the machine and its load; compare the ratios.
// Usage: node bench/search.bench.mjs [--trials 8] [--work 40] ; writes bench/results/search.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defineSpace, logUniform, randomSearch, runSearch } from '@dlspec/samplers';

/** The trial: a fixed amount of arithmetic (DLSPEC_BENCH_WORK x 10^6 square roots), the same in every run. */
export function busy(params) {
  const work = Number(process.env.DLSPEC_BENCH_WORK ?? 40);
  let s = 0;
  for (let i = 0; i < work * 1e6; i++) s += Math.sqrt(i + params.lr);
  return s;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '8' }, work: { type: 'string', default: '40' } } });
  const trials = Number(values.trials);
  const work = Number(values.work);
  const space = defineSpace({ lr: logUniform(1e-4, 1) });
  const module = { module: fileURLToPath(import.meta.url), export: 'busy' };
  const rows = [];
  const load = loadavg()[0];
  process.env.DLSPEC_BENCH_WORK = String(work); // worker processes inherit it
  for (const [objective, label] of [[module, 'worker processes'], [busy, 'in-process functions']]) {
    for (const concurrency of [1, 2]) {
      const started = performance.now();
      const record = await runSearch({ space, strategy: randomSearch(space, { trials, seed: 1 }), objective, concurrency, progress: false });
      const wallMs = performance.now() - started;
      const cpuMs = record.trials.reduce((a, t) => a + t.durationMs, 0);
      rows.push({ objective: label, concurrency, trials, wallMs: Math.round(wallMs), meanTrialMs: Math.round(cpuMs / trials) });
    }
  }
  const ratio = (label) => +(rows.find((r) => r.objective === label && r.concurrency === 2).wallMs / rows.find((r) => r.objective === label && r.concurrency === 1).wallMs).toFixed(2);
  const summary = { workerProcesses: ratio('worker processes'), inProcess: ratio('in-process functions') };
  console.table(rows);
  console.log(`wall time with concurrency 2 / concurrency 1: worker processes ${summary.workerProcesses}, in-process ${summary.inProcess} (ideal on 2 free cores: 0.5 and 1)`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/search.json', import.meta.url), `${JSON.stringify({ createdAt: new Date().toISOString(), node: process.version, cores: availableParallelism(), loadAverage1m: +load.toFixed(2), work, rows, wallRatioConcurrency2To1: summary }, null, 2)}\n`);
}
