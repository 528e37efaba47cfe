/**
 * The search driver: pandas or caviar (the lecture), as a loop over a study's ask and tell.
 * Pandas babysits one model at a time: the objective reports after each epoch and a callback may
 * change the hyperparameters before the next. Caviar trains many models in parallel: an objective
 * module runs in worker processes, one per core by default; an in-process function suits light
 * objectives. A pruner automates the babysitting (successive halving, Hyperband). With a journal
 * every step is on disk (or Redis) as it happens, and `resume` continues a killed search.
 */
import { availableParallelism } from 'node:os';
import { checkFunction, checkPositiveInteger, checkString, InvalidArgumentError } from '@dlspec/core';
import { writeRecord, type SearchRecord } from './record.js';
import type { Dimensions, Params, SearchSpace } from './space.js';
import { checkWritablePath } from './study/storage/paths.js';
import type { JournalStorage } from './study/storage/types.js';
import { Study, type AskedTrial } from './study/study.js';
import type { Pruner } from './strategies/pruners.js';
import type { Direction, Strategy, Trial } from './strategies/types.js';
import { checkModuleObjective, WorkerPool, type ModuleObjective } from './workers/pool.js';

export type { SearchRecord } from './record.js';

/** What the objective gets besides the hyperparameters. */
export interface TrialContext<D extends Dimensions> {
  readonly id: number;
  /** The hyperparameters now (babysitting may have changed them since the trial started). */
  readonly params: Params<D>;
  /**
   * Report an epoch's value; resolves once the babysitter and the pruner have had their say, and
   * throws TrialPruned when the pruner stops the trial.
   */
  report(epoch: number, value: number): Promise<void>;
}

export type Objective<D extends Dimensions> = (params: Params<D>, trial: TrialContext<D>) => Promise<number> | number;

/** Pandas: look at a trial after an epoch and return changed hyperparameters, or nothing. */
export type Babysitter<D extends Dimensions> = (state: { trial: Trial<D>; epoch: number; value: number }) => Partial<Params<D>> | void;

export interface SearchOptions<D extends Dimensions> {
  readonly space: SearchSpace<D>;
  readonly strategy: Strategy<D>;
  /** A function run in this process, or a module whose export runs in worker processes. */
  readonly objective: Objective<D> | ModuleObjective;
  readonly mode?: 'pandas' | 'caviar';
  /** Caviar: trials at once. Default: the number of cores (os.availableParallelism()). */
  readonly concurrency?: number;
  readonly babysit?: Babysitter<D>;
  readonly direction?: Direction;
  /** Stops trials from their reports: successiveHalving(), hyperband(). */
  readonly pruner?: Pruner;
  /** A stream for the progress line (anything with write(); default: stderr when it is a terminal; false for none). */
  readonly progress?: { write(text: string): unknown } | false;
  /** Write the JSON record of the search here (atomically) when it ends. */
  readonly record?: string;
  /** A JSONL journal path or a JournalStorage (JournalRedisStorage): every trial's start, epochs and end as they happen. */
  readonly storage?: string | JournalStorage;
  /** Continue the search in `storage` (killed, or run by other processes too). */
  readonly resume?: boolean;
  /** Module objectives: a trial running longer is stopped (its worker killed) and fails. */
  readonly timeoutMs?: number;
  /** Stored in the record. */
  readonly seed?: number;
}

/** Every option of runSearch, checked before the first trial runs. */
async function checkOptions<D extends Dimensions>(options: SearchOptions<D>) {
  const storage = Study.check(options);
  const { objective, babysit, progress, record, timeoutMs } = options;
  const isModule = typeof objective === 'object' && objective !== null;
  if (!isModule) checkFunction('objective', objective);
  const mode = (['pandas', 'caviar'] as const).find((m) => m === (options.mode ?? 'caviar'));
  if (!mode) throw new InvalidArgumentError('mode', options.mode, 'must be pandas or caviar');
  const concurrency = mode === 'pandas' ? 1 : checkPositiveInteger('concurrency', options.concurrency ?? availableParallelism());
  if (babysit !== undefined) checkFunction('babysit', babysit);
  if (babysit && mode !== 'pandas') throw new InvalidArgumentError('babysit', 'function', 'needs mode pandas (one model at a time)');
  if (babysit && isModule) throw new InvalidArgumentError('babysit', 'function', 'needs an in-process objective function');
  if (progress !== undefined && progress !== false && typeof (progress as { write?: unknown } | null)?.write !== 'function') {
    throw new InvalidArgumentError('progress', progress, 'must be a writable stream, or false for none');
  }
  if (timeoutMs !== undefined) {
    checkPositiveInteger('timeoutMs', timeoutMs);
    if (!isModule) throw new InvalidArgumentError('timeoutMs', timeoutMs, 'needs a module objective (a function in this process cannot be stopped)');
  }
  if (record !== undefined) await checkWritablePath('record', checkString('record', record));
  const worker = isModule ? await checkModuleObjective(objective) : null;
  return { mode, concurrency, storage, worker };
}

export async function runSearch<D extends Dimensions>(options: SearchOptions<D>): Promise<SearchRecord<D>> {
  const { mode, concurrency, storage, worker } = await checkOptions(options);
  const stream = options.progress === false ? null : (options.progress ?? (process.stderr.isTTY ? process.stderr : null));
  const pool = worker ? new WorkerPool(worker, concurrency, options.timeoutMs) : null;
  await pool?.start();
  let study: Study<D>;
  try {
    study = await Study.create({ ...options, storage });
  } catch (error) {
    pool?.stop();
    throw error;
  }
  const run = async (slot: number, trial: AskedTrial<D>): Promise<unknown> => {
    if (pool) return pool.run(slot, trial);
    try {
      return await (options.objective as Objective<D>)(trial.params, inProcessContext(trial, options.babysit, study));
    } catch (error) {
      return error;
    }
  };
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, slot) => {
        for (let trial = await study.ask(); trial; trial = await study.ask()) {
          await study.tell(trial, await run(slot, trial));
          if (stream) {
            const best = study.best();
            stream.write(`\r[search] ${study.trials().length} trials; best ${best ? `${best.value} ${JSON.stringify(best.params)}` : '-'}`.slice(0, 200).padEnd(80));
          }
        }
      }),
    );
  } finally {
    pool?.stop();
    await study.close();
  }
  if (stream) stream.write('\n');
  const record: SearchRecord<D> = {
    schemaVersion: 2,
    createdAt: study.createdAt,
    mode,
    direction: study.direction,
    seed: study.seed,
    space: options.space.describe(),
    strategy: options.strategy.describe(),
    pruner: options.pruner?.describe() ?? null,
    trials: study.trials(),
    best: study.best(),
  };
  if (options.record) await writeRecord(options.record, record);
  return record;
}

/** The objective's view of an in-process trial: live params, and a report that babysits. */
function inProcessContext<D extends Dimensions>(trial: AskedTrial<D>, babysit: Babysitter<D> | undefined, study: Study<D>): TrialContext<D> {
  let params = { ...trial.params };
  return {
    id: trial.id,
    get params() {
      return params;
    },
    report: async (epoch, value) => {
      await trial.report(epoch, value, babysit ? params : undefined);
      const now = study.allTrials()[trial.id] as Trial<D>;
      const change = babysit?.({ trial: now, epoch, value });
      if (change) {
        for (const name of Object.keys(change)) study.space.dimension(name);
        params = { ...params, ...change };
      }
    },
  };
}
