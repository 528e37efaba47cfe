import { checkBoolean, checkInterval, checkNonNegative, checkObject, checkOneOf, checkPositive } from '@dlspec/core';

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
  /** Momentum and Nesterov: v = beta v + (1 - beta) dW ('ewma', the lecture) or v = beta v + dW ('accumulate'). */
  readonly beta?: number;
  readonly momentumForm?: 'ewma' | 'accumulate';
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
  /** Adam: bias-corrected vHat, sHat with eps after them ('course'), or Keras's lr_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t) with eps on the raw s ('epsilon-hat'). */
  readonly adamForm?: 'course' | 'epsilon-hat';
  /** Adagrad: starting value of the sum of squared gradients. */
  readonly initialAccumulator?: number;
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
};

/** Check every field of a config (a typed error naming the first bad one) and fill in the defaults. */
export function resolveConfig(config: OptimizerConfig): ResolvedConfig {
  checkObject('config', config);
  checkOneOf('optimizer', config.optimizer, OPTIMIZERS);
  const c = { ...DEFAULTS, ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) } as ResolvedConfig;
  checkPositive('learningRate', c.learningRate);
  for (const name of ['beta', 'beta1', 'beta2', 'momentum', 'rho'] as const) checkInterval(name, c[name], { low: 0, high: 1, highOpen: true });
  checkNonNegative('epsilon', c.epsilon);
  checkNonNegative('initialAccumulator', c.initialAccumulator);
  checkBoolean('centered', c.centered);
  checkOneOf('momentumForm', c.momentumForm, ['ewma', 'accumulate']);
  checkOneOf('epsilonPlacement', c.epsilonPlacement, ['outside', 'inside']);
  checkOneOf('centeredForm', c.centeredForm, ['inside', 'outside']);
  checkOneOf('adamForm', c.adamForm, ['course', 'epsilon-hat']);
  return c;
}
