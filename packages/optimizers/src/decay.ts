import { checkBoolean, checkIntegerAtLeast, checkNonNegative, checkObject, checkOneOf, checkPositive, InvalidArgumentError } from '@dlspec/core';

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

/** The schedule with its defaults filled in, after checking every field. */
export function checkSchedule(s: Schedule): Required<Schedule> {
  checkObject('schedule', s);
  checkOneOf('schedule', s.schedule, SCHEDULES);
  checkPositive('alpha0', s.alpha0);
  const r = { decayRate: 1, k: 1, interval: 1, staircase: false, ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) } as Required<Schedule>;
  checkNonNegative('decayRate', r.decayRate);
  checkPositive('k', r.k);
  checkPositive('interval', r.interval);
  checkBoolean('staircase', r.staircase);
  return r;
}

export const checkEpoch = (epoch: unknown): number => checkIntegerAtLeast('epoch', epoch, 1, 'epochs count from 1');

/** alpha at `epoch` (float64): a finite number > 0, or a typed error naming the schedule constant that takes it elsewhere. */
export function learningRateAt(schedule: Schedule, epoch: number): number {
  const s = checkSchedule(schedule);
  checkEpoch(epoch);
  const alpha = rateAt(s, epoch);
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new InvalidArgumentError('decayRate', s.decayRate, `takes schedule ${s.schedule} to a learning rate of ${alpha} at epoch ${epoch}; it must stay a finite number > 0`);
  }
  return alpha;
}

function rateAt(s: Required<Schedule>, epoch: number): number {
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
