/**
 * Automated babysitting: stop trials whose learning curve is behind. A pruner looks at a trial
 * after each `report(epoch, value)` and says whether to stop it, from every trial's reports so far.
 */
import { checkIntegerAtLeast, checkObject, checkPositiveInteger, InvalidArgumentError } from '@dlspec/core';
import type { Dimensions } from '../space.js';
import type { Direction, Trial } from './types.js';

export interface Pruner {
  readonly name: string;
  /** Stop `trial` now (its last report is the newest)? `trials`: every trial of the study, itself included. */
  prune(trial: Trial<Dimensions>, trials: readonly Trial<Dimensions>[], direction: Direction): boolean;
  describe(): Record<string, unknown>;
}

export interface SuccessiveHalvingOptions {
  /** Epochs of the first rung: r. Default 1. */
  readonly minEpochs?: number;
  /** Keep 1 of every eta at each rung; rungs at r eta^(s + k). Default 3. */
  readonly eta?: number;
  /** s: the first rung is at r eta^s. Default 0. */
  readonly minEarlyStoppingRate?: number;
}

/** A value's badness for sorting: NaN worst whichever the direction. */
const key = (value: number, direction: Direction): number => (Number.isNaN(value) ? Infinity : direction === 'minimize' ? value : -value);

/** The value a trial reported at `epoch`, if it did. */
const valueAt = (t: Trial<Dimensions>, epoch: number): number | undefined => t.history.find((h) => h.epoch === epoch)?.value;

/**
 * The rung rule of asynchronous successive halving (Li et al., "A system for massively parallel
 * hyperparameter tuning", 2020; Optuna's SuccessiveHalvingPruner): at a rung epoch r eta^(s+k), a
 * trial goes on when its value is among the best max(1, floor(n / eta)) of the n trials that have
 * reached that rung so far, and is stopped otherwise. No trial waits for the others, so it works
 * with any concurrency; with one trial at a time the decisions are deterministic.
 */
function rungRule(minEpochs: number, eta: number, s: number, peers: (t: Trial<Dimensions>, all: readonly Trial<Dimensions>[]) => readonly Trial<Dimensions>[]) {
  return (trial: Trial<Dimensions>, trials: readonly Trial<Dimensions>[], direction: Direction): boolean => {
    const last = trial.history.at(-1);
    if (!last) return false;
    // Is this epoch a rung? r eta^(s+k) for some k >= 0.
    let rung = minEpochs * eta ** s;
    while (rung < last.epoch) rung *= eta;
    if (rung !== last.epoch) return false;
    const values = peers(trial, trials).flatMap((t) => {
      const v = valueAt(t, rung);
      return v === undefined ? [] : [key(v, direction)];
    });
    values.sort((a, b) => a - b);
    const kept = Math.max(1, Math.floor(values.length / eta));
    return !(key(last.value, direction) <= (values[kept - 1] as number)) || Number.isNaN(last.value);
  };
}

function checkRungs(options: SuccessiveHalvingOptions | undefined): { minEpochs: number; eta: number } {
  const { minEpochs = 1, eta = 3 } = checkObject<SuccessiveHalvingOptions>('options', options ?? {});
  checkPositiveInteger('minEpochs', minEpochs);
  checkIntegerAtLeast('eta', eta, 2);
  return { minEpochs, eta };
}

/** Successive halving, asynchronous (ASHA): see rungRule. */
export function successiveHalving(options?: SuccessiveHalvingOptions): Pruner {
  const { minEpochs, eta } = checkRungs(options);
  const s = checkIntegerAtLeast('minEarlyStoppingRate', options?.minEarlyStoppingRate ?? 0, 0);
  const prune = rungRule(minEpochs, eta, s, (_t, all) => all);
  return { name: 'successive_halving', prune, describe: () => ({ pruner: 'successive_halving', minEpochs, eta, minEarlyStoppingRate: s }) };
}

/**
 * Asynchronous Hyperband: brackets of successive halving with first rungs at r, r eta, r eta^2 ...
 * up to maxEpochs, from the most to the least aggressive. Trial i goes to a bracket by a fixed
 * pattern in which bracket b has ceil((B / (b + 1)) eta^(B - 1 - b)) places of every round
 * (Hyperband's allocation), and competes only with trials of its own bracket.
 */
export function hyperband(options: SuccessiveHalvingOptions & { readonly maxEpochs: number }): Pruner {
  const { minEpochs, eta } = checkRungs(options);
  const maxEpochs = checkPositiveInteger('maxEpochs', options.maxEpochs);
  if (maxEpochs < minEpochs) throw new InvalidArgumentError('maxEpochs', maxEpochs, `must be at least minEpochs (${minEpochs})`);
  const brackets = Math.floor(Math.log(maxEpochs / minEpochs) / Math.log(eta) + 1e-9) + 1;
  const pattern = Array.from({ length: brackets }, (_, b) => Array<number>(Math.ceil((brackets / (b + 1)) * eta ** (brackets - 1 - b))).fill(b)).flat();
  const bracketOf = (id: number): number => pattern[id % pattern.length] as number;
  const rules = Array.from({ length: brackets }, (_, b) => rungRule(minEpochs, eta, b, (t, all) => all.filter((u) => bracketOf(u.id) === bracketOf(t.id))));
  return {
    name: 'hyperband',
    prune: (trial, trials, direction) => (rules[bracketOf(trial.id)] as ReturnType<typeof rungRule>)(trial, trials, direction),
    describe: () => ({ pruner: 'hyperband', minEpochs, maxEpochs, eta, brackets }),
  };
}
