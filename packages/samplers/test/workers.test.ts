/**
 * Caviar across cores (issue 14): an objective module run in worker processes. A worker that
 * crashes, kills itself or hangs past the per-trial timeout fails only its trial, with the reason,
 * and the search goes on; a module that cannot be loaded is refused before the first trial.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { choice, logUniform, uniform } from '../src/distributions.js';
import { runSearch } from '../src/driver.js';
import { defineSpace } from '../src/space.js';
import { randomSearch } from '../src/strategies/fixed.js';
import { successiveHalving } from '../src/strategies/pruners.js';

const MODULE = fileURLToPath(new URL('./objectives/objectives.mjs', import.meta.url));

describe('trials in worker processes', () => {
  it('every outcome, a crash, a SIGKILL and a hang each fail only their trial, with the reason; the others finish', async () => {
    const kinds = ['ok', 'nan', '+inf', '-inf', 'throw', 'string', 'crash', 'kill', 'hang', 'after'];
    const space = defineSpace({ kind: choice(kinds), x: uniform(1, 2) });
    const record = await runSearch({ space, strategy: fixedOrder(space, kinds), objective: { module: MODULE, export: 'outcomes' }, concurrency: 2, timeoutMs: 1500, progress: false });
    const status = record.trials.map((t) => [t.params.kind, t.status, t.error ?? t.value]);
    expect(status).toEqual([
      ['ok', 'ok', expect.any(Number)],
      ['nan', 'nan', NaN],
      ['+inf', '+inf', Infinity],
      ['-inf', '-inf', -Infinity],
      ['throw', 'error', 'RangeError: diverged'],
      ['string', 'error', 'objective result must be a number; got "not a number"'],
      ['crash', 'error', 'WorkerError: worker process exited (code 3) during the trial'],
      ['kill', 'error', 'WorkerError: worker process exited (signal SIGKILL) during the trial'],
      ['hang', 'error', 'WorkerError: timed out after 1500 ms; worker process killed'],
      ['after', 'ok', expect.any(Number)],
    ]);
    // Reports came back through the worker's report().
    for (const t of record.trials) expect(t.history.map((h) => h.epoch)).toEqual([1]);
  });

  it('the pruner stops a worker trial through its report', async () => {
    const space = defineSpace({ x: uniform(0, 1) });
    const record = await runSearch({ space, strategy: randomSearch(space, { trials: 9, seed: 3 }), objective: { module: MODULE, export: 'curve' }, pruner: successiveHalving({ eta: 3 }), concurrency: 1, progress: false });
    const pruned = record.trials.filter((t) => t.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(3);
    for (const t of pruned) expect(t.error).toBe(`pruned at epoch ${t.history.at(-1)!.epoch}`);
    expect(record.best!.params.x).toBe(Math.min(...record.trials.map((t) => t.params.x)));
  });

  it('a module that is missing, or lacks the export, is refused before the first trial; nothing is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dlspec-workers-'));
    const space = defineSpace({ lr: logUniform(1e-3, 1) });
    const base = { space, strategy: randomSearch(space, { trials: 2, seed: 1 }), progress: false as const, storage: join(dir, 'j.jsonl'), record: join(dir, 'r.json') };
    await expect(runSearch({ ...base, objective: { module: join(dir, 'nope.mjs') } })).rejects.toThrow(/^objective.module must name an existing file/);
    await expect(runSearch({ ...base, objective: { module: MODULE, export: 'notAFunction' } })).rejects.toThrow(/^objective exports no function "notAFunction" \(its exports: .*outcomes/);
    await expect(runSearch({ ...base, objective: () => 1, timeoutMs: 10 })).rejects.toThrow(/^timeoutMs needs a module objective/);
    expect(await readdir(dir)).toEqual([]);
  });
});

/** The kinds in the given order, one trial each. */
function fixedOrder<D extends { kind: ReturnType<typeof choice<string>>; x: ReturnType<typeof uniform> }>(space: import('../src/space.js').SearchSpace<D>, kinds: string[]) {
  let done = false;
  return {
    name: 'fixed',
    next: () => (done ? [] : ((done = true), kinds.map((_, i) => space.at({ kind: (i + 0.5) / kinds.length, x: 0.5 } as never)))),
    describe: () => ({ strategy: 'fixed', kinds }),
  };
}
