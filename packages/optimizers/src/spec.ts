/**
 * The update rules in float64, element by element, in the lecture's names:
 *   gradient descent  W -= alpha dW
 *   momentum          v = beta v + (1 - beta) dW  (or v = beta v + dW),  W -= alpha v
 *   Nesterov          the same v, then W -= alpha ((1 - beta) dW + beta v)  (or dW + beta v)
 *   RMSprop           s = beta2 s + (1 - beta2) dW^2,  W -= alpha dW / (sqrt(s) + eps)  (or sqrt(s + eps))
 *   Adam              v, s as above with beta1, beta2;  vHat = v / (1 - beta1^t),  sHat = s / (1 - beta2^t),
 *                     W -= alpha vHat / (sqrt(sHat) + eps)
 * and Adamax, Adagrad and Adadelta as Keras documents them, and ONNX's Momentum, Adagrad and Adam
 * (profiles.ts). Which variant applies is data (config.ts, profiles.ts); what depends on the step
 * count alone is in scalars.ts. Every rule may be fed dW + weightDecay W (L2), and a run may resume
 * at step t0 + 1 from given state. No tfjs here; the golden fixtures are generated from these functions.
 */
import { checkIntegerAtLeast, checkObject, checkPositive, checkPositiveInteger, checkTensor64, checkValues, InvalidArgumentError, ShapeError, tensor64, zeros64, type Tensor64 } from '@dlspec/core';
import { resolveConfig, slotsOf, type OptimizerConfig, type ResolvedConfig, type Slot } from './config.js';
import { stepScalars, type StepScalars } from './scalars.js';
import { checkSchedule, learningRateAt, type Schedule } from './decay.js';

type State64 = Partial<Record<Slot, Float64Array>>;

export interface Float64OptimizerOptions {
  /** Steps already taken (default 0): the first step runs as step t0 + 1. */
  readonly t0?: number;
}

/**
 * The state of each parameter array: only the slots its rule keeps (slotsOf: v, s, mg, d); and the
 * step t. State follows the Float64Array itself (updated in place step after step), not its name.
 * Each step feeds the rule dW + weightDecay W, and shrinks W by (1 - weightDecayPost) after it.
 */
export class Float64Optimizer {
  readonly config: ResolvedConfig;
  #state = new WeakMap<Float64Array, State64>();
  #t: number;

  constructor(config: OptimizerConfig, options: Float64OptimizerOptions = {}) {
    this.config = resolveConfig(config);
    checkObject('options', options);
    this.#t = options.t0 === undefined ? 0 : checkIntegerAtLeast('t0', options.t0, 0, 'steps already taken');
  }

  /** The step about to be taken, counting from 1 (bias correction uses it). */
  get t(): number {
    return this.#t + 1;
  }

  /**
   * Start W's state from the given values (copied) instead of zeros (Adagrad: initialAccumulator);
   * only slots of the rule (slotsOf), each of W's length, and before W's first step.
   */
  setState(W: Float64Array, state: Partial<Record<Slot, Float64Array>>): void {
    if (!(W instanceof Float64Array)) throw new InvalidArgumentError('W', W, 'must be a Float64Array (a parameter array)');
    if (this.#state.has(W)) throw new InvalidArgumentError('W', W, 'already has state: set it before its first step');
    checkObject('state', state);
    const slots = slotsOf(this.config);
    for (const [slot, values] of Object.entries(state)) {
      if (!(slots as readonly string[]).includes(slot)) throw new InvalidArgumentError(`state.${slot}`, values, `is not kept by ${this.config.optimizer} here (its slots: ${slots.join(', ') || 'none'})`);
      if (checkValues(`state.${slot}`, values).length !== W.length) throw new ShapeError(`state.${slot}`, [values.length], `must hold ${W.length} values like the parameter`);
    }
    const st = this.#fresh(W.length);
    for (const [slot, values] of Object.entries(state)) st[slot as Slot] = Float64Array.from(values);
    this.#state.set(W, st);
  }

  /** Copies of W's state slots (none before its first step or setState). */
  stateOf(W: Float64Array): Partial<Record<Slot, Float64Array>> {
    const st = this.#state.get(W) ?? {};
    return Object.fromEntries(Object.entries(st).map(([slot, x]) => [slot, Float64Array.from(x)]));
  }

  /**
   * Update every named parameter in place with its gradient, at learning rate alpha; then t
   * advances. Everything is checked first: the step updates every parameter or none.
   */
  step(params: Record<string, Float64Array>, grads: Record<string, Float64Array>, alpha = this.config.learningRate): void {
    checkStep(params, grads);
    checkPositive('alpha', alpha);
    const t = this.#t + 1;
    const { weightDecay, weightDecayPost } = this.config;
    const k = stepScalars(this.config, alpha, t);
    for (const [name, W] of Object.entries(params)) {
      const dW = grads[name] as Float64Array;
      const st = this.#stateOf(W);
      for (let i = 0; i < W.length; i++) {
        // L2: the gradient of weightDecay / 2 ||W||^2 joins dW (added only when set, so that 0 * Infinity stays out).
        const g = weightDecay === 0 ? (dW[i] as number) : (dW[i] as number) + weightDecay * (W[i] as number);
        const w = (W[i] as number) - this.#delta(st, i, g, k);
        W[i] = weightDecayPost === 0 ? w : (1 - weightDecayPost) * w;
      }
    }
    this.#t = t;
  }

  #fresh(n: number): State64 {
    const st: State64 = {};
    for (const slot of slotsOf(this.config)) st[slot] = new Float64Array(n);
    if (this.config.optimizer === 'adagrad') st.s?.fill(this.config.initialAccumulator);
    return st;
  }

  #stateOf(W: Float64Array): State64 {
    let st = this.#state.get(W);
    if (!st) {
      st = this.#fresh(W.length);
      this.#state.set(W, st);
    }
    return st;
  }

  /** The amount subtracted from W[i] (st holds the slots of the rule, slotsOf). */
  #delta(st: State64, i: number, g: number, k: StepScalars): number {
    const c = this.config;
    const { alpha } = k;
    const at = (slot: Slot) => (st[slot] as Float64Array)[i] as number;
    const put = (slot: Slot, x: number) => ((st[slot] as Float64Array)[i] = x);
    switch (c.optimizer) {
      case 'gd':
        return alpha * g;
      case 'momentum':
      case 'nesterov': {
        const v = c.beta * at('v') + k.gradientScale * g;
        put('v', v);
        return alpha * (c.optimizer === 'nesterov' ? k.lookaheadScale * g + c.beta * v : v);
      }
      case 'rmsprop': {
        const s = c.beta2 * at('s') + (1 - c.beta2) * g * g;
        put('s', s);
        let denom: number;
        if (c.centered) {
          const mg = c.beta2 * at('mg') + (1 - c.beta2) * g;
          put('mg', mg);
          const variance = s - mg * mg;
          denom = c.centeredForm === 'inside' ? Math.sqrt(variance + c.epsilon) : Math.sqrt(variance) + c.epsilon;
        } else {
          denom = c.epsilonPlacement === 'inside' ? Math.sqrt(s + c.epsilon) : Math.sqrt(s) + c.epsilon;
        }
        if (c.momentum === 0) return (alpha * g) / denom;
        const v = c.momentum * at('v') + (alpha * g) / denom;
        put('v', v);
        return v;
      }
      case 'adam': {
        const v = c.beta1 * at('v') + (1 - c.beta1) * g;
        const s = c.beta2 * at('s') + (1 - c.beta2) * g * g;
        put('v', v);
        put('s', s);
        if (c.adamForm === 'course') {
          const vHat = v / k.correction1;
          const sHat = s / k.correction2;
          return (alpha * vHat) / (Math.sqrt(sHat) + c.epsilon);
        }
        // epsilon-hat and ONNX: the bias correction is folded into alpha (stepScalars).
        return (alpha * v) / (Math.sqrt(s) + c.epsilon);
      }
      case 'adamax': {
        const v = c.beta1 * at('v') + (1 - c.beta1) * g;
        const u = Math.max(c.beta2 * at('s'), Math.abs(g));
        put('v', v);
        put('s', u);
        return (alpha * v) / (u + c.epsilon);
      }
      case 'adagrad': {
        const s = at('s') + g * g;
        put('s', s);
        return (alpha * g) / (c.epsilonPlacement === 'inside' ? Math.sqrt(s + c.epsilon) : Math.sqrt(s) + c.epsilon);
      }
      case 'adadelta': {
        const s = c.rho * at('s') + (1 - c.rho) * g * g;
        const update = (Math.sqrt(at('d') + c.epsilon) / Math.sqrt(s + c.epsilon)) * g;
        put('d', c.rho * at('d') + (1 - c.rho) * update * update);
        put('s', s);
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

/** Where a run starts: t0 steps already taken, and the rule's state (SPEC's v0, s0, mg0, d0, accumulator0) as slots of [n] values. */
export interface Start {
  readonly t0?: number;
  readonly state?: Partial<Record<Slot, Tensor64>>;
}

/** An optimizer for one parameter array W, started at `start`; the schedule and t0 checked. */
function started(config: OptimizerConfig, W: Float64Array, schedule: StepSchedule | undefined, start: Start): Float64Optimizer {
  checkStepSchedule(schedule);
  checkObject('start', start);
  const opt = new Float64Optimizer(config, start.t0 === undefined ? {} : { t0: start.t0 });
  const state = checkObject<NonNullable<Start['state']>>('start.state', start.state ?? {});
  const slots = Object.entries(state).map(([slot, x]) => {
    const { shape, data } = checkTensor64(`start.state.${slot}`, x);
    if (shape.length !== 1) throw new ShapeError(`start.state.${slot}`, shape, `must be [n] = [${W.length}]`);
    return [slot, data];
  });
  opt.setState(W, Object.fromEntries(slots));
  return opt;
}

/** Open loop: W after each of T steps fed the given gradients [T, n] from W0 [n]; step t runs as step t0 + t. */
export function updateTrajectory(config: OptimizerConfig, w0: Tensor64, grads: Tensor64, schedule?: StepSchedule, start: Start = {}): Tensor64 {
  resolveConfig(config);
  [w0, grads] = [checkTensor64('w0', w0), checkTensor64('grads', grads)];
  const n = w0.data.length;
  if (w0.shape.length !== 1) throw new ShapeError('w0', w0.shape, 'must be [n]');
  if (grads.shape.length !== 2 || grads.shape[1] !== n) throw new ShapeError('grads', grads.shape, `must be [T, n] with n = ${n}`);
  const T = grads.shape[0] as number;
  const W = Float64Array.from(w0.data);
  const opt = started(config, W, schedule, start);
  const out = zeros64([T, n]);
  for (let t = 1; t <= T; t++) {
    opt.step({ W }, { W: grads.data.subarray((t - 1) * n, t * n) }, alphaForStep(config, schedule, opt.t));
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

/** Closed loop: minimize the quadratic from w0 for `steps` steps; cost is taken before each step's update; step t runs as step t0 + t. */
export function minimizeQuadratic(config: OptimizerConfig, w0: Tensor64, A: Tensor64, b: Tensor64, c: Tensor64, steps: number, schedule?: StepSchedule, start: Start = {}): { w: Tensor64; cost: Tensor64 } {
  resolveConfig(config);
  checkPositiveInteger('steps', steps);
  const { f, grad } = quadratic(A, b, c);
  w0 = checkTensor64('w0', w0);
  const n = b.data.length;
  if (w0.shape.length !== 1 || w0.shape[0] !== n) throw new ShapeError('w0', w0.shape, `must be [n] = [${n}], like b`);
  const W = Float64Array.from(w0.data);
  const opt = started(config, W, schedule, start);
  const w = zeros64([steps, n]);
  const cost = zeros64([steps]).data;
  for (let t = 1; t <= steps; t++) {
    cost[t - 1] = f(W);
    opt.step({ W }, { W: grad(W) }, alphaForStep(config, schedule, opt.t));
    w.data.set(W, (t - 1) * n);
  }
  return { w, cost: tensor64([steps], cost) };
}
