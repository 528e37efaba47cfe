// Random search, coarse to fine and successive halving at equal compute: for each of 20 seeds,
// each method gets a budget of 36 epochs of training (4 networks trained to the end), driven by
// its own ask/tell loop that stops asking once the budget is spent; the score is the best
// validation cost of a network trained for all 9 epochs. The seeds run in 2 processes.
// Usage: node examples/search/compare.mjs [--seeds 20] ; prints a Markdown table, writes out/compare.json.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { coarseToFine, createStudy, randomSearch, successiveHalving } from '@dlspec/samplers';
import { EPOCHS, trainNetwork } from './objective.mjs';
import { space } from './space.mjs';

const BUDGET = 4 * EPOCHS;
const METHODS = {
  'random search (4 trials)': (s, seed) => ({ strategy: randomSearch(s, { trials: BUDGET / EPOCHS, seed }) }),
  'coarse to fine (2 rounds of 2)': (s, seed) => ({ strategy: coarseToFine(s, { rounds: 2, trialsPerRound: 2, keep: 0.5, shrink: 0.5, seed }) }),
  'successive halving (eta 3, rungs 1, 3, 9)': (s, seed) => ({ strategy: randomSearch(s, { trials: 200, seed }), pruner: successiveHalving({ minEpochs: 1, eta: 3 }) }),
};

/** One search under the budget: ask, train (counting epochs), tell, until the budget is spent. */
async function search(method, seed) {
  const s = space();
  const study = await createStudy({ space: s, ...METHODS[method](s, seed), seed });
  let epochs = 0;
  for (let trial = epochs < BUDGET ? await study.ask() : null; trial; trial = epochs < BUDGET ? await study.ask() : null) {
    const counted = { id: trial.id, params: trial.params, report: (epoch, value) => (epochs++, trial.report(epoch, value)) };
    await study.tell(trial, await trainNetwork(trial.params, counted).catch((error) => error));
  }
  return { method, seed, best: study.best()?.value ?? null, epochs, trials: study.trials().length };
}

if (process.send) {
  // A shard: the seeds it is given, every method.
  process.on('message', async (seeds) => {
    for (const seed of seeds) for (const method of Object.keys(METHODS)) process.send(await search(method, seed));
    process.disconnect();
  });
} else {
  const { values } = parseArgs({ options: { seeds: { type: 'string', default: '20' } } });
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
  const rows = [];
  await Promise.all(
    [0, 1].map(
      (k) =>
        new Promise((resolve, reject) => {
          const child = fork(fileURLToPath(import.meta.url), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
          child.on('message', (row) => {
            rows.push(row);
            process.stderr.write(`\r${rows.length}/${seeds.length * 3} searches`);
          });
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${k} exited with ${code}`))));
          child.send(seeds.filter((_, i) => i % 2 === k));
        }),
    ),
  );
  process.stderr.write('\n');
  const mean = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const sd = (xs) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
  const table = Object.keys(METHODS).map((method) => {
    const mine = rows.filter((r) => r.method === method);
    const bests = mine.map((r) => r.best ?? Infinity);
    const wins = seeds.filter((seed) => {
      const all = rows.filter((r) => r.seed === seed).map((r) => r.best ?? Infinity);
      return (mine.find((r) => r.seed === seed)?.best ?? Infinity) === Math.min(...all);
    }).length;
    return { method, seeds: mine.length, meanBest: mean(bests), sdMeanBest: sd(bests) / Math.sqrt(bests.length), medianBest: [...bests].sort((a, b) => a - b)[Math.floor(bests.length / 2)], meanEpochs: mean(mine.map((r) => r.epochs)), meanTrials: mean(mine.map((r) => r.trials)), bestOfSeeds: wins };
  });
  const md = [
    `| method | mean best validation cost (± s.e.) | median | epochs trained (mean) | trials (mean) | best of the three (seeds) |`,
    `|---|---|---|---|---|---|`,
    ...table.map((r) => `| ${r.method} | ${r.meanBest.toFixed(4)} ± ${r.sdMeanBest.toFixed(4)} | ${r.medianBest.toFixed(4)} | ${r.meanEpochs.toFixed(1)} | ${r.meanTrials.toFixed(1)} | ${r.bestOfSeeds} of ${seeds.length} |`),
  ].join('\n');
  console.log(md);
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./out/compare.json', import.meta.url), `${JSON.stringify({ createdAt: new Date().toISOString(), budgetEpochs: BUDGET, table, rows }, null, 2)}\n`);
}
