import { InvalidArgumentError } from '@dlspec/core';

export function checkPositiveSteps(steps: number): void {
  if (!Number.isInteger(steps) || steps < 1) throw new InvalidArgumentError('steps', steps, 'must be a positive integer');
}
