import { checkInterval, checkPositive, checkTensor, checkTensor64, InvalidArgumentError, ShapeError, type Tensor64, type TensorLike } from '@dlspec/core';

/** Checks shared by the float64 spec and the tfjs models, so both refuse the same input. */
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

/** A float64 input of the spec: data filling its shape, and at least one class. */
export function checkLogits64(argument: string, t: Tensor64): Tensor64 {
  checkLogits(checkTensor64(argument, t).shape, argument);
  return t;
}

/** A tfjs input of the models: a live float32 tensor with at least one class. */
export function checkLogitsTensor<T extends TensorLike>(argument: string, t: T): T {
  checkLogits(checkTensor(argument, t).shape, argument);
  return t;
}

export const checkLabelSmoothing = (labelSmoothing: unknown): number => checkInterval('labelSmoothing', labelSmoothing, { low: 0, high: 1 });

/** How far a label row may sum from 1: float32 one-hot rows are exact, float32 soft labels are not. */
export const LABEL_SUM_TOLERANCE = 1e-5;

/** Each row of y must be a distribution: entries finite and >= 0, summing to 1. */
export function checkDistribution(rowMin: number, worstRowSumError: number, row: number, argument = 'y'): void {
  if (!(rowMin >= 0) || !Number.isFinite(rowMin)) {
    throw new InvalidArgumentError(`${argument}[${row}]`, rowMin, 'must hold finite labels >= 0 (each row a distribution over the classes)');
  }
  if (!(worstRowSumError <= LABEL_SUM_TOLERANCE)) {
    throw new InvalidArgumentError(`${argument}[${row}]`, 1 + worstRowSumError, `must sum to 1 (within ${LABEL_SUM_TOLERANCE})`);
  }
}

export const checkLearningRate = (learningRate: unknown): number => checkPositive('learningRate', learningRate);
