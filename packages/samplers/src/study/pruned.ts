import { DlspecError } from '@dlspec/core';

/**
 * Thrown by `trial.report(epoch, value)` when the pruner stops the trial: let it propagate out of
 * the objective (free tensors in a finally), and the trial is recorded as pruned at that epoch.
 * Recognised by its code, so an objective in a worker process may use its own copy of the class.
 */
export class TrialPruned extends DlspecError {
  readonly epoch: number;
  constructor(epoch: number) {
    super('TRIAL_PRUNED', `pruned at epoch ${epoch}`);
    this.epoch = epoch;
  }
}

export const isPruned = (error: unknown): error is { code: 'TRIAL_PRUNED'; epoch: number } =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'TRIAL_PRUNED';
