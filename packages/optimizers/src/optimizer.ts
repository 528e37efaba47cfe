/**
 * Reference optimizers on tfjs ops: the rules of spec.ts, for tf.variables on any backend.
 * State (v, s, mg, d) lives in non-trainable variables created on a parameter's first step;
 * `dispose()` frees all of them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@dlspec/core';
import { resolveConfig, type OptimizerConfig, type ResolvedConfig } from './config.js';
import { checkEpoch, checkSchedule, learningRateAt, type Schedule } from './decay.js';

interface State {
  v: tf.Variable;
  s: tf.Variable;
  mg: tf.Variable;
  d: tf.Variable;
}

export interface OptimizerOptions {
  /** Changes the learning rate between epochs (setEpoch); without it the rate is config.learningRate. */
  readonly schedule?: Schedule;
}

export class Optimizer {
  readonly config: ResolvedConfig;
  readonly schedule: Schedule | undefined;
  #epoch = 1;
  #t = 0;
  #state = new Map<string, State>();

  constructor(config: OptimizerConfig, options: OptimizerOptions = {}) {
    this.config = resolveConfig(config);
    this.schedule = options.schedule && checkSchedule(options.schedule);
  }

  /** alpha now: the schedule's value at the current epoch, or the fixed rate. */
  get learningRate(): number {
    return this.schedule ? learningRateAt(this.schedule, this.#epoch) : this.config.learningRate;
  }

  /** Steps taken so far. */
  get iterations(): number {
    return this.#t;
  }

  /** Move to `epoch` (from 1); a schedule then gives the learning rate for the next steps. */
  setEpoch(epoch: number): void {
    checkEpoch(epoch);
    this.#epoch = epoch;
  }

  /** One step: W -= delta(dW) for each variable, with the gradient given (same order, or by name). */
  step(variables: readonly tf.Variable[], grads: readonly tf.Tensor[] | tf.NamedTensorMap): void {
    const gradOf = (v: tf.Variable, i: number): tf.Tensor => {
      const g = Array.isArray(grads) ? (grads as readonly tf.Tensor[])[i] : (grads as tf.NamedTensorMap)[v.name];
      if (!g || !tf.util.arraysEqual(g.shape, v.shape)) throw new ShapeError(`grads[${v.name}]`, g?.shape ?? [], `must have the shape of the variable [${v.shape.join(', ')}]`);
      return g;
    };
    const gs = variables.map(gradOf);
    const t = this.#t + 1;
    const alpha = this.learningRate;
    variables.forEach((W, i) => {
      const state = this.#stateOf(W);
      tf.tidy(() => {
        W.assign(tf.sub(W, this.#delta(state, gs[i] as tf.Tensor, alpha, t)));
      });
    });
    this.#t = t;
  }

  /** Compute f and its gradient with respect to varList (default: every trainable variable), take a step, return f. */
  minimize(f: () => tf.Scalar, varList?: tf.Variable[]): tf.Scalar {
    const { value, grads } = tf.variableGrads(f, varList);
    try {
      const vars = Object.keys(grads).map((name) => tf.engine().registeredVariables[name] as tf.Variable);
      this.step(vars, grads);
      return value;
    } finally {
      tf.dispose(Object.values(grads));
    }
  }

  dispose(): void {
    for (const s of this.#state.values()) tf.dispose([s.v, s.s, s.mg, s.d]);
    this.#state.clear();
  }

  #stateOf(W: tf.Variable): State {
    let st = this.#state.get(W.name);
    if (!st) {
      const s0 = this.config.optimizer === 'adagrad' ? this.config.initialAccumulator : 0;
      st = tf.tidy(() => ({
        v: tf.variable(tf.zerosLike(W), false),
        s: tf.variable(tf.fill(W.shape, s0), false),
        mg: tf.variable(tf.zerosLike(W), false),
        d: tf.variable(tf.zerosLike(W), false),
      }));
      this.#state.set(W.name, st);
    }
    return st;
  }

  /** The amount subtracted from W (spec.ts has the same rules in float64). */
  #delta(st: State, g: tf.Tensor, alpha: number, t: number): tf.Tensor {
    const c = this.config;
    const ewma = (old: tf.Tensor, decay: number, x: tf.Tensor) => tf.add(tf.mul(old, decay), tf.mul(x, 1 - decay));
    switch (c.optimizer) {
      case 'gd':
        return tf.mul(g, alpha);
      case 'momentum':
      case 'nesterov': {
        const scale = c.momentumForm === 'ewma' ? 1 - c.beta : 1;
        const v = tf.add(tf.mul(st.v, c.beta), tf.mul(g, scale));
        st.v.assign(v);
        return tf.mul(c.optimizer === 'nesterov' ? tf.add(tf.mul(g, scale), tf.mul(v, c.beta)) : v, alpha);
      }
      case 'rmsprop': {
        const s = ewma(st.s, c.beta2, tf.square(g));
        st.s.assign(s);
        let denom: tf.Tensor;
        if (c.centered) {
          const mg = ewma(st.mg, c.beta2, g);
          st.mg.assign(mg);
          const variance = tf.sub(s, tf.square(mg));
          denom = c.centeredForm === 'inside' ? tf.sqrt(tf.add(variance, c.epsilon)) : tf.add(tf.sqrt(variance), c.epsilon);
        } else {
          denom = c.epsilonPlacement === 'inside' ? tf.sqrt(tf.add(s, c.epsilon)) : tf.add(tf.sqrt(s), c.epsilon);
        }
        const scaled = tf.div(tf.mul(g, alpha), denom);
        if (c.momentum === 0) return scaled;
        const v = tf.add(tf.mul(st.v, c.momentum), scaled);
        st.v.assign(v);
        return v;
      }
      case 'adam': {
        const v = ewma(st.v, c.beta1, g);
        const s = ewma(st.s, c.beta2, tf.square(g));
        st.v.assign(v);
        st.s.assign(s);
        if (c.adamForm === 'course') {
          const vHat = tf.div(v, 1 - c.beta1 ** t);
          const sHat = tf.div(s, 1 - c.beta2 ** t);
          return tf.div(tf.mul(vHat, alpha), tf.add(tf.sqrt(sHat), c.epsilon));
        }
        const alphaT = (alpha * Math.sqrt(1 - c.beta2 ** t)) / (1 - c.beta1 ** t);
        return tf.div(tf.mul(v, alphaT), tf.add(tf.sqrt(s), c.epsilon));
      }
      case 'adamax': {
        const v = ewma(st.v, c.beta1, g);
        const u = tf.maximum(tf.mul(st.s, c.beta2), tf.abs(g));
        st.v.assign(v);
        st.s.assign(u);
        return tf.div(tf.mul(v, alpha / (1 - c.beta1 ** t)), tf.add(u, c.epsilon));
      }
      case 'adagrad': {
        const s = tf.add(st.s, tf.square(g));
        st.s.assign(s);
        return tf.div(tf.mul(g, alpha), c.epsilonPlacement === 'inside' ? tf.sqrt(tf.add(s, c.epsilon)) : tf.add(tf.sqrt(s), c.epsilon));
      }
      case 'adadelta': {
        const s = ewma(st.s, c.rho, tf.square(g));
        const update = tf.mul(tf.div(tf.sqrt(tf.add(st.d, c.epsilon)), tf.sqrt(tf.add(s, c.epsilon))), g);
        st.s.assign(s);
        st.d.assign(ewma(st.d, c.rho, tf.square(update)));
        return tf.mul(update, alpha);
      }
    }
  }
}
