/**
 * The search driver: pandas or caviar (the lecture). Pandas babysits one model at a time: the
 * objective reports after each epoch and a callback may change the hyperparameters before the
 * next. Caviar trains many models in parallel, up to a concurrency limit. Every trial is recorded
 * (hyperparameters, per-epoch history, result or error); a terminal gets a progress line, and the
 * whole search can be written as JSON.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkFunction, checkInteger, checkObject, checkOneOf, checkPositiveInteger, checkString, InvalidArgumentError, pool } from '@dlspec/core';
import type { Dimensions, Params, SearchSpace } from './space.js';
import { checkSpace } from './strategies/check.js';
import { DIRECTIONS, ranked, type Direction, type EpochReport, type Strategy, type Trial } from './strategies/types.js';

/** What the objective gets besides the hyperparameters. */
export interface TrialContext<D extends Dimensions> {
  readonly id: number;
  /** The hyperparameters now (babysitting may have changed them since the trial started). */
  readonly params: Params<D>;
  /** Report an epoch's value; in pandas mode, resolves once the babysitter has had its say. */
  report(epoch: number, value: number): Promise<void>;
}

export type Objective<D extends Dimensions> = (params: Params<D>, trial: TrialContext<D>) => Promise<number> | number;

/** Pandas: look at a trial after an epoch and return changed hyperparameters, or nothing. */
export type Babysitter<D extends Dimensions> = (state: { trial: Trial<D>; epoch: number; value: number }) => Partial<Params<D>> | void;

export interface SearchOptions<D extends Dimensions> {
  readonly space: SearchSpace<D>;
  readonly strategy: Strategy<D>;
  readonly objective: Objective<D>;
  readonly mode?: 'pandas' | 'caviar';
  /** Caviar: trials at once. Default 4. */
  readonly concurrency?: number;
  readonly babysit?: Babysitter<D>;
  readonly direction?: Direction;
  /** A stream for the progress line (anything with write(); default: stderr when it is a terminal; false for none). */
  readonly progress?: { write(text: string): unknown } | false;
  /** Write the JSON record of the search here (atomically) when it ends. */
  readonly record?: string;
  /** Stored in the record. */
  readonly seed?: number;
}

export interface SearchRecord<D extends Dimensions> {
  readonly schemaVersion: 1;
  readonly createdAt: string;
  readonly mode: 'pandas' | 'caviar';
  readonly direction: Direction;
  readonly seed: number | null;
  readonly space: Record<string, unknown>;
  readonly strategy: Record<string, unknown>;
  readonly trials: Trial<D>[];
  readonly best: Trial<D> | null;
}

/** Every option of runSearch, checked before the first trial runs. */
function checkOptions<D extends Dimensions>(options: SearchOptions<D>): { mode: 'pandas' | 'caviar'; direction: Direction; concurrency: number } {
  checkObject('options', options);
  checkSpace(options.space);
  if (typeof options.strategy !== 'object' || options.strategy === null) throw new InvalidArgumentError('strategy', options.strategy, 'must be a Strategy (gridSearch, randomSearch, ...)');
  checkFunction('strategy.next', options.strategy.next);
  checkFunction('strategy.describe', options.strategy.describe);
  checkFunction('objective', options.objective);
  const mode = checkOneOf('mode', options.mode ?? 'caviar', ['pandas', 'caviar'] as const);
  const direction = checkOneOf('direction', options.direction ?? 'minimize', DIRECTIONS);
  const concurrency = mode === 'pandas' ? 1 : checkPositiveInteger('concurrency', options.concurrency ?? 4);
  if (options.babysit !== undefined) checkFunction('babysit', options.babysit);
  if (options.babysit && mode !== 'pandas') throw new InvalidArgumentError('babysit', 'function', 'needs mode pandas (one model at a time)');
  const { progress, record, seed } = options;
  if (progress !== undefined && progress !== false && typeof (progress as { write?: unknown } | null)?.write !== 'function') {
    throw new InvalidArgumentError('progress', progress, 'must be a writable stream, or false for none');
  }
  if (record !== undefined) checkString('record', record);
  if (seed !== undefined) checkInteger('seed', seed);
  return { mode, direction, concurrency };
}

export async function runSearch<D extends Dimensions>(options: SearchOptions<D>): Promise<SearchRecord<D>> {
  const { mode, direction, concurrency } = checkOptions(options);
  const stream = options.progress === false ? null : (options.progress ?? (process.stderr.isTTY ? process.stderr : null));
  const trials: Trial<D>[] = [];
  let batch = 0;
  for (let candidates = options.strategy.next(trials); candidates.length > 0; candidates = options.strategy.next(trials)) {
    const thisBatch = batch++;
    await pool(candidates, concurrency, async (candidate) => {
      const trial: Trial<D> = { id: trials.length, batch: thisBatch, params: { ...candidate.params }, u: candidate.u, status: 'ok', value: null, history: [], durationMs: 0 };
      trials.push(trial);
      const live = { params: { ...candidate.params } as Params<D> };
      const context: TrialContext<D> = {
        id: trial.id,
        get params() {
          return live.params;
        },
        report: async (epoch, value) => {
          trial.history.push({ epoch, value, params: { ...live.params } } satisfies EpochReport<D>);
          const change = options.babysit?.({ trial, epoch, value });
          if (change) {
            for (const name of Object.keys(change)) options.space.dimension(name);
            live.params = { ...live.params, ...change };
          }
        },
      };
      const started = Date.now();
      try {
        const value = await options.objective(live.params, context);
        if (typeof value !== 'number') throw new InvalidArgumentError('objective result', value, 'must be a number');
        trial.value = value;
      } catch (error) {
        trial.status = 'error';
        trial.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      trial.durationMs = Date.now() - started;
      if (stream) {
        const best = ranked(trials, direction)[0];
        stream.write(`\r[search] ${trials.length} trials, batch ${thisBatch + 1}; best ${best ? `${best.value} ${JSON.stringify(best.params)}` : '-'}`.slice(0, 200).padEnd(80));
      }
    });
  }
  if (stream) stream.write('\n');
  const record: SearchRecord<D> = {
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    mode,
    direction,
    seed: options.seed ?? null,
    space: options.space.describe(),
    strategy: options.strategy.describe(),
    trials,
    best: ranked(trials, direction)[0] ?? null,
  };
  if (options.record) {
    await mkdir(dirname(options.record), { recursive: true });
    const tmp = `${options.record}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
    await rename(tmp, options.record);
  }
  return record;
}
