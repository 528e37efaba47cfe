/** Strategies that propose every candidate at once: grid, random, Latin hypercube, Sobol. */
import { createRequire } from 'node:module';
import { createRandom, InvalidArgumentError } from '@dlspec/core';
import type { Candidate, Dimensions, SearchSpace } from '../space.js';
import type { Strategy } from './types.js';

function positiveInteger(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(name, v, 'must be a positive integer');
  return v;
}

function once<D extends Dimensions>(name: string, describe: Record<string, unknown>, build: () => Candidate<D>[]): Strategy<D> {
  let done = false;
  return {
    name,
    next: () => {
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
export function gridSearch<D extends Dimensions>(space: SearchSpace<D>, { points }: { points: number }): Strategy<D> {
  positiveInteger('points', points);
  return once('grid', { points }, () => {
    const axis = Array.from({ length: points }, (_, i) => (i + 0.5) / points);
    let us: Array<Record<string, number>> = [{}];
    for (const name of space.names) us = us.flatMap((u) => axis.map((x) => ({ ...u, [name]: x })));
    return us.map((u) => space.at(u));
  });
}

/** n independent uniform points: n distinct values in every dimension. */
export function randomSearch<D extends Dimensions>(space: SearchSpace<D>, { trials, seed }: { trials: number; seed: number }): Strategy<D> {
  positiveInteger('trials', trials);
  return once('random', { trials, seed }, () => {
    const random = createRandom(seed);
    return Array.from({ length: trials }, () => space.sample(random));
  });
}

/**
 * Latin hypercube sampling (McKay, Beckman and Conover, 1979): each dimension's [0, 1) cut into n
 * equal strata, one point in each, the strata paired across dimensions by random permutations.
 */
export function latinHypercube<D extends Dimensions>(space: SearchSpace<D>, { trials, seed }: { trials: number; seed: number }): Strategy<D> {
  positiveInteger('trials', trials);
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

interface SobolGenerator {
  nextVector(): number[];
}
const require = createRequire(import.meta.url);

/**
 * A Sobol sequence (Joe-Kuo direction numbers, from the `sobol` package), skipping the first
 * point (all zeros) and `skip` more. Deterministic: no seed.
 */
export function sobolSearch<D extends Dimensions>(space: SearchSpace<D>, { trials, skip = 0 }: { trials: number; skip?: number }): Strategy<D> {
  positiveInteger('trials', trials);
  if (!Number.isInteger(skip) || skip < 0) throw new InvalidArgumentError('skip', skip, 'must be an integer >= 0');
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
