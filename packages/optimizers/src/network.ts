/**
 * The lecture's network in float64: linear layers without bias (beta takes the bias's role),
 * batch norm, ReLU, and a softmax output, trained by any optimizer of spec.ts.
 *   Z1 = X W1,  Zt1 = BN(Z1; gamma1, beta1),  A1 = relu(Zt1)
 *   Z2 = A1 W2, Zt2 = BN(Z2; gamma2, beta2),  yHat = softmax(Zt2),  J = cross-entropy
 * Backward: dZt2 = (yHat - y) / m, then batch norm's compact backward, dW2 = A1' dZ2,
 * dA1 = dZ2 W2', dZt1 = dA1 (Zt1 > 0), batch norm again, dW1 = X' dZ1.
 */
import { checkBoolean, checkObject, checkPositive, checkPositiveInteger, checkTensor64, ShapeError, tensor64, zeros64, type Tensor64 } from '@dlspec/core';
import { spec as bn } from '@dlspec/batchnorm';
import { spec as sm } from '@dlspec/softmax';
import { resolveConfig, type OptimizerConfig } from './config.js';
import { checkBatchShapes, checkNetworkShapes, NETWORK_PARAMS, type NetworkParams } from './network-shapes.js';
import { Float64Optimizer } from './spec.js';

export { NETWORK_PARAMS, type NetworkParams } from './network-shapes.js';

/** C = op(A) op(B) for [r, k] x [k, c], op a transpose where asked. */
export function matmul(A: Tensor64, B: Tensor64, transA = false, transB = false): Tensor64 {
  [A, B] = [checkTensor64('A', A), checkTensor64('B', B)];
  checkBoolean('transA', transA);
  checkBoolean('transB', transB);
  if (A.shape.length !== 2) throw new ShapeError('A', A.shape, 'must be a matrix [r, k]');
  if (B.shape.length !== 2) throw new ShapeError('B', B.shape, 'must be a matrix [k, c]');
  const [ar, ac] = A.shape as [number, number];
  const [br, bc] = B.shape as [number, number];
  const [r, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, c] = transB ? [bc, br] : [br, bc];
  if (k !== k2) throw new ShapeError('B', B.shape, `must have ${k} rows to multiply [${A.shape.join(', ')}]`);
  const a = (i: number, q: number) => A.data[transA ? q * ac + i : i * ac + q] as number;
  const b = (q: number, j: number) => B.data[transB ? j * bc + q : q * bc + j] as number;
  const out = zeros64([r, c]);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a(i, q) * b(q, j);
      out.data[i * c + j] = s;
    }
  }
  return out;
}

export interface NetworkStep {
  readonly cost: number;
  readonly grads: NetworkParams<Tensor64>;
}

/** The network's inputs, each checked (data filling its shape, shapes fitting together), as Float64Array tensors. */
function checkNetwork(X: Tensor64, Y: Tensor64, p: NetworkParams<Tensor64>, epsilon: number, argument: string): { X: Tensor64; Y: Tensor64; p: NetworkParams<Tensor64> } {
  [X, Y] = [checkTensor64('X', X), checkTensor64('Y', Y)];
  checkObject(argument, p);
  const params = Object.fromEntries(NETWORK_PARAMS.map((k) => [k, checkTensor64(k, p[k])])) as NetworkParams<Tensor64>;
  checkBatchShapes(X.shape, Y.shape, checkNetworkShapes(params, argument));
  sm.checkLabels(Y, 'Y');
  checkPositive('epsilon', epsilon);
  return { X, Y, p: params };
}

/** Forward and backward for one mini-batch. */
export function networkGradients(X: Tensor64, Y: Tensor64, p: NetworkParams<Tensor64>, epsilon: number): NetworkStep {
  ({ X, Y, p } = checkNetwork(X, Y, p, epsilon, 'p'));
  const Z1 = matmul(X, p.W1);
  const bn1 = bn.forwardTrain(Z1, p.gamma1, p.beta1, epsilon);
  const A1 = tensor64(Z1.shape, bn1.zTilde.data.map((v) => Math.max(v, 0)));
  const Z2 = matmul(A1, p.W2);
  const bn2 = bn.forwardTrain(Z2, p.gamma2, p.beta2, epsilon);
  const { cost, dz: dZt2 } = sm.softmaxCrossEntropy(bn2.zTilde, Y);
  const b2 = bn.backward(Z2, p.gamma2, dZt2, epsilon);
  const dA1 = matmul(b2.dz, p.W2, false, true);
  const dZt1 = tensor64(dA1.shape, dA1.data.map((v, i) => ((bn1.zTilde.data[i] as number) > 0 ? v : 0)));
  const b1 = bn.backward(Z1, p.gamma1, dZt1, epsilon);
  return {
    cost: cost.data[0] as number,
    grads: { W1: matmul(X, b1.dz, true), gamma1: b1.dgamma, beta1: b1.dbeta, W2: matmul(A1, b2.dz, true), gamma2: b2.dgamma, beta2: b2.dbeta },
  };
}

/** Train `steps` full-batch steps; the cost of each step's forward pass (before its update) and the final parameters. */
export function trainNetwork(X: Tensor64, Y: Tensor64, params0: NetworkParams<Tensor64>, config: OptimizerConfig, steps: number, epsilon: number): { cost: Tensor64; params: NetworkParams<Tensor64> } {
  const checked = checkNetwork(X, Y, params0, epsilon, 'params0');
  [X, Y] = [checked.X, checked.Y];
  resolveConfig(config);
  checkPositiveInteger('steps', steps);
  const opt = new Float64Optimizer(config);
  const params = Object.fromEntries(NETWORK_PARAMS.map((k) => [k, tensor64(checked.p[k].shape, checked.p[k].data)])) as NetworkParams<Tensor64>;
  const cost = zeros64([steps]).data;
  for (let t = 0; t < steps; t++) {
    const step = networkGradients(X, Y, params, epsilon);
    cost[t] = step.cost;
    opt.step(
      Object.fromEntries(NETWORK_PARAMS.map((k) => [k, params[k].data])),
      Object.fromEntries(NETWORK_PARAMS.map((k) => [k, step.grads[k].data])),
    );
  }
  return { cost: tensor64([steps], cost), params };
}
