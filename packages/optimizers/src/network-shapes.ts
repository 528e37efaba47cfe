import { checkObject, ShapeError } from '@dlspec/core';

export const NETWORK_PARAMS = ['W1', 'gamma1', 'beta1', 'W2', 'gamma2', 'beta2'] as const;
export type NetworkParams<T> = Record<(typeof NETWORK_PARAMS)[number], T>;

/** n0 inputs, n1 hidden units, C classes. */
export interface NetworkSizes {
  readonly n0: number;
  readonly n1: number;
  readonly C: number;
}

const is = (shape: readonly number[], want: readonly number[]) => shape.length === want.length && shape.every((d, i) => d === want[i]);

/**
 * The six parameters of the network (of network.ts and network-model.ts) fit together: W1 [n0, n1],
 * gamma1 and beta1 [n1], W2 [n1, C], gamma2 and beta2 [C], no dimension 0. Other keys are ignored.
 */
export function checkNetworkShapes(params: NetworkParams<{ readonly shape: readonly number[] }>, argument = 'params0'): NetworkSizes {
  checkObject(argument, params);
  const { W1, W2 } = params;
  if (W1.shape.length !== 2 || W1.shape.includes(0)) throw new ShapeError('W1', W1.shape, 'must be a non-empty [n0, n1]');
  const [n0, n1] = W1.shape as [number, number];
  if (W2.shape.length !== 2 || W2.shape[0] !== n1 || W2.shape[1] === 0) throw new ShapeError('W2', W2.shape, `must be a non-empty [n1, C] with n1 = ${n1} (the columns of W1)`);
  const C = W2.shape[1] as number;
  for (const [key, n, what] of [['gamma1', n1, 'n1, the columns of W1'], ['beta1', n1, 'n1, the columns of W1'], ['gamma2', C, 'C, the columns of W2'], ['beta2', C, 'C, the columns of W2']] as const) {
    if (!is(params[key].shape, [n])) throw new ShapeError(key, params[key].shape, `must be [${n}] (${what})`);
  }
  return { n0, n1, C };
}

/** A mini-batch for the network: X [m, n0] and Y [m, C], m >= 1. */
export function checkBatchShapes(X: readonly number[], Y: readonly number[], { n0, C }: NetworkSizes): void {
  if (X.length !== 2 || X[0] === 0 || X[1] !== n0) throw new ShapeError('X', X, `must be a non-empty [m, n0] with n0 = ${n0} (the rows of W1)`);
  if (!is(Y, [X[0] as number, C])) throw new ShapeError('Y', Y, `must be [m, C] = [${X[0]}, ${C}]`);
}
