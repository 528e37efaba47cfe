import { checkInteger, checkInterval, checkObject, checkOneOf, createRandom } from '@dlspec/core';
import type { Candidate, Dimensions, SearchSpace } from '../space.js';
import { checkCount, checkHistory, checkSpace } from './check.js';
import { DIRECTIONS, ranked, type Direction, type Strategy, type Trial } from './types.js';

export interface CoarseToFineOptions {
  readonly rounds: number;
  readonly trialsPerRound: number;
  /** Share of the best trials (of all so far) that decides the next box, in (0, 1]. */
  readonly keep: number;
  /** Each round's box is this fraction of the previous one's width, per dimension, in (0, 1]. */
  readonly shrink: number;
  readonly seed: number;
  readonly direction?: Direction;
}

/** Just below 1: u stays in [0, 1). */
const TOP = 1 - 2 ** -53;

/**
 * Coarse to fine: sample the box, keep the best points, shrink the box around them, and sample
 * more densely. Boxes live in each dimension's own scale - the uniform coordinate u of its
 * distribution, so log dimensions shrink in log space - and never leave [0, 1), i.e. the
 * original bounds. A numeric dimension's new box spans the kept points, then is cut or widened
 * to shrink^round of the full range around the best point; a choice keeps the values the kept
 * points use.
 */
export function coarseToFine<D extends Dimensions>(space: SearchSpace<D>, options: CoarseToFineOptions): Strategy<D> {
  checkSpace(space);
  const { rounds, trialsPerRound, keep, shrink, seed } = checkObject<CoarseToFineOptions>('options', options);
  const direction = checkOneOf('direction', options.direction ?? 'minimize', DIRECTIONS);
  checkCount('rounds', rounds);
  checkCount('trialsPerRound', trialsPerRound, rounds);
  for (const [name, v] of [['keep', keep], ['shrink', shrink]] as const) checkInterval(name, v, { low: 0, high: 1, lowOpen: true });
  checkInteger('seed', seed);
  const random = createRandom(seed);
  let round = 0;
  const boxes: Array<Record<string, [number, number]>> = [];

  const boxFrom = (history: readonly Trial<D>[]): Record<string, [number, number]> => {
    const best = ranked(history, direction);
    if (round === 0 || best.length === 0) return Object.fromEntries(space.names.map((n) => [n, [0, TOP]]));
    const kept = best.slice(0, Math.max(1, Math.ceil(keep * best.length)));
    const width = shrink ** round;
    return Object.fromEntries(
      space.names.map((n) => {
        const us = kept.map((t) => t.u[n] as number);
        const centre = best[0]!.u[n] as number;
        let [lo, hi] = [Math.min(...us), Math.max(...us)];
        if (hi - lo > width || hi - lo < width) [lo, hi] = [centre - width / 2, centre + width / 2];
        if (lo < 0) [lo, hi] = [0, Math.min(TOP, hi - lo)];
        if (hi > TOP) [lo, hi] = [Math.max(0, lo - (hi - TOP)), TOP];
        return [n, [lo, hi]];
      }),
    );
  };

  return {
    name: 'coarse_to_fine',
    next: (history) => {
      checkHistory(history);
      if (round >= rounds) return [];
      const box = boxFrom(history);
      const kept = round === 0 ? [] : ranked(history, direction).slice(0, Math.max(1, Math.ceil(keep * history.length)));
      boxes.push(box);
      round++;
      return Array.from({ length: trialsPerRound }, (): Candidate<D> => {
        const u = Object.fromEntries(
          space.names.map((n) => {
            const d = space.dimension(n);
            if (d.kind === 'choice' && kept.length > 0) {
              // Restrict a choice to the values the kept points use, each with its own cell of u.
              const values = (d as unknown as { values: unknown[] }).values;
              const cells = [...new Set(kept.map((t) => Math.min(values.length - 1, Math.floor((t.u[n] as number) * values.length))))];
              const cell = cells[random.int(0, cells.length - 1)] as number;
              return [n, (cell + random.uniform()) / values.length];
            }
            const [lo, hi] = box[n] as [number, number];
            return [n, Math.min(TOP, lo + random.uniform() * (hi - lo))];
          }),
        );
        return space.at(u);
      });
    },
    describe: () => ({ strategy: 'coarse_to_fine', rounds, trialsPerRound, keep, shrink, seed, direction, boxes }),
  };
}
