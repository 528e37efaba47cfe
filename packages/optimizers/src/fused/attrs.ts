/**
 * What a fused update kernel is given: the rule's loop (nesterov is momentum with a look-ahead),
 * the slots it reads and writes, and every scalar of the step (scalars.ts) folded into a few
 * coefficients, so that the loops in cpu-rules.ts and assembly/fused.ts do no per-step work.
 */
import { slotsOf, type ResolvedConfig, type Slot } from '../config.js';
import type { StepScalars } from '../scalars.js';

/** The name the kernels are registered under (tf.registerKernel), for the cpu, wasm, webgl and webgpu backends. */
export const FUSED_KERNEL = 'DlspecFusedOptimizerStep';

export type FusedRule = 'gd' | 'momentum' | 'rmsprop' | 'adam' | 'adamax' | 'adagrad' | 'adadelta';

export interface FusedAttrs {
  readonly rule: FusedRule;
  /** The state inputs and outputs, in slotsOf order (outputs after the new W). */
  readonly slots: readonly Slot[];
  /** The learning rate of the step (Adam: over its first bias correction). */
  readonly alpha: number;
  /** L2: the rule is fed dW + wd W (0: none). */
  readonly wd: number;
  /** W = keep (W - delta), keep = 1 - weightDecayPost. */
  readonly keep: number;
  /** Momentum: v = beta v + gs dW, W -= alpha (la dW + lb v). */
  readonly beta: number;
  readonly gs: number;
  readonly la: number;
  readonly lb: number;
  /** Adam, Adamax: moment decays; RMSprop: b2. Adadelta: rho. */
  readonly b1: number;
  readonly b2: number;
  readonly rho: number;
  /** Adam: sHat = k2 s (1 / the second bias correction, 1 outside the course form). */
  readonly k2: number;
  /** Denominators sqrt(x + epsIn) + epsOut (RMSprop, Adagrad); eps where there is one place only. */
  readonly epsIn: number;
  readonly epsOut: number;
  readonly eps: number;
  /** RMSprop: centered (0 or 1) and its momentum (0: none). */
  readonly centered: number;
  readonly mom: number;
}

export function fusedAttrs(c: ResolvedConfig, k: StepScalars): FusedAttrs {
  const nesterov = c.optimizer === 'nesterov';
  const inside = c.optimizer === 'rmsprop' && c.centered ? c.centeredForm === 'inside' : c.epsilonPlacement === 'inside';
  return {
    rule: nesterov ? 'momentum' : c.optimizer,
    slots: slotsOf(c),
    alpha: c.optimizer === 'adam' ? k.alpha / k.correction1 : k.alpha,
    wd: c.weightDecay,
    keep: 1 - c.weightDecayPost,
    beta: c.beta,
    gs: k.gradientScale,
    la: nesterov ? k.lookaheadScale : 0,
    lb: nesterov ? c.beta : 1,
    b1: c.beta1,
    b2: c.beta2,
    rho: c.rho,
    k2: 1 / k.correction2,
    epsIn: inside ? c.epsilon : 0,
    epsOut: inside ? 0 : c.epsilon,
    eps: c.epsilon,
    centered: c.centered ? 1 : 0,
    mom: c.momentum,
  };
}
