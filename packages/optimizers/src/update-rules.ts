/**
 * The update rules of spec.ts on tfjs ops, for one variable: the amount to subtract from W, and the
 * new values of the state slots the rule moves. Nothing is assigned here, so that a step can compute
 * every variable's update before it changes any (optimizer.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedConfig, Slot } from './config.js';
import type { ScalarOf } from './kept-scalars.js';
import type { StepScalars } from './scalars.js';

/** Number operands as tensors (kept-scalars.ts): the config's, kept across steps, and this step's. */
export interface Operands {
  readonly constant: ScalarOf;
  readonly perStep: ScalarOf;
}

/** The rule's slots (slotsOf), as tensors. */
export type SlotTensors = Readonly<Partial<Record<Slot, tf.Tensor>>>;

export interface Update {
  readonly delta: tf.Tensor;
  /** The slots this step moves, with their new values. */
  readonly next: Partial<Record<Slot, tf.Tensor>>;
}

/** The amount subtracted from W, and the new state (spec.ts has the same rules in float64); g already holds any weight decay. */
export function updateOf(c: ResolvedConfig, st: SlotTensors, g: tf.Tensor, k: StepScalars, operands: Operands): Update {
  const next: Partial<Record<Slot, tf.Tensor>> = {};
  return { delta: delta(c, st as Record<Slot, tf.Tensor>, next, g, k, operands), next };
}

/**
 * x times the number a: x itself when a is 1 (x * 1 is x exactly, so the pass is skipped), else
 * with a's scalar tensor. Every number operand below goes through `times`, `timesK`, `plus` or `perStep`.
 */
export const timesOf = (scalar: ScalarOf) => (x: tf.Tensor, a: number): tf.Tensor => (a === 1 ? x : tf.mul(x, scalar(a)));

function delta(c: ResolvedConfig, st: Readonly<Record<Slot, tf.Tensor>>, next: Partial<Record<Slot, tf.Tensor>>, g: tf.Tensor, k: StepScalars, { constant, perStep }: Operands): tf.Tensor {
  const { alpha } = k;
  // times: by a number of the config; timesK: by one of this step's (StepScalars).
  const [times, timesK] = [timesOf(constant), timesOf(perStep)];
  const plus = (x: tf.Tensor, a: number) => tf.add(x, constant(a));
  const ewma = (old: tf.Tensor, decay: number, x: tf.Tensor) => tf.add(times(old, decay), times(x, 1 - decay));
  switch (c.optimizer) {
    case 'gd':
      return timesK(g, alpha);
    case 'momentum':
    case 'nesterov': {
      const v = tf.add(times(st.v, c.beta), timesK(g, k.gradientScale));
      next.v = v;
      return timesK(c.optimizer === 'nesterov' ? tf.add(timesK(g, k.lookaheadScale), times(v, c.beta)) : v, alpha);
    }
    case 'rmsprop': {
      const s = ewma(st.s, c.beta2, tf.square(g));
      next.s = s;
      let denom: tf.Tensor;
      if (c.centered) {
        const mg = ewma(st.mg, c.beta2, g);
        next.mg = mg;
        const variance = tf.sub(s, tf.square(mg));
        denom = c.centeredForm === 'inside' ? tf.sqrt(plus(variance, c.epsilon)) : plus(tf.sqrt(variance), c.epsilon);
      } else {
        denom = c.epsilonPlacement === 'inside' ? tf.sqrt(plus(s, c.epsilon)) : plus(tf.sqrt(s), c.epsilon);
      }
      const scaled = tf.div(timesK(g, alpha), denom);
      if (c.momentum === 0) return scaled;
      const v = tf.add(times(st.v, c.momentum), scaled);
      next.v = v;
      return v;
    }
    case 'adam': {
      const v = ewma(st.v, c.beta1, g);
      const s = ewma(st.s, c.beta2, tf.square(g));
      next.v = v;
      next.s = s;
      if (c.adamForm === 'course') {
        // alpha vHat = (alpha / correction1) v: vHat's division rides on the step's scalar, one pass
        // over the elements fewer (13 kernels where tf.train.adam runs 14 of W's size, and 4 on
        // scalars); the fused kernels fold it the same way (fused/attrs.ts).
        const sHat = tf.div(s, perStep(k.correction2));
        return tf.div(timesK(v, alpha / k.correction1), plus(tf.sqrt(sHat), c.epsilon));
      }
      // epsilon-hat and ONNX: the bias correction is folded into alpha (stepScalars).
      return tf.div(timesK(v, alpha), plus(tf.sqrt(s), c.epsilon));
    }
    case 'adamax': {
      const v = ewma(st.v, c.beta1, g);
      const u = tf.maximum(times(st.s, c.beta2), tf.abs(g));
      next.v = v;
      next.s = u;
      return tf.div(timesK(v, alpha), plus(u, c.epsilon));
    }
    case 'adagrad': {
      const s = tf.add(st.s, tf.square(g));
      next.s = s;
      return tf.div(timesK(g, alpha), c.epsilonPlacement === 'inside' ? tf.sqrt(plus(s, c.epsilon)) : plus(tf.sqrt(s), c.epsilon));
    }
    case 'adadelta': {
      // update = sqrt(r) dW with r = (d + eps) / (s + eps), so update^2 = r dW^2, and (1 - rho) dW^2
      // serves both averages: s = rho s + (1 - rho) dW^2, d = rho d + r (1 - rho) dW^2. One square
      // root and one square fewer than the formula as written: 14 kernels where tf.train runs 16.
      const g2 = times(tf.square(g), 1 - c.rho);
      const s = tf.add(times(st.s, c.rho), g2);
      const r = tf.div(plus(st.d, c.epsilon), plus(s, c.epsilon));
      const update = tf.mul(tf.sqrt(r), g);
      next.s = s;
      next.d = tf.add(times(st.d, c.rho), tf.mul(r, g2));
      return timesK(update, alpha);
    }
  }
}
