import { checkArray, checkPositiveInteger, InvalidArgumentError } from '@dlspec/core';
import { SearchSpace, type Dimensions } from '../space.js';
import type { Trial } from './types.js';

/** The most candidates a strategy proposes at once: each is an object in memory. */
export const MAX_CANDIDATES = 1_000_000;

export function checkSpace<D extends Dimensions>(space: SearchSpace<D>): SearchSpace<D> {
  if (!(space instanceof SearchSpace)) throw new InvalidArgumentError('space', space, 'must be a SearchSpace (defineSpace)');
  return space;
}

/** A positive count of candidates, at most MAX_CANDIDATES (with `per` of them for each unit of it). */
export function checkCount(argument: string, value: number, per = 1): number {
  checkPositiveInteger(argument, value);
  if (value * per > MAX_CANDIDATES) throw new InvalidArgumentError(argument, value, `gives ${value * per} candidates; at most ${MAX_CANDIDATES} at once`);
  return value;
}

/** The finished trials a strategy is shown: an array of trials. */
export function checkHistory<D extends Dimensions>(history: readonly Trial<D>[]): readonly Trial<D>[] {
  checkArray<Trial<D> | null>('history', history).forEach((t, i) => {
    if (typeof t !== 'object' || t === null || typeof t.u !== 'object' || t.u === null) throw new InvalidArgumentError(`history[${i}]`, t, 'must be a trial (with its u)');
  });
  return history;
}
