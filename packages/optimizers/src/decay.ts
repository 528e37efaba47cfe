import { InvalidArgumentError } from '@dlspec/core';

/**
 * Learning-rate decay. Epochs count from 1. The lecture's schedules and Keras's:
 *   inverse_time        alpha0 / (1 + decayRate * epoch)
 *   exponential         decayRate^epoch * alpha0             (the lecture's 0.95^epoch alpha0)
 *   inverse_sqrt        k / sqrt(epoch) * alpha0
 *   staircase           alpha0 * decayRate^floor(epoch / interval)
 *   keras_exponential   alpha0 * decayRate^(epoch / interval), floor()ed when staircase
 *   keras_inverse_time  alpha0 / (1 + decayRate * epoch / interval), floor()ed when staircase
 * (Keras counts optimizer steps where this counts epochs; `interval` is its decay_steps.)
 */
export const SCHEDULES = ['constant', 'inverse_time', 'exponential', 'inverse_sqrt', 'staircase', 'keras_exponential', 'keras_inverse_time'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export interface Schedule {
  readonly schedule: ScheduleName;
  readonly alpha0: number;
  readonly decayRate?: number;
  readonly k?: number;
  readonly interval?: number;
  readonly staircase?: boolean;
}

export function checkSchedule(s: Schedule): Required<Schedule> {
  if (!SCHEDULES.includes(s.schedule)) throw new InvalidArgumentError('schedule', s.schedule, `must be one of ${SCHEDULES.join(', ')}`);
  if (!(s.alpha0 > 0) || !Number.isFinite(s.alpha0)) throw new InvalidArgumentError('alpha0', s.alpha0, 'must be a finite number > 0');
  const r = { decayRate: 1, k: 1, interval: 1, staircase: false, ...s };
  if (!(r.decayRate >= 0) || !Number.isFinite(r.decayRate)) throw new InvalidArgumentError('decayRate', r.decayRate, 'must be a finite number >= 0');
  if (!(r.k > 0) || !Number.isFinite(r.k)) throw new InvalidArgumentError('k', r.k, 'must be a finite number > 0');
  if (!(r.interval > 0) || !Number.isFinite(r.interval)) throw new InvalidArgumentError('interval', r.interval, 'must be a finite number > 0');
  return r;
}

export function checkEpoch(epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 1) throw new InvalidArgumentError('epoch', epoch, 'must be an integer >= 1 (epochs count from 1)');
}

/** alpha at `epoch` (float64). */
export function learningRateAt(schedule: Schedule, epoch: number): number {
  const s = checkSchedule(schedule);
  checkEpoch(epoch);
  const ratio = epoch / s.interval;
  const p = s.staircase ? Math.floor(ratio) : ratio;
  switch (s.schedule) {
    case 'constant':
      return s.alpha0;
    case 'inverse_time':
      return s.alpha0 / (1 + s.decayRate * epoch);
    case 'exponential':
      return s.decayRate ** epoch * s.alpha0;
    case 'inverse_sqrt':
      return (s.k / Math.sqrt(epoch)) * s.alpha0;
    case 'staircase':
      return s.alpha0 * s.decayRate ** Math.floor(ratio);
    case 'keras_exponential':
      return s.alpha0 * s.decayRate ** p;
    case 'keras_inverse_time':
      return s.alpha0 / (1 + s.decayRate * p);
  }
}
