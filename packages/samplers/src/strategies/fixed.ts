/** Strategies that propose every candidate at once: grid, random, Latin hypercube, Sobol. */
import { createRequire } from 'node:module';
import { checkInteger, checkIntegerAtLeast, checkObject, createRandom, InvalidArgumentError } from '@dlspec/core';
import type { Candidate, Dimensions, SearchSpace } from '../space.js';
import { checkCount, checkHistory, checkSpace, MAX_CANDIDATES } from './check.js';
import type { Strategy } from './types.js';

function once<D extends Dimensions>(name: string, describe: Record<string, unknown>, build: () => Candidate<D>[]): Strategy<D> {
  let done = false;
  return {
    name,
    next: (history) => {
      checkHistory(history);
      if (done) return [];
      done = true;
      return build();
    },
    describe: () => ({ strategy: name, ...describe }),
  };
}

/**
 * The baseline the lecture argues against: `points` values per dimension at the centres of equal
 * cells of u, every combination (points^k candidates). With k dimensions of which one matters, n
 * trials try only n^(1/k) values of it.
 */
export function gridSearch<D extends Dimensions>(space: SearchSpace<D>, options: { points: number }): Strategy<D> {
  checkSpace(space);
  const { points } = checkObject<{ points: number }>('options', options);
  checkCount('points', points);
  checkCount('points', points, points ** (space.names.length - 1)); // points^k candidates
  return once('grid', { points }, () => {
    const axis = Array.from({ length: points }, (_, i) => (i + 0.5) / points);
    let us: Array<Record<string, number>> = [{}];
    for (const name of space.names) us = us.flatMap((u) => axis.map((x) => ({ ...u, [name]: x })));
    return us.map((u) => space.at(u));
  });
}

/** n independent uniform points: n distinct values in every dimension. */
export function randomSearch<D extends Dimensions>(space: SearchSpace<D>, options: { trials: number; seed: number }): Strategy<D> {
  const { trials, seed } = checkSeeded(space, options);
  return once('random', { trials, seed }, () => {
    const random = createRandom(seed);
    return Array.from({ length: trials }, () => space.sample(random));
  });
}

/**
 * Latin hypercube sampling (McKay, Beckman and Conover, 1979): each dimension's [0, 1) cut into n
 * equal strata, one point in each, the strata paired across dimensions by random permutations.
 */
export function latinHypercube<D extends Dimensions>(space: SearchSpace<D>, options: { trials: number; seed: number }): Strategy<D> {
  const { trials, seed } = checkSeeded(space, options);
  return once('latin_hypercube', { trials, seed }, () => {
    const random = createRandom(seed);
    const columns = space.names.map(() => {
      const perm = Array.from({ length: trials }, (_, i) => i);
      for (let i = trials - 1; i > 0; i--) {
        const j = random.int(0, i);
        [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
      }
      return perm.map((stratum) => (stratum + random.uniform()) / trials);
    });
    return Array.from({ length: trials }, (_, i) => space.at(Object.fromEntries(space.names.map((n, d) => [n, columns[d]![i] as number]))));
  });
}

/** The options of a seeded strategy: the space, a count of trials and a seed, checked. */
function checkSeeded<D extends Dimensions>(space: SearchSpace<D>, options: { trials: number; seed: number }): { trials: number; seed: number } {
  checkSpace(space);
  const { trials, seed } = checkObject<{ trials: number; seed: number }>('options', options);
  return { trials: checkCount('trials', trials), seed: checkInteger('seed', seed) };
}

interface SobolGenerator {
  nextVector(): number[];
}
const require = createRequire(import.meta.url);

/**
 * A Sobol sequence (Joe-Kuo direction numbers, from the `sobol` package), skipping the first
 * point (all zeros) and `skip` more. Deterministic: no seed.
 */
export function sobolSearch<D extends Dimensions>(space: SearchSpace<D>, options: { trials: number; skip?: number }): Strategy<D> {
  checkSpace(space);
  const { trials, skip = 0 } = checkObject<{ trials: number; skip?: number }>('options', options);
  checkCount('trials', trials);
  // Skipped points are drawn too: the same bound as for the trials.
  if (checkIntegerAtLeast('skip', skip, 0) > MAX_CANDIDATES) throw new InvalidArgumentError('skip', skip, `must be at most ${MAX_CANDIDATES}`);
  return once('sobol', { trials, skip }, () => {
    const { SobolSequenceGenerator } = require('sobol') as { SobolSequenceGenerator: new (dims: number) => SobolGenerator };
    const gen = new SobolSequenceGenerator(space.names.length);
    for (let i = 0; i <= skip; i++) gen.nextVector();
    return Array.from({ length: trials }, () => {
      const v = gen.nextVector();
      return space.at(Object.fromEntries(space.names.map((n, d) => [n, v[d] as number])));
    });
  });
}
