import { checkInteger, checkInterval, checkOneOf, checkPositive, checkTensor, checkTensor64, InvalidArgumentError, ShapeError, type Tensor64, type TensorLike } from '@dlspec/core';

/** Checks shared by the float64 spec and the tfjs models, so both refuse the same input. */
export function checkLogits(shape: readonly number[], argument = 'z'): void {
  if (shape.length === 0) throw new ShapeError(argument, shape, 'must have at least one axis (the classes)');
  if (shape.some((d) => d === 0)) throw new ShapeError(argument, shape, 'must not be empty (a batch of zero examples or zero classes)');
}

/**
 * z of softmax cross-entropy: [m, C], or [N, C, d1, ..., dk] with the class on axis 1 (ONNX's
 * layout), and no empty axis. Returns N, C and D = d1 ... dk (1 for [m, C]).
 */
export function checkCrossEntropyLogits(zShape: readonly number[]): { N: number; C: number; D: number } {
  if (zShape.length < 2) throw new ShapeError('z', zShape, 'must be [m, C] or [N, C, d1, ..., dk] (examples by classes, then any other axes)');
  checkLogits(zShape);
  const [N, C, ...rest] = zShape as [number, number, ...number[]];
  return { N, C, D: rest.reduce((a, d) => a * d, 1) };
}

/** z and y of softmax cross-entropy: one shape, [m, C] or [N, C, d1, ..., dk]. */
export function checkLogitsAndLabels(zShape: readonly number[], yShape: readonly number[]): { m: number; C: number; D: number } {
  const { N, C, D } = checkCrossEntropyLogits(zShape);
  if (yShape.length !== zShape.length || yShape.some((d, k) => d !== zShape[k])) {
    throw new ShapeError('y', yShape, `must have the shape of z [${zShape.join(', ')}]`);
  }
  return { m: N, C, D };
}

/** Class-index labels of z [N, C, d1, ..., dk]: shape [N, d1, ..., dk] (z without its class axis). */
export function checkLabelsShape(zShape: readonly number[], labelsShape: readonly number[]): { N: number; C: number; D: number } {
  const dims = checkCrossEntropyLogits(zShape);
  const want = [zShape[0] as number, ...zShape.slice(2)];
  if (labelsShape.length !== want.length || labelsShape.some((d, k) => d !== want[k])) {
    throw new ShapeError('labels', labelsShape, `must be z's shape without the class axis [${want.join(', ')}]`);
  }
  return dims;
}

/** One class index: an integer in [0, C), or ignoreIndex (whatever its value). */
export function checkClassIndex(value: number, index: number, C: number, ignoreIndex: number | undefined): void {
  if (value === ignoreIndex) return;
  if (!Number.isInteger(value) || value < 0 || value >= C) {
    throw new InvalidArgumentError(`labels[${index}]`, value, `must be a class index, an integer in [0, ${C - 1}]${ignoreIndex === undefined ? '' : `, or ignoreIndex ${ignoreIndex}`}`);
  }
}

export const REDUCTIONS = ['none', 'mean', 'sum'] as const;
export type Reduction = (typeof REDUCTIONS)[number];
export const checkReduction = (reduction: unknown): Reduction => checkOneOf('reduction', reduction, REDUCTIONS);

export const checkIgnoreIndex = (ignoreIndex: unknown): number | undefined => (ignoreIndex === undefined ? undefined : checkInteger('ignoreIndex', ignoreIndex));

/** Per-class weights [C]: finite and >= 0. */
export function checkClassWeights(shape: readonly number[], values: ArrayLike<number>, C: number): void {
  if (shape.length !== 1 || shape[0] !== C) throw new ShapeError('weights', shape, `must be [C] = [${C}], one weight per class`);
  for (let j = 0; j < values.length; j++) {
    const w = values[j] as number;
    if (!(w >= 0) || !Number.isFinite(w)) throw new InvalidArgumentError(`weights[${j}]`, w, 'must be a finite class weight >= 0');
  }
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
