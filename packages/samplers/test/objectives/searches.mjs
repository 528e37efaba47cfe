// The searches the journal tests run, in a child process and in the test alike.
import { coarseToFine, defineSpace, intUniform, logUniform, randomSearch, runSearch } from '../../dist/index.js';

export const space = () => defineSpace({ lr: logUniform(1e-4, 1), layers: intUniform(2, 4) });

export function searchOf(kind, options) {
  const s = space();
  const strategy = kind === 'coarse' ? coarseToFine(s, { rounds: 3, trialsPerRound: 5, keep: 0.4, shrink: 0.5, seed: 7 }) : randomSearch(s, { trials: 16, seed: 8 });
  return runSearch({ space: s, strategy, concurrency: kind === 'coarse' ? 1 : 2, progress: false, seed: 7, ...options });
}
