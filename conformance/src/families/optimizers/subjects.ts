/**
 * Subjects of the optimizers family: our reference optimizers and network (@dlspec/optimizers),
 * with the composed ops and with the fused update kernels (cpu, wasm, webgl, webgpu), and every tfjs built-in optimizer, each run on the fixtures whose configuration it
 * can express (its documented conventions); each built-in is created, used and disposed inside
 * the case's tensor count.
 */
import * as tf from '@tensorflow/tfjs';
import {
  BatchNormNetwork, initialState, learningRateAt, learningRates, NETWORK_PARAMS, Optimizer, registerFusedKernels, resolveConfig, STATE_INPUTS, type OptimizerName, type ResolvedConfig,
} from '@dlspec/optimizers';
import { subjectOf, type InputsOf, type OpFixture, type Subject } from '../op.js';
import { configOf, lrDecayOp, networkTrainOp, optimizerMinimizeOp, optimizerUpdateOp, scheduleOf, stepScheduleOf, type StepSchedule } from './ops.js';

/** A fixture of either optimizer op: both carry an optimizer configuration and maybe a schedule. */
type OptimizerFixture = OpFixture<typeof optimizerUpdateOp | typeof optimizerMinimizeOp>;

const config = (f: OptimizerFixture) => resolveConfig(configOf(f.params));

/** One step of an optimizer, returning the cost when the loop computes one; setStep gets the step of the run, from 1 (t0 not included). */
type Stepper = { step: (w: tf.Variable, g: tf.Tensor) => void; minimize: (f: () => tf.Scalar, w: tf.Variable) => tf.Scalar; setStep: (t: number) => void; dispose: () => void };

/** Open loop (optimizer_update): step t is fed row t of grads; w after each step. */
function updateLoop(i: InputsOf<typeof optimizerUpdateOp, tf.Tensor>, make: (w: tf.Variable) => Stepper): { w: tf.Tensor } {
  const w = tf.variable(i.w0);
  const opt = make(w);
  const ws: tf.Tensor[] = [];
  try {
    const T = i.grads.shape[0] as number;
    for (let t = 1; t <= T; t++) {
      opt.setStep(t);
      const g = tf.tidy(() => tf.squeeze(tf.slice(i.grads, [t - 1, 0], [1, -1]), [0]));
      opt.step(w, g);
      g.dispose();
      ws.push(tf.clone(w));
    }
    return { w: tf.stack(ws) };
  } finally {
    tf.dispose([...ws, w]);
    opt.dispose();
  }
}

/** Closed loop (optimizer_minimize) on the quadratic: w after each step and the cost before it. */
function minimizeLoop(i: InputsOf<typeof optimizerMinimizeOp, tf.Tensor>, steps: number, make: (w: tf.Variable) => Stepper): { w: tf.Tensor; cost: tf.Tensor } {
  const w = tf.variable(i.w0);
  const opt = make(w);
  const ws: tf.Tensor[] = [];
  const costs: tf.Tensor[] = [];
  // 1/2 A, scaled once: exact in float32 (a power of two).
  const halfA = tf.mul(0.5, i.A) as tf.Tensor2D;
  try {
    const n = i.w0.shape[0] as number;
    // f(w) = w'(1/2 Aw - b) + c = 1/2 w'Aw - b'w + c, written with tfjs ops and differentiated by
    // tfjs: 5 kernels forward and 5 backward a step, where 1/2 w'Aw - b'w + c as written took 8 and 10
    // (the trajectories' steps are most of the matrix's time on the GPU backends).
    const cost = () => tf.tidy(() => tf.add(tf.sum(tf.mul(w, tf.sub(tf.reshape(tf.matMul(halfA, tf.reshape(w, [n, 1])), [n]), i.b))), i.c) as tf.Scalar);
    for (let t = 1; t <= steps; t++) {
      opt.setStep(t);
      costs.push(opt.minimize(cost, w));
      ws.push(tf.clone(w));
    }
    return { w: tf.stack(ws), cost: tf.stack(costs) };
  } finally {
    tf.dispose([...ws, ...costs, w, halfA]);
    opt.dispose();
  }
}

/** A tfjs built-in optimizer and the configurations it expresses. */
interface Builtin {
  readonly name: string;
  /** The optimizers of the fixtures it is about (others are not listed for it). */
  readonly about: readonly OptimizerName[];
  /** true, or why this built-in cannot express the fixture's configuration. */
  readonly expresses: (c: ResolvedConfig) => true | string;
  readonly make: (c: ResolvedConfig) => tf.Optimizer;
}

const is = (cond: boolean, why: string) => (cond ? true : why);

const BUILTINS: readonly Builtin[] = [
  { name: 'tf.train.sgd', about: ['gd'], expresses: (c) => is(c.optimizer === 'gd', 'only gradient descent'), make: (c) => tf.train.sgd(c.learningRate) },
  {
    name: 'tf.train.momentum', about: ['momentum'],
    expresses: (c) => is(c.optimizer === 'momentum' && c.momentumForm === 'accumulate', 'tf.train.momentum accumulates v = beta v + dW (no (1 - beta) factor) and has no Nesterov here'),
    make: (c) => tf.train.momentum(c.learningRate, c.beta, false),
  },
  {
    name: 'tf.train.momentum (useNesterov)', about: ['nesterov'],
    expresses: (c) => is(c.optimizer === 'nesterov' && c.momentumForm === 'accumulate', 'Nesterov momentum in the accumulate form only'),
    make: (c) => tf.train.momentum(c.learningRate, c.beta, true),
  },
  {
    name: 'tf.train.rmsprop', about: ['rmsprop'],
    expresses: (c) => is(c.optimizer === 'rmsprop' && (c.centered ? c.centeredForm === 'inside' : c.epsilonPlacement === 'inside'), 'tf.train.rmsprop documents eps inside the square root'),
    make: (c) => tf.train.rmsprop(c.learningRate, c.beta2, c.momentum, c.epsilon, c.centered),
  },
  { name: 'tf.train.adam', about: ['adam'], expresses: (c) => is(c.optimizer === 'adam' && c.adamForm === 'course', "tf.train.adam is the lecture's bias-corrected form"), make: (c) => tf.train.adam(c.learningRate, c.beta1, c.beta2, c.epsilon) },
  {
    name: 'tf.train.adam (default epsilon)', about: ['adam'],
    expresses: (c) => is(c.optimizer === 'adam' && c.adamForm === 'course' && c.epsilon === 1e-7, 'the default epsilon is the backend epsilon, 1e-7 on float32 backends'),
    make: (c) => tf.train.adam(c.learningRate, c.beta1, c.beta2),
  },
  { name: 'tf.train.adamax', about: ['adamax'], expresses: (c) => is(c.optimizer === 'adamax', 'only Adamax'), make: (c) => tf.train.adamax(c.learningRate, c.beta1, c.beta2, c.epsilon, 0) },
  {
    name: 'tf.train.adagrad', about: ['adagrad'],
    // tf.train.adagrad takes no epsilon: it adds the backend epsilon (1e-7 on float32 backends) inside the root.
    expresses: (c) => is(c.optimizer === 'adagrad' && c.epsilonPlacement === 'inside' && c.epsilon === 1e-7, 'tf.train.adagrad adds the backend epsilon (1e-7) inside the square root'),
    make: (c) => tf.train.adagrad(c.learningRate, c.initialAccumulator),
  },
  { name: 'tf.train.adadelta', about: ['adadelta'], expresses: (c) => is(c.optimizer === 'adadelta', 'only Adadelta'), make: (c) => tf.train.adadelta(c.learningRate, c.rho, c.epsilon) },
];

const alphaAt = (schedule: StepSchedule, t: number) => learningRateAt(schedule, Math.ceil(t / schedule.stepsPerEpoch));

/** A tfjs built-in as a Stepper for the fixture; only SGD can follow a schedule (setLearningRate). */
const builtinStepper = (b: Builtin, f: OptimizerFixture) => (): Stepper => {
  const schedule = stepScheduleOf(f.params);
  const opt = b.make(config(f));
  return {
    step: (w, g) => opt.applyGradients({ [w.name]: g }),
    minimize: (fn, w) => opt.minimize(fn, true, [w]) as tf.Scalar,
    setStep: (t) => {
      if (schedule && opt instanceof tf.SGDOptimizer) opt.setLearningRate(alphaAt(schedule, t));
    },
    dispose: () => opt.dispose(),
  };
};

/** A built-in is listed for the fixtures of its optimizers. */
const about = (b: Builtin, f: OptimizerFixture) => b.about.includes(f.params.optimizer);

/** The forms of SPEC section 3 that no tfjs built-in has: why a fixture using one is skipped, or undefined. */
function beyondBuiltins(f: OptimizerFixture): string | undefined {
  const c = config(f);
  const given = STATE_INPUTS.filter((name) => f.inputs[name] !== undefined);
  if (given.length > 0) return `tfjs optimizers start their state at zero (no initial state inputs: ${given.join(', ')} given)`;
  if ((f.params.t0 ?? 0) !== 0) return `tfjs optimizers start at step 1 (t0 = ${f.params.t0})`;
  if (c.weightDecay !== 0 || c.weightDecayPost !== 0) return 'tfjs optimizers have no weight decay (weightDecay, weightDecayPost)';
  if (c.decayFactor !== 0) return "tfjs's Adagrad has no learning-rate decay (decayFactor)";
  return undefined;
}

/** A built-in runs where it expresses the configuration, and the schedule if any. */
function expresses(b: Builtin, f: OptimizerFixture): true | string {
  const beyond = beyondBuiltins(f);
  if (beyond !== undefined) return `${b.name}: ${beyond}`;
  const expressed = b.expresses(config(f));
  if (expressed !== true) return `${b.name}: ${expressed}`;
  return stepScheduleOf(f.params) && b.name !== 'tf.train.sgd' ? `${b.name} has a fixed learning rate (only tf.train.sgd has setLearningRate)` : true;
}

/** Our Optimizer as a Stepper, started at the fixture's t0 and initial state, following its schedule epoch by epoch. */
const oursStepper = (f: OptimizerFixture, i: InputsOf<typeof optimizerUpdateOp | typeof optimizerMinimizeOp, tf.Tensor>, fused = false) => (w: tf.Variable): Stepper => {
  const schedule = stepScheduleOf(f.params);
  const t0 = f.params.t0 ?? 0;
  const opt = new Optimizer(configOf(f.params), { ...(schedule ? { schedule } : {}), t0, fused });
  try {
    opt.setState(w, initialState(opt.config, i));
  } catch (error) {
    opt.dispose();
    throw error;
  }
  return {
    step: (w, g) => opt.step([w], [g]),
    minimize: (fn, w) => opt.minimize(fn, [w]),
    setStep: (t) => {
      if (schedule) opt.setEpoch(Math.ceil((t0 + t) / schedule.stepsPerEpoch));
    },
    dispose: () => opt.dispose(),
  };
};

/**
 * Where the fused kernels run: cpu (loops), webgl and webgpu (shaders), and wasm wherever this
 * JavaScript engine runs SIMD WebAssembly, which the fused wasm kernel is, whichever build tfjs
 * itself runs (wasm-nosimd runs tfjs's plain build, on the same engine: the kernel works on the
 * plain build's memory too, and is tested there).
 */
function fusedHere(): true | string {
  const backend = tf.getBackend();
  if (['cpu', 'webgl', 'webgpu'].includes(backend)) return true;
  if (backend === 'wasm') return ENGINE_HAS_SIMD ? true : 'this JavaScript engine has no SIMD WebAssembly, which the fused wasm kernel is';
  return `no fused kernel for ${backend} (the fused kernels are for cpu, wasm, webgl and webgpu)`;
}
// wasm-feature-detect's simd probe: a function returning i8x16.popcnt(i8x16.splat(0)), which only
// an engine with SIMD WebAssembly validates. validate is synchronous, as supports() must be.
const ENGINE_HAS_SIMD = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
const FUSED = 'dlspec.Optimizer (fused kernel)';

/** The lecture's network trained by our Optimizer, with the composed ops or the fused kernel. */
function networkSubject(name: string, fused: boolean): Subject {
  return subjectOf(networkTrainOp, {
    name,
    kind: 'reference',
    ...(fused ? { supports: fusedHere } : {}),
    run: async (i, f) => {
      if (fused) await registerFusedKernels();
      // The inputs hold the six parameters under their own names; batch norm has its own epsilon, the optimizer its own.
      const net = new BatchNormNetwork(i, { epsilon: f.params.batchNormEpsilon });
      const opt = new Optimizer(configOf(f.params), { fused });
      try {
        const cost = net.train(i.X as tf.Tensor2D, i.Y as tf.Tensor2D, opt, f.params.steps);
        const p = net.params();
        return { cost, ...Object.fromEntries(NETWORK_PARAMS.map((k) => [k, tf.clone(p[k])])) };
      } finally {
        opt.dispose();
        net.dispose();
      }
    },
  });
}

export const OPTIMIZERS_SUBJECTS: Subject[] = [
  subjectOf(optimizerUpdateOp, { name: 'dlspec.Optimizer', kind: 'reference', run: (i, f) => updateLoop(i, oursStepper(f, i)) }),
  subjectOf(optimizerMinimizeOp, { name: 'dlspec.Optimizer', kind: 'reference', run: (i, f) => minimizeLoop(i, f.params.steps, oursStepper(f, i)) }),
  subjectOf(optimizerUpdateOp, {
    name: FUSED, kind: 'reference', supports: fusedHere,
    run: async (i, f) => {
      await registerFusedKernels();
      return updateLoop(i, oursStepper(f, i, true));
    },
  }),
  subjectOf(optimizerMinimizeOp, {
    name: FUSED, kind: 'reference', supports: fusedHere,
    run: async (i, f) => {
      await registerFusedKernels();
      return minimizeLoop(i, f.params.steps, oursStepper(f, i, true));
    },
  }),
  ...BUILTINS.map((b) =>
    subjectOf(optimizerUpdateOp, { name: b.name, kind: 'builtin', appliesTo: (f) => about(b, f), supports: (f) => expresses(b, f), run: (i, f) => updateLoop(i, builtinStepper(b, f)) }),
  ),
  ...BUILTINS.map((b) =>
    subjectOf(optimizerMinimizeOp, { name: b.name, kind: 'builtin', appliesTo: (f) => about(b, f), supports: (f) => expresses(b, f), run: (i, f) => minimizeLoop(i, f.params.steps, builtinStepper(b, f)) }),
  ),
  subjectOf(lrDecayOp, {
    name: 'dlspec.learningRates (tfjs ops)',
    kind: 'reference',
    run: (i, f) => ({ alpha: learningRates(scheduleOf(f.params), i.epoch as tf.Tensor1D) }),
  }),
  subjectOf(lrDecayOp, {
    name: 'dlspec.Optimizer.learningRate (setEpoch)',
    kind: 'reference',
    run: async (i, f) => {
      const schedule = scheduleOf(f.params);
      const opt = new Optimizer({ optimizer: 'gd', learningRate: schedule.alpha0 }, { schedule });
      const alphas = Array.from(await i.epoch.data(), (e) => {
        opt.setEpoch(e);
        return opt.learningRate;
      });
      opt.dispose();
      return { alpha: tf.tensor1d(alphas) };
    },
  }),
  networkSubject('dlspec.BatchNormNetwork + dlspec.Optimizer', false),
  networkSubject('dlspec.BatchNormNetwork + dlspec.Optimizer (fused kernel)', true),
];
