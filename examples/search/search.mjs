// The worked example: search Adam's hyperparameters for the lecture's batch-norm network on the
// spirals, (1) coarse to fine and (2) successive halving, each over 2 worker processes with a
// journal (kill it and run again: it resumes), then draw every trial to docs/search-trials.svg.
// Usage: node examples/search/search.mjs   (from the repository root, after npm run build)
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { coarseToFine, randomSearch, runSearch, successiveHalving } from '@dlspec/samplers';
import { trialsSvg } from './plot.mjs';
import { space } from './space.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const objective = { module: here('./objective.mjs'), export: 'trainNetwork' };
await mkdir(here('./out'), { recursive: true });
const common = { objective, concurrency: 2, progress: process.stderr.isTTY ? process.stderr : false, resume: true, timeoutMs: 600_000 };

const s = space();
const coarse = await runSearch({ ...common, space: s, strategy: coarseToFine(s, { rounds: 3, trialsPerRound: 6, keep: 0.3, shrink: 0.5, seed: 1 }), seed: 1, storage: here('./out/coarse-to-fine.jsonl'), record: here('./out/coarse-to-fine.json') });
const halving = await runSearch({ ...common, space: s, strategy: randomSearch(s, { trials: 18, seed: 2 }), pruner: successiveHalving({ minEpochs: 1, eta: 3 }), seed: 2, storage: here('./out/successive-halving.jsonl'), record: here('./out/successive-halving.json') });

for (const [name, r] of [['coarse to fine', coarse], ['successive halving', halving]]) {
  const count = (status) => r.trials.filter((t) => t.status === status).length;
  console.log(`${name}: ${r.trials.length} trials (${count('ok')} ok, ${count('pruned')} pruned, ${r.trials.length - count('ok') - count('pruned')} other); best validation cost ${r.best?.value.toFixed(4)} at ${JSON.stringify(r.best?.params)}`);
}
const svg = trialsSvg(s, [{ name: 'coarse to fine (3 rounds of 6)', record: coarse }, { name: 'successive halving (18, eta 3)', record: halving }], 'Validation cost of the batch-norm network on the spirals after 9 epochs of Adam, per hyperparameter on its own scale');
await writeFile(new URL('../../docs/search-trials.svg', import.meta.url), svg);
console.log('wrote docs/search-trials.svg');
