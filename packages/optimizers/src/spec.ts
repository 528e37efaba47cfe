/**
 * The update rules in float64, element by element, in the lecture's names:
 *   gradient descent  W -= alpha dW
 *   momentum          v = beta v + (1 - beta) dW  (or v = beta v + dW),  W -= alpha v
 *   Nesterov          the same v, then W -= alpha ((1 - beta) dW + beta v)  (or dW + beta v)
 *   RMSprop           s = beta2 s + (1 - beta2) dW^2,  W -= alpha dW / (sqrt(s) + eps)  (or sqrt(s + eps))
 *   Adam              v, s as above with beta1, beta2;  vHat = v / (1 - beta1^t),  sHat = s / (1 - beta2^t),
 *                     W -= alpha vHat / (sqrt(sHat) + eps)
 * and Adamax, Adagrad and Adadelta as Keras documents them. Which variant applies is data
 * (config.ts, profiles.ts). No tfjs here; the golden fixtures are generated from these functions.
 */
import { checkObject, checkPositive, checkPositiveInteger, checkTensor64, checkValues, InvalidArgumentError, ShapeError, tensor64, zeros64, type Tensor64 } from '@dlspec/core';
import { resolveConfig, type OptimizerConfig, type ResolvedConfig } from './config.js';
import { checkSchedule, learningRateAt, type Schedule } from './decay.js';

interface State64 {
  v: Float64Array;
  s: Float64Array;
  mg: Float64Array;
  d: Float64Array;
}

/**
 * The state of each parameter array: v (first moment / velocity), s (second moment), mg, d; and the
 * step t. State follows the Float64Array itself (updated in place step after step), not its name.
 */
export class Float64Optimizer {
  readonly config: ResolvedConfig;
  #state = new WeakMap<Float64Array, State64>();
  #t = 0;

  constructor(config: OptimizerConfig) {
    this.config = resolveConfig(config);
  }

  /** The step about to be taken, counting from 1 (bias correction uses it). */
  get t(): number {
    return this.#t + 1;
  }

  /**
   * Update every named parameter in place with its gradient, at learning rate alpha; then t
   * advances. Everything is checked first: the step updates every parameter or none.
   */
  step(params: Record<string, Float64Array>, grads: Record<string, Float64Array>, alpha = this.config.learningRate): void {
    checkStep(params, grads);
    checkPositive('alpha', alpha);
    const t = this.#t + 1;
    for (const [name, W] of Object.entries(params)) {
      const dW = grads[name] as Float64Array;
      const st = this.#stateOf(W);
      for (let i = 0; i < W.length; i++) W[i] = (W[i] as number) - this.#delta(st, i, dW[i] as number, alpha, t);
    }
    this.#t = t;
  }

  #stateOf(W: Float64Array): State64 {
    let st = this.#state.get(W);
    if (!st) {
      const n = W.length;
      st = { v: new Float64Array(n), s: new Float64Array(n).fill(this.config.optimizer === 'adagrad' ? this.config.initialAccumulator : 0), mg: new Float64Array(n), d: new Float64Array(n) };
      this.#state.set(W, st);
    }
    return st;
  }

  /** The amount subtracted from W[i]. */
  #delta(st: State64, i: number, g: number, alpha: number, t: number): number {
    const c = this.config;
    const at = (a: Float64Array) => a[i] as number;
    switch (c.optimizer) {
      case 'gd':
        return alpha * g;
      case 'momentum':
      case 'nesterov': {
        const scale = c.momentumForm === 'ewma' ? 1 - c.beta : 1;
        const v = c.beta * at(st.v) + scale * g;
        st.v[i] = v;
        return alpha * (c.optimizer === 'nesterov' ? scale * g + c.beta * v : v);
      }
      case 'rmsprop': {
        const s = c.beta2 * at(st.s) + (1 - c.beta2) * g * g;
        st.s[i] = s;
        let denom: number;
        if (c.centered) {
          const mg = c.beta2 * at(st.mg) + (1 - c.beta2) * g;
          st.mg[i] = mg;
          const variance = s - mg * mg;
          denom = c.centeredForm === 'inside' ? Math.sqrt(variance + c.epsilon) : Math.sqrt(variance) + c.epsilon;
        } else {
          denom = c.epsilonPlacement === 'inside' ? Math.sqrt(s + c.epsilon) : Math.sqrt(s) + c.epsilon;
        }
        if (c.momentum === 0) return (alpha * g) / denom;
        const v = c.momentum * at(st.v) + (alpha * g) / denom;
        st.v[i] = v;
        return v;
      }
      case 'adam': {
        const v = c.beta1 * at(st.v) + (1 - c.beta1) * g;
        const s = c.beta2 * at(st.s) + (1 - c.beta2) * g * g;
        st.v[i] = v;
        st.s[i] = s;
        if (c.adamForm === 'course') {
          const vHat = v / (1 - c.beta1 ** t);
          const sHat = s / (1 - c.beta2 ** t);
          return (alpha * vHat) / (Math.sqrt(sHat) + c.epsilon);
        }
        const alphaT = (alpha * Math.sqrt(1 - c.beta2 ** t)) / (1 - c.beta1 ** t);
        return (alphaT * v) / (Math.sqrt(s) + c.epsilon);
      }
      case 'adamax': {
        const v = c.beta1 * at(st.v) + (1 - c.beta1) * g;
        const u = Math.max(c.beta2 * at(st.s), Math.abs(g));
        st.v[i] = v;
        st.s[i] = u;
        return ((alpha / (1 - c.beta1 ** t)) * v) / (u + c.epsilon);
      }
      case 'adagrad': {
        const s = at(st.s) + g * g;
        st.s[i] = s;
        return (alpha * g) / (c.epsilonPlacement === 'inside' ? Math.sqrt(s + c.epsilon) : Math.sqrt(s) + c.epsilon);
      }
      case 'adadelta': {
        const s = c.rho * at(st.s) + (1 - c.rho) * g * g;
        const update = (Math.sqrt(at(st.d) + c.epsilon) / Math.sqrt(s + c.epsilon)) * g;
        st.s[i] = s;
        st.d[i] = c.rho * at(st.d) + (1 - c.rho) * update * update;
        return alpha * update;
      }
    }
  }
}

/** params: Float64Arrays (updated in place), none twice; grads: one array of the same length per parameter, and no other. */
function checkStep(params: Record<string, Float64Array>, grads: Record<string, Float64Array>): void {
  checkObject('params', params);
  checkObject('grads', grads);
  const seen = new Map<Float64Array, string>();
  for (const [name, W] of Object.entries(params)) {
    if (!(W instanceof Float64Array)) throw new InvalidArgumentError(`params.${name}`, W, 'must be a Float64Array (updated in place)');
    const other = seen.get(W);
    if (other !== undefined) throw new InvalidArgumentError(`params.${name}`, W, `must not be the same array as params.${other}`);
    seen.set(W, name);
    const dW = grads[name];
    if (dW === undefined) throw new InvalidArgumentError(`grads.${name}`, dW, 'is missing: every parameter needs its gradient');
    if (checkValues(`grads.${name}`, dW).length !== W.length) throw new ShapeError(`grads.${name}`, [dW.length], `must hold ${W.length} values like the parameter`);
  }
  for (const name of Object.keys(grads)) {
    if (!Object.hasOwn(params, name)) throw new InvalidArgumentError(`grads.${name}`, grads[name], 'names no parameter of params');
  }
}

/** A schedule applied to optimizer steps: step t (from 1) belongs to epoch ceil(t / stepsPerEpoch). */
export interface StepSchedule extends Schedule {
  readonly stepsPerEpoch: number;
}

/** alpha at step t (from 1): the schedule's at that step's epoch, or config.learningRate. */
export function alphaForStep(config: OptimizerConfig, schedule: StepSchedule | undefined, t: number): number {
  const { learningRate } = resolveConfig(config);
  checkStepSchedule(schedule);
  checkPositiveInteger('t', t);
  if (!schedule) return learningRate;
  return learningRateAt(schedule, Math.ceil(t / schedule.stepsPerEpoch));
}

function checkStepSchedule(schedule: StepSchedule | undefined): void {
  if (schedule === undefined) return;
  checkSchedule(schedule);
  checkPositiveInteger('stepsPerEpoch', schedule.stepsPerEpoch);
}

/** Open loop: W after each of T steps fed the given gradients [T, n] from W0 [n]. */
export function updateTrajectory(config: OptimizerConfig, w0: Tensor64, grads: Tensor64, schedule?: StepSchedule): Tensor64 {
  resolveConfig(config);
  checkStepSchedule(schedule);
  [w0, grads] = [checkTensor64('w0', w0), checkTensor64('grads', grads)];
  const n = w0.data.length;
  if (w0.shape.length !== 1) throw new ShapeError('w0', w0.shape, 'must be [n]');
  if (grads.shape.length !== 2 || grads.shape[1] !== n) throw new ShapeError('grads', grads.shape, `must be [T, n] with n = ${n}`);
  const T = grads.shape[0] as number;
  const opt = new Float64Optimizer(config);
  const W = Float64Array.from(w0.data);
  const out = zeros64([T, n]);
  for (let t = 1; t <= T; t++) {
    opt.step({ W }, { W: grads.data.subarray((t - 1) * n, t * n) }, alphaForStep(config, schedule, t));
    out.data.set(W, (t - 1) * n);
  }
  return out;
}

/** f(w) = 1/2 w'Aw - b'w + c and its gradient Sym(A) w - b. */
export function quadratic(A: Tensor64, b: Tensor64, c: Tensor64): { f: (w: Float64Array) => number; grad: (w: Float64Array) => Float64Array } {
  [A, b, c] = [checkTensor64('A', A), checkTensor64('b', b), checkTensor64('c', c)];
  if (b.shape.length !== 1) throw new ShapeError('b', b.shape, 'must be [n]');
  const n = b.data.length;
  if (A.shape.length !== 2 || A.shape[0] !== n || A.shape[1] !== n) throw new ShapeError('A', A.shape, `must be [n, n] with n = ${n}`);
  if (c.data.length !== 1) throw new ShapeError('c', c.shape, 'must be a scalar');
  const a = (i: number, j: number) => A.data[i * n + j] as number;
  const Aw = (w: Float64Array, sym: boolean) => {
    if (checkValues('w', w).length !== n) throw new ShapeError('w', [w.length], `must hold n = ${n} values, like b`);
    return Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += (sym ? (a(i, j) + a(j, i)) / 2 : a(i, j)) * (w[j] as number);
      return s;
    });
  };
  return {
    f: (w) => {
      const q = Aw(w, false);
      let s = c.data[0] as number;
      for (let i = 0; i < n; i++) s += 0.5 * (w[i] as number) * (q[i] as number) - (b.data[i] as number) * (w[i] as number);
      return s;
    },
    grad: (w) => Aw(w, true).map((v, i) => v - (b.data[i] as number)),
  };
}

/** Closed loop: minimize the quadratic from w0 for `steps` steps; cost is taken before each step's update. */
export function minimizeQuadratic(config: OptimizerConfig, w0: Tensor64, A: Tensor64, b: Tensor64, c: Tensor64, steps: number, schedule?: StepSchedule): { w: Tensor64; cost: Tensor64 } {
  resolveConfig(config);
  checkStepSchedule(schedule);
  checkPositiveInteger('steps', steps);
  const { f, grad } = quadratic(A, b, c);
  w0 = checkTensor64('w0', w0);
  const n = b.data.length;
  if (w0.shape.length !== 1 || w0.shape[0] !== n) throw new ShapeError('w0', w0.shape, `must be [n] = [${n}], like b`);
  const opt = new Float64Optimizer(config);
  const W = Float64Array.from(w0.data);
  const w = zeros64([steps, n]);
  const cost = zeros64([steps]).data;
  for (let t = 1; t <= steps; t++) {
    cost[t - 1] = f(W);
    opt.step({ W }, { W: grad(W) }, alphaForStep(config, schedule, t));
    w.data.set(W, (t - 1) * n);
  }
  return { w, cost: tensor64([steps], cost) };
}
