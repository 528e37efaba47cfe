import { checkBoolean, checkInterval, checkNonNegative, checkObject, checkOneOf, checkPositive, InvalidArgumentError } from '@dlspec/core';

export const OPTIMIZERS = ['gd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamax', 'adagrad', 'adadelta'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/**
 * Everything an update rule needs. The convention fields (momentumForm, epsilonPlacement,
 * centeredForm, adamForm, ...) are where frameworks differ; a profile (profiles.ts) fills them.
 */
export interface OptimizerConfig {
  readonly optimizer: OptimizerName;
  /** alpha. */
  readonly learningRate: number;
  /**
   * Momentum and Nesterov: v = beta v + (1 - beta) dW ('ewma', the lecture), v = beta v + dW
   * ('accumulate'), or ONNX's v = beta v + gradientScale dW with the coefficient 1 on the first
   * step ever, t = 1 ('onnx'; ONNX calls beta alpha and gradientScale beta).
   */
  readonly beta?: number;
  readonly momentumForm?: 'ewma' | 'accumulate' | 'onnx';
  /** Momentum in the 'onnx' form: the coefficient of dW in v after the first step (ONNX's beta). */
  readonly gradientScale?: number;
  /** RMSprop: s = beta2 s + (1 - beta2) dW^2; Adam, Adamax: second-moment decay. */
  readonly beta2?: number;
  /** Adam, Adamax: first-moment decay. */
  readonly beta1?: number;
  readonly epsilon?: number;
  /** RMSprop and Adagrad: W -= alpha dW / (sqrt(s) + eps) ('outside') or / sqrt(s + eps) ('inside'). */
  readonly epsilonPlacement?: 'outside' | 'inside';
  /** RMSprop: divide by an estimate of the gradient's variance s - mg^2 instead of s. */
  readonly centered?: boolean;
  /** Where eps goes in centered RMSprop: sqrt(s - mg^2 + eps) ('inside', Keras) or sqrt(s - mg^2) + eps ('outside', PyTorch). */
  readonly centeredForm?: 'inside' | 'outside';
  /** RMSprop momentum on the scaled step (0: none). */
  readonly momentum?: number;
  /**
   * Adam: bias-corrected vHat, sHat with eps after them ('course'), Keras's lr_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t)
   * with eps on the raw s ('epsilon-hat'), or ONNX's R_adj: the same with T = t - 1 in place of t, and alpha itself when T = 0 ('onnx').
   */
  readonly adamForm?: 'course' | 'epsilon-hat' | 'onnx';
  /** Adagrad: starting value of the sum of squared gradients. */
  readonly initialAccumulator?: number;
  /** Adagrad: alpha / (1 + (t - 1) decayFactor) at step t (ONNX's decay_factor; 0: none). */
  readonly decayFactor?: number;
  /** L2 regularization: every rule is fed dW + weightDecay W (ONNX's norm_coefficient). */
  readonly weightDecay?: number;
  /** Shrink after the rule: W = (1 - weightDecayPost) (W - update) (ONNX Adam's norm_coefficient_post). */
  readonly weightDecayPost?: number;
  /** Adadelta: decay of both running averages. */
  readonly rho?: number;
}

/** The config with every field its optimizer needs, defaults filled, checked. */
export type ResolvedConfig = Required<OptimizerConfig>;

const DEFAULTS: Omit<ResolvedConfig, 'optimizer' | 'learningRate'> = {
  beta: 0.9,
  momentumForm: 'ewma',
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  epsilonPlacement: 'outside',
  centered: false,
  centeredForm: 'inside',
  momentum: 0,
  adamForm: 'course',
  initialAccumulator: 0,
  rho: 0.95,
  gradientScale: 1,
  decayFactor: 0,
  weightDecay: 0,
  weightDecayPost: 0,
};

/** Check every field of a config (a typed error naming the first bad one) and fill in the defaults. */
export function resolveConfig(config: OptimizerConfig): ResolvedConfig {
  checkObject('config', config);
  checkOneOf('optimizer', config.optimizer, OPTIMIZERS);
  const c = { ...DEFAULTS, ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) } as ResolvedConfig;
  checkPositive('learningRate', c.learningRate);
  for (const name of ['beta', 'beta1', 'beta2', 'momentum', 'rho', 'weightDecayPost'] as const) checkInterval(name, c[name], { low: 0, high: 1, highOpen: true });
  for (const name of ['epsilon', 'initialAccumulator', 'gradientScale', 'decayFactor', 'weightDecay'] as const) checkNonNegative(name, c[name]);
  checkBoolean('centered', c.centered);
  checkOneOf('momentumForm', c.momentumForm, ['ewma', 'accumulate', 'onnx']);
  checkOneOf('epsilonPlacement', c.epsilonPlacement, ['outside', 'inside']);
  checkOneOf('centeredForm', c.centeredForm, ['inside', 'outside']);
  checkOneOf('adamForm', c.adamForm, ['course', 'epsilon-hat', 'onnx']);
  return c;
}

/** The state slots a rule keeps per parameter: v (first moment / velocity), s (second moment or accumulator), mg (mean gradient), d (Adadelta's update average). */
export const SLOTS = ['v', 's', 'mg', 'd'] as const;
export type Slot = (typeof SLOTS)[number];

/** The slots this configuration's rule reads and moves; only these are allocated (gradient descent keeps none). */
export function slotsOf(c: ResolvedConfig): readonly Slot[] {
  switch (c.optimizer) {
    case 'gd':
      return [];
    case 'momentum':
    case 'nesterov':
      return ['v'];
    case 'rmsprop':
      return ['s', ...(c.centered ? (['mg'] as const) : []), ...(c.momentum > 0 ? (['v'] as const) : [])];
    case 'adam':
    case 'adamax':
      return ['v', 's'];
    case 'adagrad':
      return ['s'];
    case 'adadelta':
      return ['s', 'd'];
  }
}

/** SPEC section 3's initial-state inputs: v0, s0, mg0, d0 start those slots; accumulator0 starts Adagrad's sum of squares (its s). */
export const STATE_INPUTS = ['v0', 's0', 'mg0', 'd0', 'accumulator0'] as const;
export type StateInput = (typeof STATE_INPUTS)[number];

/** The initial-state inputs this configuration's rule takes: one per slot, accumulator0 in place of s0 for Adagrad. */
export function stateInputsOf(c: ResolvedConfig): readonly StateInput[] {
  return slotsOf(c).map((slot) => (c.optimizer === 'adagrad' && slot === 's' ? 'accumulator0' : (`${slot}0` as const)));
}

/** The slots started by the given initial-state inputs; an input the rule does not take is refused, naming it. */
export function initialState<T>(c: ResolvedConfig, inputs: Partial<Record<string, T>>): Partial<Record<Slot, T>> {
  const taken = stateInputsOf(c);
  const state: Partial<Record<Slot, T>> = {};
  for (const name of STATE_INPUTS) {
    const x = inputs[name];
    if (x === undefined) continue;
    if (!taken.includes(name)) throw new InvalidArgumentError(`inputs.${name}`, name, `is not taken by ${c.optimizer} in this configuration (it takes: ${taken.join(', ') || 'no initial state'})`);
    state[name === 'accumulator0' ? 's' : (name.slice(0, -1) as Slot)] = x;
  }
  return state;
}
