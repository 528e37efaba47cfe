/**
 * The optimizers family's golden cases; expectations from @dlspec/optimizers's float64 spec.
 * The optimizer's whole configuration (its profile's conventions included) is written into the
 * fixture's params, so any implementation can rebuild it without knowing our profiles.
 */
import { float32Array, type Random, type Tensor64 } from '@dlspec/core';
import { configFor, type OptimizerConfig, type OptimizerName, type ProfileName, type Schedule, type StateInput } from '@dlspec/optimizers';
import { caseOf, type Case } from '../op.js';
import { given, normal32 } from '../inputs.js';
import { lrDecayOp, networkTrainOp, optimizerMinimizeOp, optimizerUpdateOp, type StepSchedule } from './ops.js';

/** The hyperparameters a case sets on top of its profile's conventions. */
type Hyper = Partial<OptimizerConfig> & { learningRate: number };

/** Gradients with a per-coordinate drift (so momentum and moments accumulate) plus noise, [T, n]. */
function driftingGrads(r: Random, T: number, n: number): Tensor64 {
  const drift = normal32(r, [n]).data;
  const noise = normal32(r, [T, n], 0.5).data;
  return { shape: [T, n], data: noise.map((v, i) => Math.fround(v + (drift[i % n] as number))) };
}

// Each update case takes the next seed, in the order they are listed below.
let seed = 100;
function update(profile: ProfileName, optimizer: OptimizerName, hyper: Hyper, label: string, schedule?: StepSchedule): Case {
  // Params: every field of the config (nothing dropped: every convention the rule needs is spelled out), then the schedule's.
  const config = configFor(profile, optimizer, hyper);
  return caseOf(optimizerUpdateOp, {
    name: `update-${label}`,
    profile,
    description: `${label}: 200 steps fed fixed gradients (drift plus noise) from a random w0, under the ${profile} profile${schedule ? `, learning rate by the ${schedule.schedule} schedule (${schedule.stepsPerEpoch} steps per epoch)` : ''}.`,
    params: { ...config, ...schedule },
    seed: seed++,
    inputs: (r) => ({ w0: normal32(r, [6]), grads: driftingGrads(r, 200, 6) }),
    // Two hundred dependent float32 updates: rounding accumulates along the trajectory.
    tolerance: 'f32-trajectory',
  });
}

/** Draws of initial state [n]: moments around 0, second moments and accumulators >= 0 (squares), all float32-exact. */
const moments = (r: Random, n: number): Tensor64 => normal32(r, [n], 0.1);
const squares = (r: Random, n: number): Tensor64 => ({ shape: [n], data: float32Array(normal32(r, [n], 0.3).data.map((x) => x * x)) });

/** Where a case's run starts: t0, and a draw for each initial-state input it gives (drawn in this order after w0 and grads). */
interface Start {
  readonly t0?: number;
  readonly state?: Partial<Record<StateInput, (r: Random, n: number) => Tensor64>>;
}

// The cases of SPEC section 3's added forms take seeds from 300 on, so the cases above keep theirs.
let startSeed = 300;
/** An update case in the forms other suites' data needs: t0, weight decay, initial state, the onnx profile. */
function started(profile: ProfileName, optimizer: OptimizerName, hyper: Hyper, label: string, start: Start, what: string): Case {
  const { t0, state = {} } = start;
  return caseOf(optimizerUpdateOp, {
    name: `update-${label}`,
    profile,
    description: `${label}: ${what}; 100 steps fed fixed gradients (drift plus noise) from a random w0, under the ${profile} profile.`,
    params: { ...configFor(profile, optimizer, hyper), ...(t0 === undefined ? {} : { t0 }) },
    seed: startSeed++,
    inputs: (r) => {
      const drawn: Partial<Record<StateInput, Tensor64>> = {};
      const base = { w0: normal32(r, [6]), grads: driftingGrads(r, 100, 6) };
      for (const [name, draw] of Object.entries(state)) drawn[name as StateInput] = draw(r, 6);
      return { ...base, ...drawn };
    },
    // A hundred dependent float32 updates: rounding accumulates along the trajectory.
    tolerance: 'f32-trajectory',
  });
}

/** Centered RMSprop's s0 and mg0 together, with s0 >= mg0^2 so that s - mg^2 starts as a variance. */
function centeredState(): Start['state'] {
  let mg: Float64Array | undefined;
  return {
    mg0: (r, n) => {
      const t = moments(r, n);
      mg = t.data;
      return t;
    },
    s0: (r, n) => ({ shape: [n], data: float32Array(squares(r, n).data.map((x, i) => x + ((mg as Float64Array)[i] as number) ** 2)) }),
  };
}

const lecture = { w0: given([1], [0]), A: given([1, 1], [2]), b: given([1], [10]), c: given([], [25]) };
/** A bowl with condition number 100, rotated 45 degrees: A = R diag(1, 100) R'. */
const illConditioned = { w0: given([2], [3, -2]), A: given([2, 2], [50.5, -49.5, -49.5, 50.5]), b: given([2], [1, 2]), c: given([], [0]) };
/** A = 0: the gradient is the constant -b. */
const constantGradient = { w0: given([3], [0.5, 0, -1]), A: given([3, 3], new Array<number>(9).fill(0)), b: given([3], [1, -2, 0.5]), c: given([], [0]) };
type Quadratic = typeof lecture;

function minimize(name: string, description: string, profile: ProfileName, optimizer: OptimizerName, hyper: Hyper, problem: Quadratic, steps: number, start: { t0?: number; state?: Partial<Record<StateInput, Tensor64>> } = {}): Case {
  return caseOf(optimizerMinimizeOp, {
    name: `minimize-${name}`,
    profile,
    description,
    params: { ...configFor(profile, optimizer, hyper), objective: 'quadratic', steps, ...(start.t0 === undefined ? {} : { t0: start.t0 }) },
    seed: null,
    inputs: () => ({ ...problem, ...start.state }),
    // Closed loop: each step's gradient comes from the float32 iterate, so rounding feeds back.
    tolerance: 'f32-trajectory',
  });
}

function decay(name: string, schedule: Schedule): Case {
  // No profile: a schedule is the same formula in every convention.
  return caseOf(lrDecayOp, {
    name: `decay-${name}`,
    description: `alpha for epochs 1..30 under the ${schedule.schedule} schedule (${JSON.stringify(schedule)}).`,
    params: schedule,
    seed: null,
    inputs: () => ({ epoch: given([30], Array.from({ length: 30 }, (_, i) => i + 1)) }),
    tolerance: 'f32-op',
  });
}

function network(label: string, optimizer: OptimizerName, hyper: Hyper): Case {
  return caseOf(networkTrainOp, {
    name: `network-${label}`,
    profile: 'course',
    description: `The lecture's network (X W1 -> batch norm -> ReLU -> W2 -> batch norm -> softmax, linear layers without bias) on 32 examples of 4 features and 3 classes, 20 full-batch steps of ${label}.`,
    // The optimizer keeps its profile's epsilon; batch norm's is its own param.
    params: { ...configFor('course', optimizer, hyper), steps: 20, batchNormEpsilon: 1e-3 },
    seed: 131,
    inputs: (r) => {
      const [m, n0, n1, C] = [32, 4, 8, 3];
      const X = normal32(r, [m, n0]);
      const teacher = normal32(r, [n0, C]).data;
      const Y = new Float64Array(m * C);
      for (let i = 0; i < m; i++) {
        const scores = [0, 1, 2].map((j) => [0, 1, 2, 3].reduce((s, q) => s + (X.data[i * n0 + q] as number) * (teacher[q * C + j] as number), 0));
        Y[i * C + scores.indexOf(Math.max(...scores))] = 1;
      }
      return {
        X, Y: { shape: [m, C], data: Y },
        W1: normal32(r, [n0, n1], 0.5), gamma1: normal32(r, [n1], 0.1, 1), beta1: normal32(r, [n1], 0.1),
        W2: normal32(r, [n1, C], 0.5), gamma2: normal32(r, [C], 0.1, 1), beta2: normal32(r, [C], 0.1),
      };
    },
    tolerance: 'f32-trajectory',
  });
}

export const OPTIMIZERS_CASES: Case[] = [
  // The lecture's forms.
  update('course', 'gd', { learningRate: 0.05 }, 'gd'),
  update('course', 'momentum', { learningRate: 0.05, beta: 0.9 }, 'momentum-course'),
  update('course', 'rmsprop', { learningRate: 0.01, beta2: 0.999 }, 'rmsprop-course'),
  update('course', 'adam', { learningRate: 0.01, beta1: 0.9, beta2: 0.999 }, 'adam-course'),
  update('course', 'gd', { learningRate: 0.1 }, 'gd-inverse-time-decay', { schedule: 'inverse_time', alpha0: 0.1, decayRate: 1, stepsPerEpoch: 20 }),
  update('course', 'adam', { learningRate: 0.01 }, 'adam-exponential-decay', { schedule: 'exponential', alpha0: 0.01, decayRate: 0.95, stepsPerEpoch: 10 }),
  // tfjs's documented conventions, one per built-in and option.
  update('tfjs', 'momentum', { learningRate: 0.01, beta: 0.9 }, 'momentum-tfjs'),
  update('tfjs', 'nesterov', { learningRate: 0.01, beta: 0.9 }, 'nesterov-tfjs'),
  update('tfjs', 'rmsprop', { learningRate: 0.01, beta2: 0.9 }, 'rmsprop-tfjs'),
  update('tfjs', 'rmsprop', { learningRate: 0.01, beta2: 0.9, momentum: 0.9 }, 'rmsprop-momentum-tfjs'),
  update('tfjs', 'rmsprop', { learningRate: 0.01, beta2: 0.9, centered: true }, 'rmsprop-centered-tfjs'),
  update('tfjs', 'adam', { learningRate: 0.01, beta1: 0.9, beta2: 0.999 }, 'adam-tfjs'),
  update('tfjs', 'adamax', { learningRate: 0.01, beta1: 0.9, beta2: 0.999 }, 'adamax-tfjs'),
  update('tfjs', 'adagrad', { learningRate: 0.1 }, 'adagrad-tfjs'),
  update('tfjs', 'adadelta', { learningRate: 1, rho: 0.95 }, 'adadelta-tfjs'),
  // Keras's and PyTorch's where they differ.
  update('keras', 'adam', { learningRate: 0.01 }, 'adam-keras-epsilon-hat'),
  update('pytorch', 'rmsprop', { learningRate: 0.01, beta2: 0.99, centered: true }, 'rmsprop-centered-pytorch'),
  update('pytorch', 'nesterov', { learningRate: 0.01, beta: 0.9 }, 'nesterov-pytorch'),
  // SPEC section 3's added forms: a run resumed at step t0 + 1 from given state, L2 weight decay, tensor accumulators.
  started('course', 'adam', { learningRate: 0.01 }, 'adam-course-resumed', { t0: 50, state: { v0: moments, s0: squares } }, 'Adam resumed after 50 steps from given v0 and s0 (bias correction continues at t = 51)'),
  started('course', 'momentum', { learningRate: 0.05, beta: 0.9, weightDecay: 0.01 }, 'momentum-course-weight-decay', {}, 'momentum fed dW + 0.01 W (L2 weight decay)'),
  started('course', 'adamax', { learningRate: 0.01, weightDecay: 0.001 }, 'adamax-course-resumed', { t0: 20, state: { v0: moments, s0: squares } }, 'Adamax resumed after 20 steps from given v0 and u0 (s0), with weight decay 0.001'),
  started('tfjs', 'adagrad', { learningRate: 0.1 }, 'adagrad-accumulator0-tfjs', { state: { accumulator0: squares } }, 'Adagrad from a tensor initial accumulator (accumulator0) instead of the scalar 0.1'),
  started('tfjs', 'rmsprop', { learningRate: 0.01, beta2: 0.9, centered: true, momentum: 0.5 }, 'rmsprop-centered-momentum-resumed-tfjs', { t0: 10, state: { ...centeredState(), v0: moments } }, 'centered RMSprop with momentum 0.5 resumed from given s0, mg0 and v0'),
  started('tfjs', 'adadelta', { learningRate: 1, rho: 0.95, weightDecay: 0.01 }, 'adadelta-resumed-tfjs', { t0: 5, state: { s0: squares, d0: squares } }, 'Adadelta resumed from given s0 and d0, with weight decay 0.01'),
  started('pytorch', 'nesterov', { learningRate: 0.01, beta: 0.9, weightDecay: 0.05 }, 'nesterov-pytorch-weight-decay', { state: { v0: moments } }, "PyTorch's Nesterov with weight_decay 0.05 from a given momentum buffer"),
  // ONNX's forms (ai.onnx.preview.training): T = t0 + t - 1 steps taken before step t; T = 0 on the first step when t0 = 0.
  started('onnx', 'momentum', { learningRate: 0.1, beta: 0.95, gradientScale: 0.1, weightDecay: 0.001 }, 'momentum-onnx', { state: { v0: moments } }, "ONNX Momentum (alpha 0.95, beta 0.1, norm_coefficient 0.001) from a given V at T = 0: the first step's gradient coefficient is 1"),
  started('onnx', 'momentum', { learningRate: 0.1, beta: 0.95, gradientScale: 0.1, weightDecay: 0.001 }, 'momentum-onnx-resumed', { t0: 3, state: { v0: moments } }, 'ONNX Momentum from T = 3: beta is the gradient coefficient from the first step on'),
  started('onnx', 'nesterov', { learningRate: 0.05, beta: 0.9, gradientScale: 0.5, weightDecay: 0.01 }, 'nesterov-onnx', { state: { v0: moments } }, 'ONNX Momentum in nesterov mode: X -= R (G + alpha V_new)'),
  started('onnx', 'adagrad', { learningRate: 0.1, decayFactor: 0.1, epsilon: 1e-5, weightDecay: 0.001 }, 'adagrad-onnx', { state: { accumulator0: squares } }, 'ONNX Adagrad (decay_factor 0.1, epsilon 1e-5, norm_coefficient 0.001) from a given H: R / (1 + T decay_factor)'),
  started('onnx', 'adagrad', { learningRate: 0.1, decayFactor: 0.1, epsilon: 1e-5 }, 'adagrad-onnx-resumed', { t0: 40, state: { accumulator0: squares } }, 'ONNX Adagrad from T = 40'),
  started('onnx', 'adam', { learningRate: 0.01, beta1: 0.9, beta2: 0.999, weightDecay: 0.001, weightDecayPost: 0.001 }, 'adam-onnx', { state: { v0: moments, s0: squares } }, 'ONNX Adam (norm_coefficient and norm_coefficient_post 0.001) from given V and H at T = 0: no bias correction on the first step, R_adj from the second'),
  started('onnx', 'adam', { learningRate: 0.01, beta1: 0.95, beta2: 0.85, epsilon: 1e-2 }, 'adam-onnx-resumed', { t0: 7 }, 'ONNX Adam from T = 7 and zero moments (the attributes of test_adam_multiple)'),

  minimize('lecture-adam', "The lecture's framework example: minimize w^2 - 10 w + 25 from w = 0 with Adam(0.1) for 1000 steps; w ends at 5.", 'course', 'adam', { learningRate: 0.1 }, lecture, 1000),
  minimize('lecture-gd', "The lecture's first version: gradient descent(0.01) on w^2 - 10 w + 25 for 1000 steps (w_t = 5 (1 - 0.98^t)).", 'course', 'gd', { learningRate: 0.01 }, lecture, 1000),
  minimize('ill-conditioned-gd', 'Gradient descent(0.019) on a rotated bowl with condition number 100: slow along the flat direction, close to unstable (2/100) along the steep one.', 'course', 'gd', { learningRate: 0.019 }, illConditioned, 300),
  minimize('ill-conditioned-momentum', 'Momentum (tfjs accumulate form, beta 0.9, alpha 0.002) on the same bowl.', 'tfjs', 'momentum', { learningRate: 0.002, beta: 0.9 }, illConditioned, 300),
  minimize('ill-conditioned-rmsprop', 'RMSprop (tfjs form, decay 0.9, alpha 0.01) on the same bowl: per-coordinate scaling.', 'tfjs', 'rmsprop', { learningRate: 0.01, beta2: 0.9 }, illConditioned, 300),
  minimize('ill-conditioned-adam', 'Adam(0.05) on the same bowl.', 'course', 'adam', { learningRate: 0.05 }, illConditioned, 300),
  minimize('constant-gradient-adam', 'A = 0: the gradient is the constant -b; Adam moves every coordinate by alpha per step whatever |b| is.', 'course', 'adam', { learningRate: 0.1 }, constantGradient, 100),
  minimize('ill-conditioned-adam-onnx', 'ONNX Adam (0.05, eps 1e-6, norm_coefficient 0.01) on the same bowl: weight decay moves the minimum to (A + 0.01 I)^-1 b.', 'onnx', 'adam', { learningRate: 0.05, weightDecay: 0.01 }, illConditioned, 300),
  minimize('lecture-adam-resumed', "The lecture's problem continued: Adam(0.1) resumed at step 101 from w = 4 with given moments v0 = -1, s0 = 4.", 'course', 'adam', { learningRate: 0.1 }, { ...lecture, w0: given([1], [4]) }, 100, { t0: 100, state: { v0: given([1], [-1]), s0: given([1], [4]) } }),
  minimize('constant-gradient-momentum', 'A = 0: momentum (lecture form) builds up to the constant gradient.', 'course', 'momentum', { learningRate: 0.1, beta: 0.9 }, constantGradient, 100),

  decay('inverse-time', { schedule: 'inverse_time', alpha0: 0.2, decayRate: 1 }),
  decay('exponential', { schedule: 'exponential', alpha0: 0.2, decayRate: 0.95 }),
  decay('inverse-sqrt', { schedule: 'inverse_sqrt', alpha0: 0.2, k: 0.5 }),
  decay('staircase', { schedule: 'staircase', alpha0: 0.2, decayRate: 0.5, interval: 7 }),
  decay('keras-exponential', { schedule: 'keras_exponential', alpha0: 0.2, decayRate: 0.9, interval: 4, staircase: false }),
  decay('keras-exponential-staircase', { schedule: 'keras_exponential', alpha0: 0.2, decayRate: 0.9, interval: 4, staircase: true }),
  decay('keras-inverse-time', { schedule: 'keras_inverse_time', alpha0: 0.2, decayRate: 0.5, interval: 4, staircase: false }),
  decay('keras-inverse-time-staircase', { schedule: 'keras_inverse_time', alpha0: 0.2, decayRate: 0.5, interval: 4, staircase: true }),

  network('gd', 'gd', { learningRate: 0.1 }),
  network('momentum', 'momentum', { learningRate: 0.1, beta: 0.9 }),
  network('rmsprop', 'rmsprop', { learningRate: 0.01, beta2: 0.999 }),
  network('adam', 'adam', { learningRate: 0.01 }),
];
