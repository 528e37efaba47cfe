/**
 * The update rules of spec.ts on tfjs ops, for one variable: the amount to subtract from W, and the
 * new values of the state slots the rule moves. Nothing is assigned here, so that a step can compute
 * every variable's update before it changes any (optimizer.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedConfig, Slot } from './config.js';
import type { StepScalars } from './scalars.js';

/** The rule's slots (slotsOf), as tensors. */
export type SlotTensors = Readonly<Partial<Record<Slot, tf.Tensor>>>;

export interface Update {
  readonly delta: tf.Tensor;
  /** The slots this step moves, with their new values. */
  readonly next: Partial<Record<Slot, tf.Tensor>>;
}

/** The amount subtracted from W, and the new state (spec.ts has the same rules in float64); g already holds any weight decay. */
export function updateOf(c: ResolvedConfig, st: SlotTensors, g: tf.Tensor, k: StepScalars): Update {
  const next: Partial<Record<Slot, tf.Tensor>> = {};
  return { delta: delta(c, st as Record<Slot, tf.Tensor>, next, g, k), next };
}

function delta(c: ResolvedConfig, st: Readonly<Record<Slot, tf.Tensor>>, next: Partial<Record<Slot, tf.Tensor>>, g: tf.Tensor, k: StepScalars): tf.Tensor {
  const { alpha } = k;
  const ewma = (old: tf.Tensor, decay: number, x: tf.Tensor) => tf.add(tf.mul(old, decay), tf.mul(x, 1 - decay));
  switch (c.optimizer) {
    case 'gd':
      return tf.mul(g, alpha);
    case 'momentum':
    case 'nesterov': {
      const v = tf.add(tf.mul(st.v, c.beta), tf.mul(g, k.gradientScale));
      next.v = v;
      return tf.mul(c.optimizer === 'nesterov' ? tf.add(tf.mul(g, k.lookaheadScale), tf.mul(v, c.beta)) : v, alpha);
    }
    case 'rmsprop': {
      const s = ewma(st.s, c.beta2, tf.square(g));
      next.s = s;
      let denom: tf.Tensor;
      if (c.centered) {
        const mg = ewma(st.mg, c.beta2, g);
        next.mg = mg;
        const variance = tf.sub(s, tf.square(mg));
        denom = c.centeredForm === 'inside' ? tf.sqrt(tf.add(variance, c.epsilon)) : tf.add(tf.sqrt(variance), c.epsilon);
      } else {
        denom = c.epsilonPlacement === 'inside' ? tf.sqrt(tf.add(s, c.epsilon)) : tf.add(tf.sqrt(s), c.epsilon);
      }
      const scaled = tf.div(tf.mul(g, alpha), denom);
      if (c.momentum === 0) return scaled;
      const v = tf.add(tf.mul(st.v, c.momentum), scaled);
      next.v = v;
      return v;
    }
    case 'adam': {
      const v = ewma(st.v, c.beta1, g);
      const s = ewma(st.s, c.beta2, tf.square(g));
      next.v = v;
      next.s = s;
      if (c.adamForm === 'course') {
        const vHat = tf.div(v, k.correction1);
        const sHat = tf.div(s, k.correction2);
        return tf.div(tf.mul(vHat, alpha), tf.add(tf.sqrt(sHat), c.epsilon));
      }
      // epsilon-hat and ONNX: the bias correction is folded into alpha (stepScalars).
      return tf.div(tf.mul(v, alpha), tf.add(tf.sqrt(s), c.epsilon));
    }
    case 'adamax': {
      const v = ewma(st.v, c.beta1, g);
      const u = tf.maximum(tf.mul(st.s, c.beta2), tf.abs(g));
      next.v = v;
      next.s = u;
      return tf.div(tf.mul(v, alpha), tf.add(u, c.epsilon));
    }
    case 'adagrad': {
      const s = tf.add(st.s, tf.square(g));
      next.s = s;
      return tf.div(tf.mul(g, alpha), c.epsilonPlacement === 'inside' ? tf.sqrt(tf.add(s, c.epsilon)) : tf.add(tf.sqrt(s), c.epsilon));
    }
    case 'adadelta': {
      const s = ewma(st.s, c.rho, tf.square(g));
      const update = tf.mul(tf.div(tf.sqrt(tf.add(st.d, c.epsilon)), tf.sqrt(tf.add(s, c.epsilon))), g);
      next.s = s;
      next.d = ewma(st.d, c.rho, tf.square(update));
      return tf.mul(update, alpha);
    }
  }
}
