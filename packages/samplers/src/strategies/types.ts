import { checkArray, checkOneOf, InvalidArgumentError } from '@dlspec/core';
import type { Candidate, Dimensions, Params } from '../space.js';

export interface EpochReport<D extends Dimensions = Dimensions> {
  readonly epoch: number;
  readonly value: number;
  /** The hyperparameters in force during that epoch (babysitting may change them). */
  readonly params: Params<D>;
}

/** Every way a trial ends. A non-finite result says which it was; none is confused with a thrown error. */
export const STATUSES = ['ok', 'pruned', 'error', 'nan', '+inf', '-inf'] as const;
export type TrialStatus = (typeof STATUSES)[number];

/** The status a returned number gives: ok when finite, else which non-finite value it is. */
export const statusOf = (value: number): TrialStatus => (Number.isNaN(value) ? 'nan' : value === Infinity ? '+inf' : value === -Infinity ? '-inf' : 'ok');

export interface Trial<D extends Dimensions = Dimensions> {
  readonly id: number;
  /** Which batch of the strategy proposed it (coarse to fine: the round). */
  readonly batch: number;
  readonly params: Params<D>;
  readonly u: Candidate<D>['u'];
  /** ok, pruned, error, or which non-finite value the objective returned (nan, +inf, -inf). */
  status: TrialStatus;
  /**
   * ok: the objective's result; pruned: the last value reported before the pruner stopped it;
   * nan, +inf, -inf: that value (written as "NaN", "Infinity", "-Infinity" in JSON); error: null.
   */
  value: number | null;
  /** error: why (the thrown error, a crashed or hung worker); pruned: at which epoch. */
  error?: string;
  readonly history: EpochReport<D>[];
  durationMs: number;
}

/**
 * A search strategy proposes candidates in batches. `next` sees every finished trial so far and
 * returns the next batch, or an empty one when the search is over; grid, random and the
 * low-discrepancy designs propose everything at once, coarse to fine one round at a time.
 */
export interface Strategy<D extends Dimensions = Dimensions> {
  readonly name: string;
  next(history: readonly Trial<D>[]): Candidate<D>[];
  describe(): Record<string, unknown>;
}

export const DIRECTIONS = ['minimize', 'maximize'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Finished trials with a finite result (status ok), best first; pruned, failed and non-finite ones are left out. */
export function ranked<D extends Dimensions>(trials: readonly Trial<D>[], direction: Direction): Trial<D>[] {
  checkOneOf('direction', direction, DIRECTIONS);
  checkArray('trials', trials).forEach((t, i) => {
    if (typeof t !== 'object' || t === null) throw new InvalidArgumentError(`trials[${i}]`, t, 'must be a trial');
  });
  const sign = direction === 'minimize' ? 1 : -1;
  return trials.filter((t) => t.status === 'ok' && typeof t.value === 'number' && Number.isFinite(t.value)).sort((a, b) => sign * ((a.value as number) - (b.value as number)));
}
