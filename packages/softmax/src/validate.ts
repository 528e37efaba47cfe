import { InvalidArgumentError, ShapeError } from '@dlspec/core';

/** Shape checks shared by the float64 spec and the tfjs models, so both refuse the same input. */
export function checkLogits(shape: readonly number[], argument = 'z'): void {
  if (shape.length === 0) throw new ShapeError(argument, shape, 'must have at least one axis (the classes)');
  if (shape.some((d) => d === 0)) throw new ShapeError(argument, shape, 'must not be empty (a batch of zero examples or zero classes)');
}

/** z and y of softmax cross-entropy: both [m, C], m >= 1. */
export function checkLogitsAndLabels(zShape: readonly number[], yShape: readonly number[]): { m: number; C: number } {
  if (zShape.length !== 2) throw new ShapeError('z', zShape, 'must be [m, C] (examples by classes)');
  checkLogits(zShape);
  if (yShape.length !== 2 || yShape[0] !== zShape[0] || yShape[1] !== zShape[1]) {
    throw new ShapeError('y', yShape, `must have the shape of z [${zShape.join(', ')}]`);
  }
  return { m: zShape[0] as number, C: zShape[1] as number };
}

export function checkLabelSmoothing(labelSmoothing: number): void {
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new InvalidArgumentError('labelSmoothing', labelSmoothing, 'must be in [0, 1]');
  }
}

/** How far a label row may sum from 1: float32 one-hot rows are exact, float32 soft labels are not. */
export const LABEL_SUM_TOLERANCE = 1e-5;

/** Each row of y must be a distribution: entries finite and >= 0, summing to 1. */
export function checkDistribution(rowMin: number, worstRowSumError: number, row: number): void {
  if (!(rowMin >= 0) || !Number.isFinite(rowMin)) {
    throw new InvalidArgumentError(`y[${row}]`, rowMin, 'must hold finite labels >= 0 (each row a distribution over the classes)');
  }
  if (!(worstRowSumError <= LABEL_SUM_TOLERANCE)) {
    throw new InvalidArgumentError(`y[${row}]`, 1 + worstRowSumError, `must sum to 1 (within ${LABEL_SUM_TOLERANCE})`);
  }
}

export function checkPositiveInteger(argument: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(argument, value, 'must be a positive integer');
}

export function checkLearningRate(learningRate: number): void {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new InvalidArgumentError('learningRate', learningRate, 'must be a finite number > 0');
  }
}
