/**
 * Reference optimizers on tfjs ops: the rules of spec.ts (update-rules.ts), for tf.variables on any
 * backend. State (the slots of the rule: v, s, mg, d) lives in non-trainable variables made on a variable's first step and
 * kept by the variable object itself, never by its name: a new variable under a disposed one's name
 * starts fresh, and a disposed variable's state is freed at the next step. A step checks every
 * variable and gradient, computes every update, and only then assigns: all of it or nothing.
 * `dispose()` frees all state; the optimizer refuses any step after it.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  checkArray, checkBoolean, checkFloat32, checkFunction, checkIntegerAtLeast, checkNoRepeats, checkObject, checkTensor, DisposedError, DlspecError, InvalidArgumentError, ShapeError,
} from '@dlspec/core';
import { resolveConfig, slotsOf, type OptimizerConfig, type ResolvedConfig, type Slot } from './config.js';
import { checkEpoch, checkSchedule, learningRateAt, type Schedule } from './decay.js';
import { stepScalars } from './scalars.js';
import { timesOf, updateOf } from './update-rules.js';
import { KeptScalars } from './kept-scalars.js';
import { FUSED_KERNEL, fusedAttrs, type FusedAttrs } from './fused/attrs.js';
import { fusedKernelFor } from './fused/kernels.js';

/** The rule's slots (slotsOf) of one variable: gradient descent keeps none. */
type State = Partial<Record<Slot, tf.Variable>>;

export interface OptimizerOptions {
  /** Changes the learning rate between epochs (setEpoch); without it the rate is config.learningRate. */
  readonly schedule?: Schedule;
  /** Steps already taken (default 0): the first step runs as step t0 + 1 (bias correction, ONNX's T = 0 rule, Adagrad's decay). */
  readonly t0?: number;
  /**
   * Take each step with the fused kernel (fused/kernels.ts): one pass over W, dW and the state per
   * variable, on the cpu and wasm backends, after `await registerFusedKernels()`. A step on a backend
   * without the kernel throws, naming this option.
   */
  readonly fused?: boolean;
}

export class Optimizer {
  readonly config: ResolvedConfig;
  readonly schedule: Schedule | undefined;
  #epoch = 1;
  #t: number;
  #state = new Map<tf.Variable, State>();
  #disposed = false;
  readonly #fused: boolean;
  /** The step's number operands as kept scalar tensors (composed steps only; the fused kernel takes numbers). */
  readonly #scalars = new KeptScalars();

  constructor(config: OptimizerConfig, options: OptimizerOptions = {}) {
    const resolved = resolveConfig(config);
    for (const key of ['learningRate', 'epsilon', 'initialAccumulator'] as const) checkFloat32(key, resolved[key]);
    for (const key of ['weightDecay', 'weightDecayPost', 'gradientScale', 'decayFactor'] as const) checkFloat32(key, resolved[key]);
    checkObject('options', options);
    this.schedule = options.schedule === undefined ? undefined : checkSchedule(options.schedule);
    this.#t = options.t0 === undefined ? 0 : checkIntegerAtLeast('t0', options.t0, 0, 'steps already taken');
    this.#fused = options.fused === undefined ? false : checkBoolean('options.fused', options.fused);
    this.config = resolved;
  }

  /** alpha now: the schedule's value at the current epoch, or the fixed rate. */
  get learningRate(): number {
    return this.schedule ? learningRateAt(this.schedule, this.#epoch) : this.config.learningRate;
  }

  /** Steps taken so far (t0 included). */
  get iterations(): number {
    return this.#t;
  }

  /** Move to `epoch` (from 1); a schedule then gives the learning rate for the next steps. */
  setEpoch(epoch: number): void {
    checkEpoch(epoch);
    if (this.schedule) learningRateAt(this.schedule, epoch); // refuse an epoch whose rate is not a finite number > 0
    this.#epoch = epoch;
  }

  /**
   * One step: W -= delta(dW) for each variable, with the gradient given (same order, or by name).
   * Every variable must be a live float32 tf.Variable, none twice; every gradient a live float32
   * tensor of its variable's shape, none missing and none extra. Otherwise nothing changes.
   */
  step(variables: readonly tf.Variable[], grads: readonly tf.Tensor[] | tf.NamedTensorMap): void {
    this.#checkLive();
    checkVariables('variables', variables);
    const gs = checkGradients(variables, grads);
    const alpha = checkFloat32('learningRate', this.learningRate);
    const t = this.#t + 1;
    const fused = this.#fused ? fusedKernelFor() : false;
    if (typeof fused === 'string') throw new InvalidArgumentError('options.fused', true, `cannot run here: ${fused}`);
    this.#dropDisposed();
    const states = variables.map((W) => this.#stateOf(W));
    const c = this.config;
    const k = stepScalars(c, alpha, t);
    if (fused) {
      fusedStep(variables, gs, states, fusedAttrs(c, k));
      this.#t = t;
      return;
    }
    const constant = this.#scalars.constant;
    const times = timesOf(constant);
    tf.tidy(() => {
      const operands = { constant, perStep: this.#scalars.forStep() };
      const updates = variables.map((W, i) => {
        // L2: the gradient of weightDecay / 2 ||W||^2 joins dW.
        const g = c.weightDecay === 0 ? (gs[i] as tf.Tensor) : tf.add(gs[i] as tf.Tensor, times(W, c.weightDecay));
        return updateOf(c, states[i] as State, g, k, operands);
      });
      const values = updates.map(({ delta }, i) => {
        const w = tf.sub(variables[i] as tf.Variable, delta);
        return c.weightDecayPost === 0 ? w : times(w, 1 - c.weightDecayPost);
      });
      // Everything is computed: now assign, all of it.
      updates.forEach(({ next }, i) => {
        for (const [slot, value] of Object.entries(next)) ((states[i] as State)[slot as Slot] as tf.Variable).assign(value);
        (variables[i] as tf.Variable).assign(values[i] as tf.Tensor);
      });
    });
    this.#t = t;
  }

  /**
   * Start W's state from the given tensors (copied) instead of zeros (Adagrad: initialAccumulator):
   * only slots its rule keeps (slotsOf), each a live float32 tensor of W's shape, before W's first
   * step. Checked whole before anything is kept.
   */
  setState(W: tf.Variable, state: Partial<Record<Slot, tf.Tensor>>): void {
    this.#checkLive();
    checkVariables('W', [W]);
    if (this.#state.has(W)) throw new InvalidArgumentError('W', W.name, 'already has state: set it before its first step');
    const slots = slotsOf(this.config);
    for (const [slot, x] of Object.entries(checkObject<Record<string, tf.Tensor>>('state', state))) {
      if (!(slots as readonly string[]).includes(slot)) throw new InvalidArgumentError(`state.${slot}`, x, `is not kept by ${this.config.optimizer} here (its slots: ${slots.join(', ') || 'none'})`);
      if (!tf.util.arraysEqual(checkTensor<tf.Tensor>(`state.${slot}`, x).shape, W.shape)) throw new ShapeError(`state.${slot}`, x.shape, `must have the shape of the variable [${W.shape.join(', ')}]`);
    }
    const st = this.#fresh(W);
    for (const [slot, x] of Object.entries(state)) (st[slot as Slot] as tf.Variable).assign(x);
    this.#state.set(W, st);
  }

  /**
   * Compute f and its gradient with respect to varList (default: every trainable variable), take a
   * step, return f. f must return a float32 scalar that depends on at least one of the variables.
   * When anything throws, the loss and the gradients are disposed and no variable has moved.
   */
  minimize(f: () => tf.Scalar, varList?: tf.Variable[]): tf.Scalar {
    this.#checkLive();
    checkFunction('f', f);
    if (varList !== undefined) {
      checkVariables('varList', varList);
      varList.forEach((v, i) => {
        if (!v.trainable) throw new InvalidArgumentError(`varList[${i}]`, v, 'must be trainable (gradients are taken only for trainable variables)');
      });
    }
    const { value, grads } = gradientsOf(f, varList);
    const given = new Map((varList ?? []).map((v) => [v.name, v]));
    const names = Object.keys(grads).filter((name) => grads[name] != null);
    try {
      const vars = names.map((name) => given.get(name) ?? (tf.engine().registeredVariables[name] as tf.Variable));
      this.step(vars, names.map((name) => grads[name] as tf.Tensor));
      return value;
    } catch (error) {
      value.dispose();
      throw error;
    } finally {
      tf.dispose(Object.values(grads).filter((g): g is tf.Tensor => g != null));
    }
  }

  dispose(): void {
    this.#disposed = true;
    for (const s of this.#state.values()) tf.dispose(Object.values(s));
    this.#state.clear();
    this.#scalars.dispose();
  }

  #checkLive(): void {
    if (this.#disposed) throw new DisposedError('Optimizer');
  }

  /** Free the state of variables disposed since the last step. */
  #dropDisposed(): void {
    for (const [W, s] of this.#state) {
      if (!W.isDisposed) continue;
      tf.dispose(Object.values(s));
      this.#state.delete(W);
    }
  }

  /** Non-trainable variables for the rule's slots only, at zero (Adagrad's s at initialAccumulator). */
  #fresh(W: tf.Variable): State {
    const s0 = this.config.optimizer === 'adagrad' ? this.config.initialAccumulator : 0;
    return tf.tidy(() => Object.fromEntries(slotsOf(this.config).map((slot) => [slot, tf.variable(slot === 's' ? tf.fill(W.shape, s0) : tf.zerosLike(W), false)])));
  }

  #stateOf(W: tf.Variable): State {
    let st = this.#state.get(W);
    if (!st) {
      st = this.#fresh(W);
      this.#state.set(W, st);
    }
    return st;
  }
}

/**
 * One step by the fused kernel, variable after variable: the kernel writes the state slots in place
 * and returns the new W, assigned at once. Everything that can be wrong was checked before; a
 * kernel that throws anyway leaves the variables before it stepped.
 */
function fusedStep(variables: readonly tf.Variable[], gs: readonly tf.Tensor[], states: readonly State[], attrs: FusedAttrs): void {
  variables.forEach((W, i) => {
    const st = states[i] as State;
    tf.tidy(() => {
      const out = tf.engine().runKernel(FUSED_KERNEL, { w: W, g: gs[i] as tf.Tensor, ...st }, attrs as unknown as tf.NamedAttrMap);
      const [w, ...slots] = Array.isArray(out) ? out : [out];
      attrs.slots.forEach((slot, j) => (st[slot] as tf.Variable).assign(slots[j] as tf.Tensor));
      W.assign(w as tf.Tensor);
    });
  });
}

/** A tf.Variable, known by its fields rather than instanceof: a tfjs-core bundled twice makes two Variable classes. */
const isVariable = (v: unknown): v is tf.Variable =>
  typeof v === 'object' && v !== null && typeof (v as tf.Variable).assign === 'function' && typeof (v as tf.Variable).trainable === 'boolean';

/** An array of live float32 tf.Variables, none twice. */
function checkVariables(argument: string, variables: readonly tf.Variable[]): void {
  checkArray(argument, variables);
  variables.forEach((v, i) => {
    if (!isVariable(v)) throw new InvalidArgumentError(`${argument}[${i}]`, v, 'must be a tf.Variable');
    checkTensor(`${argument}[${i}]`, v);
  });
  checkNoRepeats(argument, variables);
}

/** One live float32 gradient per variable, of its shape: in the variables' order, or by variable name with no other names. */
function checkGradients(variables: readonly tf.Variable[], grads: readonly tf.Tensor[] | tf.NamedTensorMap): tf.Tensor[] {
  let gs: unknown[];
  if (Array.isArray(grads)) {
    if (grads.length !== variables.length) throw new InvalidArgumentError('grads', grads, `must hold one gradient per variable (${variables.length})`);
    gs = grads;
  } else {
    const map = checkObject<tf.NamedTensorMap>('grads', grads);
    const names = new Set(variables.map((v) => v.name));
    for (const name of Object.keys(map)) if (!names.has(name)) throw new InvalidArgumentError(`grads[${name}]`, map[name], 'names no variable of variables');
    gs = variables.map((v) => map[v.name]);
  }
  return variables.map((v, i) => {
    const g = gs[i];
    if (g === undefined) throw new InvalidArgumentError(`grads[${v.name}]`, g, 'is missing: every variable needs its gradient');
    if (!tf.util.arraysEqual(checkTensor<tf.Tensor>(`grads[${v.name}]`, g).shape, v.shape)) {
      throw new ShapeError(`grads[${v.name}]`, (g as tf.Tensor).shape, `must have the shape of the variable [${v.shape.join(', ')}]`);
    }
    return g as tf.Tensor;
  });
}

/**
 * tf.variableGrads inside a tidy, so that nothing is left when it throws (tfjs's own checks leak the
 * value). f must return a float32 scalar; tfjs's "no connection" error becomes a typed one naming f.
 */
function gradientsOf(f: () => tf.Scalar, varList: tf.Variable[] | undefined): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  let fThrew = false;
  const loss = (): tf.Scalar => {
    let y: unknown;
    try {
      y = f();
    } catch (error) {
      fThrew = true;
      throw error;
    }
    const t = y as tf.Tensor | null;
    if (typeof t !== 'object' || t === null || !Array.isArray(t.shape) || t.rank !== 0 || t.dtype !== 'float32') throw new InvalidArgumentError('f', y, 'must return a scalar float32 tensor (the loss)');
    return y as tf.Scalar;
  };
  try {
    return tf.tidy(() => tf.variableGrads(loss, varList));
  } catch (error) {
    freeTape();
    if (fThrew || error instanceof DlspecError) throw error;
    throw new InvalidArgumentError('f', f, `must return a scalar that depends on at least one of the variables (tfjs: ${(error as Error).message})`, { cause: error });
  }
}

/**
 * tfjs keeps clones of the tensors a gradient will need on its tape, and frees them only when the
 * gradient completes; after a throw inside f they would stay forever. Free them (outermost gradient only).
 */
function freeTape(): void {
  const state = tf.engine().state as { gradientDepth: number; activeTape: Array<{ saved?: tf.Tensor[] }> | null };
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) tf.dispose(node.saved ?? []);
  state.activeTape = null;
}
