/**
 * Ask and tell, explicit statuses, pruners, and options checked before the first trial (issue 14).
 */
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@dlspec/core';
import { choice, intUniform, logUniform, uniform } from '../src/distributions.js';
import { runSearch } from '../src/driver.js';
import { defineSpace } from '../src/space.js';
import { Study } from '../src/study/study.js';
import { TrialPruned } from '../src/study/pruned.js';
import { coarseToFine } from '../src/strategies/coarse-to-fine.js';
import { gridSearch, randomSearch } from '../src/strategies/fixed.js';
import { hyperband, successiveHalving } from '../src/strategies/pruners.js';

const KINDS = ['ok', 'nan', '+inf', '-inf', 'throw', 'string', 'pruned'] as const;

describe('ask and tell', () => {
  it("a user's own loop drives coarse to fine round by round, and gets the record runSearch gives", async () => {
    const space = defineSpace({ lr: logUniform(1e-4, 1), layers: intUniform(2, 4) });
    const options = { rounds: 3, trialsPerRound: 6, keep: 0.3, shrink: 0.4, seed: 11 };
    const objective = (p: { lr: number; layers: number }) => (Math.log10(p.lr) + 2) ** 2 + p.layers / 100;
    const study = await Study.create({ space, strategy: coarseToFine(space, options) });
    const batches: number[] = [];
    for (let trial = await study.ask(); trial; trial = await study.ask()) {
      batches.push(trial.batch);
      await study.tell(trial, objective(trial.params));
    }
    expect(batches).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    const record = await runSearch({ space, strategy: coarseToFine(space, options), objective, progress: false, concurrency: 1 });
    expect(study.trials().map((t) => [t.params, t.value])).toEqual(record.trials.map((t) => [t.params, t.value]));
    expect(study.best()?.value).toBe(record.best?.value);
    // Telling twice, or a trial it never handed out, is refused by name.
    const again = await Study.create({ space, strategy: randomSearch(space, { trials: 2, seed: 1 }) });
    const t = (await again.ask())!;
    await again.tell(t, 1);
    await expect(again.tell(t, 2)).rejects.toThrow(/^trial must be a trial this study handed out with ask\(\) and not yet told/);
    await expect(again.tell({ ...t, id: 7 }, 2)).rejects.toThrow(InvalidArgumentError);
  });

  it('a trial asked by a study that was closed untold (its search failed) is run again on resume, the others are not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dlspec-ask-'));
    const space = defineSpace({ x: uniform(0, 1) });
    const open = () => Study.create({ space, strategy: randomSearch(space, { trials: 3, seed: 6 }), storage: join(dir, 'j.jsonl'), resume: true });
    const first = await open();
    const a = (await first.ask())!;
    await first.tell(a, 1);
    const b = (await first.ask())!;
    await first.close(); // b is never told
    const second = await open();
    const ids: number[] = [];
    for (let t = await second.ask(); t; t = await second.ask()) {
      ids.push(t.id);
      await second.tell(t, t.params.x);
    }
    expect(ids).toEqual([b.id, 2]);
    expect(second.trials().map((t) => t.value)).toEqual([1, b.params.x, expect.any(Number)]);
    await second.close();
  });

  it('asks wait while the batch is running: concurrent askers never get a round-2 trial before round 1 has ended', async () => {
    const space = defineSpace({ x: uniform(0, 1) });
    const study = await Study.create({ space, strategy: coarseToFine(space, { rounds: 2, trialsPerRound: 3, keep: 0.5, shrink: 0.5, seed: 2 }) });
    const round1 = await Promise.all([study.ask(), study.ask(), study.ask()]);
    const waiting = study.ask();
    let got = false;
    void waiting.then(() => (got = true));
    await new Promise((r) => setTimeout(r, 120));
    expect(got).toBe(false);
    for (const t of round1) await study.tell(t!, t!.params.x);
    expect((await waiting)?.batch).toBe(1);
  });
});

describe('every outcome of an objective gets its own status', () => {
  it('ok, pruned, error (thrown, or not a number), nan, +inf, -inf: in the trials, and in the JSON record without null ambiguity', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dlspec-status-'));
    const space = defineSpace({ kind: choice([...KINDS]), x: uniform(1, 2) });
    const pruner = { name: 'every', prune: () => true, describe: () => ({ pruner: 'every' }) };
    const record = await runSearch({
      space,
      strategy: gridSearch(space, { points: KINDS.length }),
      direction: 'maximize',
      pruner: { ...pruner, prune: (t) => (t.params as { kind: string }).kind === 'pruned' },
      objective: async (p, trial) => {
        await trial.report(1, p.x);
        return ({ ok: p.x, nan: NaN, '+inf': Infinity, '-inf': -Infinity, string: 'twelve' as unknown as number } as Record<string, number>)[p.kind] ?? Promise.reject(new RangeError('diverged'));
      },
      record: join(dir, 'search.json'),
      progress: false,
    });
    const byKind = (k: string) => record.trials.filter((t) => t.params.kind === k);
    expect(record.trials).toHaveLength(KINDS.length ** 2);
    for (const t of byKind('ok')) expect(t).toMatchObject({ status: 'ok', value: t.params.x });
    for (const t of byKind('nan')) expect(t.status).toBe('nan');
    for (const t of byKind('+inf')) expect(t).toMatchObject({ status: '+inf', value: Infinity });
    for (const t of byKind('-inf')) expect(t).toMatchObject({ status: '-inf', value: -Infinity });
    for (const t of byKind('throw')) expect(t).toMatchObject({ status: 'error', value: null, error: 'RangeError: diverged' });
    for (const t of byKind('string')) expect(t).toMatchObject({ status: 'error', value: null, error: 'objective result must be a number; got "twelve"' });
    for (const t of byKind('pruned')) expect(t).toMatchObject({ status: 'pruned', value: t.params.x, error: 'pruned at epoch 1' });
    // +Infinity is no best when maximizing: only ok trials rank.
    expect(record.best!.status).toBe('ok');
    const saved = JSON.parse(await readFile(join(dir, 'search.json'), 'utf8')) as { schemaVersion: number; trials: Array<{ status: string; value: unknown }> };
    expect(saved.schemaVersion).toBe(2);
    const values = Object.fromEntries(saved.trials.map((t) => [t.status, t.value]));
    expect(values).toMatchObject({ nan: 'NaN', '+inf': 'Infinity', '-inf': '-Infinity', error: null });
    expect(typeof values.ok).toBe('number');
  });
});

describe('automated babysitting: pruners driven by trial.report', () => {
  // Learning curves value(epoch) = x + 1/epoch: the rank at every epoch is the rank of x.
  const curves = async (pruner: ReturnType<typeof successiveHalving>, trials: number) => {
    const space = defineSpace({ x: uniform(0, 1) });
    let epochs = 0;
    const record = await runSearch({
      space,
      strategy: randomSearch(space, { trials, seed: 4 }),
      pruner,
      concurrency: 1,
      progress: false,
      objective: async (p, trial) => {
        for (let epoch = 1; epoch <= 9; epoch++) {
          epochs++;
          await trial.report(epoch, p.x + 1 / epoch);
        }
        return p.x + 1 / 9;
      },
    });
    return { record, epochs };
  };

  it('successive halving (asynchronous) stops trials at rungs 1 and 3 unless among the best 1/eta so far, and keeps the best', async () => {
    const { record, epochs } = await curves(successiveHalving({ minEpochs: 1, eta: 3 }), 27);
    const pruned = record.trials.filter((t) => t.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(15);
    for (const t of pruned) expect([1, 3]).toContain(t.history.at(-1)!.epoch);
    // Each pruned trial was worse, at its rung, than a trial that went on.
    for (const t of pruned) {
      const rung = t.history.at(-1)!.epoch;
      const before = record.trials.filter((u) => u.id < t.id && u.history.some((h) => h.epoch === rung)).map((u) => u.history.find((h) => h.epoch === rung)!.value);
      expect(before.some((v) => v < t.history.at(-1)!.value)).toBe(true);
    }
    const best = Math.min(...record.trials.map((t) => t.params.x));
    expect(record.best!.params.x).toBe(best);
    expect(epochs).toBeLessThan(27 * 9 * 0.5); // less than half the epochs of running every trial to the end
  });

  it('Hyperband spreads trials over brackets whose first rungs are 1, 3 and 9 epochs', async () => {
    const pruner = hyperband({ minEpochs: 1, maxEpochs: 9, eta: 3 });
    expect(pruner.describe()).toMatchObject({ brackets: 3 });
    const { record } = await curves(pruner, 30);
    const prunedAt = new Set(record.trials.filter((t) => t.status === 'pruned').map((t) => t.history.at(-1)!.epoch));
    expect([...prunedAt].every((e) => [1, 3, 9].includes(e))).toBe(true);
    expect(prunedAt.has(1)).toBe(true);
    expect(record.trials.filter((t) => t.status === 'ok').length).toBeGreaterThan(2);
    expect(() => successiveHalving({ eta: 1 })).toThrow(/^eta must be an integer >= 2/);
    expect(() => hyperband({ minEpochs: 4, maxEpochs: 2 })).toThrow(/^maxEpochs must be at least minEpochs \(4\); got 2/);
  });

  it('a pruned trial throws TrialPruned out of report, so the objective stops there', async () => {
    const space = defineSpace({ x: uniform(0, 1) });
    const study = await Study.create({ space, strategy: randomSearch(space, { trials: 1, seed: 1 }), pruner: { name: 'p', prune: () => true, describe: () => ({}) } });
    const t = (await study.ask())!;
    const error = await t.report(1, 0.5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrialPruned);
    await study.tell(t, error);
    expect(study.allTrials()[0]).toMatchObject({ status: 'pruned', value: 0.5 });
  });
});

describe('paths and storage are checked before the first trial', () => {
  it('a record or journal path that is a directory fails at once with a typed error; no trial runs and nothing is left behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dlspec-paths-'));
    await mkdir(join(dir, 'taken'));
    const space = defineSpace({ x: uniform(0, 1) });
    let calls = 0;
    const objective = () => ++calls;
    const base = { space, strategy: randomSearch(space, { trials: 3, seed: 1 }), objective, progress: false as const };
    await expect(runSearch({ ...base, record: join(dir, 'taken') })).rejects.toThrow(/^record is a directory; must be a file path; got ".*taken"/);
    await expect(runSearch({ ...base, storage: join(dir, 'taken') })).rejects.toThrow(/^journal is a directory; must be a file path/);
    await expect(runSearch({ ...base, record: join(dir, 'taken', 'x', 'y.json'), storage: join(dir, 'j', 'k.jsonl') })).resolves.toMatchObject({ trials: [{}, {}, {}] });
    calls = 0;
    await expect(runSearch({ ...base, storage: join(dir, 'j', 'k.jsonl') })).rejects.toThrow(/^storage already holds a study; pass resume: true to continue it/);
    await expect(runSearch({ ...base, strategy: randomSearch(space, { trials: 3, seed: 2 }), storage: join(dir, 'j', 'k.jsonl'), resume: true })).rejects.toThrow(/^strategy must be the journal's/);
    expect(calls).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['j', 'taken']);
    expect((await readdir(join(dir, 'taken'), { recursive: true })).sort()).toEqual(['x', join('x', 'y.json')]);
    expect(await readdir(join(dir, 'j'))).toEqual(['k.jsonl']);
  });
});
