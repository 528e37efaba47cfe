/**
 * The optimizers family's ops (SPEC section 3): names, params, tensor keys, float64 expectations.
 * A fixture spells out the optimizer's whole configuration (its profile's conventions included)
 * in its params, so configOf and scheduleOf below rebuild it without knowing our profiles.
 */
import { InvalidArgumentError, tensor64, type Tensor64 } from '@dlspec/core';
import {
  initialState, learningRateAt, NETWORK_PARAMS, OPTIMIZERS, PROFILES, resolveConfig, SCHEDULES, spec, STATE_INPUTS, trainNetwork, type OptimizerConfig, type ResolvedConfig, type Schedule, type StateInput,
} from '@dlspec/optimizers';
import { z } from 'zod';
import { defineOp } from '../op.js';
import { count, definedParams, nonNegative, positive, unitInterval } from '../params.js';

// The convention values of OptimizerConfig (config.ts has them as types only).
const MOMENTUM_FORMS = ['ewma', 'accumulate', 'onnx'] as const satisfies readonly ResolvedConfig['momentumForm'][];
const EPSILON_PLACEMENTS = ['outside', 'inside'] as const satisfies readonly ResolvedConfig['epsilonPlacement'][];
const CENTERED_FORMS = ['inside', 'outside'] as const satisfies readonly ResolvedConfig['centeredForm'][];
const ADAM_FORMS = ['course', 'epsilon-hat', 'onnx'] as const satisfies readonly ResolvedConfig['adamForm'][];

/** An OptimizerConfig: the optimizer and its learning rate, then hyperparameters and conventions (defaults in config.ts). */
const optimizerFields = {
  optimizer: z.enum(OPTIMIZERS),
  learningRate: positive(),
  beta: unitInterval().optional(),
  momentumForm: z.enum(MOMENTUM_FORMS).optional(),
  beta1: unitInterval().optional(),
  beta2: unitInterval().optional(),
  epsilon: nonNegative().optional(),
  epsilonPlacement: z.enum(EPSILON_PLACEMENTS).optional(),
  centered: z.boolean().optional(),
  centeredForm: z.enum(CENTERED_FORMS).optional(),
  momentum: unitInterval().optional(),
  adamForm: z.enum(ADAM_FORMS).optional(),
  initialAccumulator: nonNegative().optional(),
  rho: unitInterval().optional(),
  gradientScale: nonNegative().optional(),
  decayFactor: nonNegative().optional(),
  weightDecay: nonNegative().optional(),
  weightDecayPost: unitInterval().optional(),
};

/** A Schedule (decay.ts): which one and alpha0, then the constants it uses (defaults in decay.ts). */
const scheduleFields = {
  schedule: z.enum(SCHEDULES),
  alpha0: positive(),
  decayRate: nonNegative().optional(),
  k: positive().optional(),
  interval: positive().optional(),
  staircase: z.boolean().optional(),
};

/**
 * An optimizer that may follow a schedule: step t (from 1) is in epoch ceil(t / stepsPerEpoch).
 * Every schedule field is optional here, but alpha0 comes with schedule, and the others only with it.
 */
const optimizerParams = z
  .strictObject({
    ...optimizerFields, ...scheduleFields, schedule: scheduleFields.schedule.optional(), alpha0: scheduleFields.alpha0.optional(), stepsPerEpoch: count().optional(),
    // Steps already taken: step t runs as step t0 + t (bias correction, ONNX's T = 0 rule, Adagrad's decay, the schedule).
    t0: z.number().int().min(0).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.schedule !== undefined && p.alpha0 === undefined) ctx.addIssue({ code: 'custom', path: ['alpha0'], message: `schedule ${p.schedule} needs alpha0` });
    if (p.schedule !== undefined) return;
    for (const key of ['alpha0', 'decayRate', 'k', 'interval', 'staircase', 'stepsPerEpoch'] as const) {
      if (p[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'only with a schedule (no schedule param given)' });
    }
  });

/** The parsed optimizer fields (with or without a schedule): what configOf reads. */
type OptimizerParams = z.output<z.ZodObject<typeof optimizerFields>>;
/** The parsed schedule fields: what scheduleOf reads. */
type ScheduleParams = z.output<z.ZodObject<typeof scheduleFields>>;
export type StepSchedule = Schedule & { readonly stepsPerEpoch: number };

/** The optimizer configuration in parsed params. */
export function configOf(p: OptimizerParams): OptimizerConfig {
  const optional = [
    'beta', 'momentumForm', 'beta1', 'beta2', 'epsilon', 'epsilonPlacement', 'centered', 'centeredForm', 'momentum', 'adamForm', 'initialAccumulator', 'rho',
    'gradientScale', 'decayFactor', 'weightDecay', 'weightDecayPost',
  ] as const;
  return { optimizer: p.optimizer, learningRate: p.learningRate, ...definedParams(p, optional) };
}

/** The learning-rate schedule in parsed lr_decay params. */
export function scheduleOf(p: ScheduleParams): Schedule {
  return { schedule: p.schedule, alpha0: p.alpha0, ...definedParams(p, ['decayRate', 'k', 'interval', 'staircase'] as const) };
}

/** The schedule an optimizer follows, if its params give one, with its steps per epoch (default 1). */
export function stepScheduleOf(p: z.output<typeof optimizerParams>): StepSchedule | undefined {
  const { schedule, alpha0 } = p;
  if (schedule === undefined) return undefined;
  // The params schema already refuses a schedule without alpha0; this narrows the type.
  if (alpha0 === undefined) throw new InvalidArgumentError('alpha0', alpha0, `is required with schedule ${schedule}`);
  return { ...scheduleOf({ ...p, schedule, alpha0 }), stepsPerEpoch: p.stepsPerEpoch ?? 1 };
}

const profiles = Object.keys(PROFILES);

/** Where a fixture's run starts: t0 and the initial-state inputs it gives (refused, by name, where the rule does not take them). */
export function startOf(p: z.output<typeof optimizerParams>, inputs: Partial<Record<StateInput, Tensor64>>): spec.Start {
  return { ...(p.t0 === undefined ? {} : { t0: p.t0 }), state: initialState(resolveConfig(configOf(p)), inputs) };
}

export const optimizerUpdateOp = defineOp({
  name: 'optimizer_update',
  summary: 'open loop: w after each of T steps from w0 [n], fed the gradients grads [T, n]; the state may start from v0, s0, mg0, d0 or accumulator0 [n], and the step count from t0',
  params: optimizerParams,
  inputs: ['w0', 'grads'],
  optionalInputs: STATE_INPUTS,
  outputs: ['w'],
  profiles,
  expect: ({ w0, grads, ...state }, p) => ({ w: spec.updateTrajectory(configOf(p), w0, grads, stepScheduleOf(p), startOf(p, state)) }),
});

export const optimizerMinimizeOp = defineOp({
  name: 'optimizer_minimize',
  summary: 'closed loop: minimize f(w) = 1/2 w\'Aw - b\'w + c from w0 for `steps` steps; w after each step and the cost before it',
  params: optimizerParams.safeExtend({ objective: z.literal('quadratic'), steps: count() }),
  inputs: ['w0', 'A', 'b', 'c'],
  optionalInputs: STATE_INPUTS,
  outputs: ['w', 'cost'],
  profiles,
  expect: ({ w0, A, b, c, ...state }, p) => {
    const { w, cost } = spec.minimizeQuadratic(configOf(p), w0, A, b, c, p.steps, stepScheduleOf(p), startOf(p, state));
    return { w, cost };
  },
});

export const lrDecayOp = defineOp({
  name: 'lr_decay',
  summary: 'the learning rate alpha at each epoch (from 1) under a decay schedule',
  params: z.strictObject(scheduleFields),
  inputs: ['epoch'],
  outputs: ['alpha'],
  expect: ({ epoch }, p) => {
    const schedule = scheduleOf(p);
    return { alpha: tensor64(epoch.shape, epoch.data.map((e) => learningRateAt(schedule, e))) };
  },
});

export const networkTrainOp = defineOp({
  name: 'network_train',
  summary: "the lecture's batch-norm network trained full-batch by an optimizer: the cost before each step, the parameters after the last",
  // epsilon (in optimizerFields) is the optimizer's; batch norm has its own, batchNormEpsilon.
  params: z.strictObject({ ...optimizerFields, steps: count(), batchNormEpsilon: positive() }),
  inputs: ['X', 'Y', ...NETWORK_PARAMS],
  outputs: ['cost', ...NETWORK_PARAMS],
  profiles,
  // The inputs hold the six parameters under their own names (and X, Y besides, which trainNetwork ignores).
  expect: (i, p) => {
    const { cost, params } = trainNetwork(i.X, i.Y, i, configOf(p), p.steps, p.batchNormEpsilon);
    return { cost, ...params };
  },
});

export const OPTIMIZERS_OPS = [optimizerUpdateOp, optimizerMinimizeOp, lrDecayOp, networkTrainOp] as const;
