/**
 * ONNX operators in dlspec's op vocabulary (SPEC section 3 and its "op forms that other suites'
 * data needs"). Each converter maps one data set of one node test to one or more fixture parts in
 * the SPEC's names, or says why the test cannot be expressed. What a converter writes is then
 * checked against the ops this tool has (checkFixture): a form the tool lacks becomes a skip
 * naming the check's reason, never a fixture that cannot run.
 */
import type { Tensor64 } from '@dlspec/core';
import type { ParamValue } from '@dlspec/fixtures';
import { configFor, type OptimizerConfig, type OptimizerName, type StateInput } from '@dlspec/optimizers';
import { attributes, type DataSet, type NodeTest } from './test-folder.js';

export interface Part {
  /** Appended to the test's fixture id (`.running-stats`), for a test that gives several fixtures. */
  readonly suffix?: string;
  readonly family: string;
  readonly op: string;
  readonly profile?: string;
  readonly params: Record<string, ParamValue>;
  readonly inputs: Record<string, Tensor64>;
  readonly expected: Record<string, Tensor64>;
  readonly description: string;
  /** Where f32-op cannot hold, an explicit bound with its numerical reason (default f32-op). */
  readonly tolerance?: { rtol: number; atol: number; reason: string };
}

/** float32's unit roundoff 2^-24; f32-op's relative bound. */
const U = 2 ** -24;
const F32_OP_RTOL = 1e-5;

/**
 * A cost that sums n non-negative terms (weighted losses, and the weights): float32 summation in
 * the backend's order may be off by (n - 1) u relative (the recursive-summation bound; the terms'
 * sum is the sum of their magnitudes), which passes f32-op's 1e-5 from n = 169 on. ONNX's
 * NCd1d2d3d4d5 cost sums 6480 terms: wasm's sequential float32 Sum gives 1.6433381 for 1.6433110.
 */
function summationBound(n: number): Part['tolerance'] {
  const exact = (n - 1) * U;
  const step = 10 ** (Math.floor(Math.log10(exact)) - 1);
  const rtol = Number((Math.ceil(exact / step) * step).toPrecision(2)); // rounded up, never below the bound
  if (rtol <= F32_OP_RTOL) return undefined;
  return { rtol, atol: 1e-6, reason: `a float32 sum of ${n} non-negative terms in the backend's order may be off by (n - 1) 2^-24 = ${rtol} relative` };
}

export type Conversion =
  | {
      readonly parts: Part[];
      /** ONNX outputs no part compares, each with why. */
      readonly notConverted: string[];
    }
  | { readonly skip: string };

const skip = (reason: string): Conversion => ({ skip: reason });

/** The tensor a node's i-th input or output names in a data set, if the test gives it. */
function tensorAt(names: readonly string[] | undefined, i: number, tensors: ReadonlyMap<string, Tensor64>): Tensor64 | undefined {
  const name = names?.[i];
  return name ? tensors.get(name) : undefined;
}

const reshape = (t: Tensor64, shape: number[]): Tensor64 => ({ shape, data: t.data });
const scalarOf = (t: Tensor64): number => t.data[0]!;

/** Softmax and LogSoftmax: opset 13 normalizes along one axis; before, along all dimensions from axis on, flattened. */
function softmaxLike(op: 'softmax' | 'log_softmax', output: 'a' | 'logp') {
  return (test: NodeTest, set: DataSet): Conversion => {
    const x = tensorAt(test.node.input, 0, set.inputs);
    const y = tensorAt(test.node.output, 0, set.outputs);
    if (!x || !y) return skip('the data set lacks the input or the output');
    const a = attributes(test.node);
    const rank = x.shape.length;
    let axis = a.int('axis', test.opset >= 13 ? -1 : 1);
    if (axis < 0) axis += rank;
    if (test.opset < 13 && x.shape.slice(axis + 1).some((d) => d !== 1)) {
      return skip(`${test.node.op_type}-${test.opset} normalizes over every dimension from axis ${axis} on, flattened into one (opset 13 made axis a single axis); dlspec's ${op} takes one axis`);
    }
    return {
      parts: [{ family: 'softmax', op, params: { axis }, inputs: { z: x }, expected: { [output]: y }, description: `ONNX ${test.node.op_type}-${test.opset} along axis ${axis} of [${x.shape.join(', ')}]` }],
      notConverted: [],
    };
  };
}

/** SoftmaxCrossEntropyLoss: class-index labels, class on axis 1, optional weights, ignore_index and reductions; log_prob is log-softmax on axis 1. */
function softmaxCrossEntropy(test: NodeTest, set: DataSet): Conversion {
  const { input, output } = test.node;
  const scores = tensorAt(input, 0, set.inputs);
  const labels = tensorAt(input, 1, set.inputs);
  const weights = tensorAt(input, 2, set.inputs);
  const loss = tensorAt(output, 0, set.outputs);
  const logProb = tensorAt(output, 1, set.outputs);
  if (!scores || !labels || !loss) return skip('the data set lacks scores, labels or the loss');
  const a = attributes(test.node);
  const reduction = a.string('reduction', 'mean');
  const ignoreIndex = a.has('ignore_index') ? a.int('ignore_index', 0) : undefined;
  const shape = `[${scores.shape.join(', ')}]`;
  const bound = reduction === 'none' ? undefined : summationBound(labels.data.length);
  const parts: Part[] = [
    {
      family: 'softmax',
      op: 'softmax_cross_entropy',
      params: { reduction, ...(ignoreIndex === undefined ? {} : { ignoreIndex }) },
      inputs: { z: scores, labels, ...(weights ? { weights } : {}) },
      // The reduced loss is the cost; reduction none keeps one loss per element.
      expected: reduction === 'none' ? { loss } : { cost: loss },
      ...(bound ? { tolerance: bound } : {}),
      description: `ONNX SoftmaxCrossEntropyLoss-${test.opset}: scores ${shape}, class indices${weights ? ', per-class weights' : ''}${ignoreIndex === undefined ? '' : `, ignore_index ${ignoreIndex}`}, reduction ${reduction}`,
    },
  ];
  if (logProb) {
    parts.push({
      suffix: '.log-prob',
      family: 'softmax',
      op: 'log_softmax',
      params: { axis: 1 },
      inputs: { z: scores },
      expected: { logp: logProb },
      description: `ONNX SoftmaxCrossEntropyLoss-${test.opset}'s log_prob output: log-softmax of scores ${shape} along the class axis 1`,
    });
  }
  return { parts, notConverted: [] };
}

/** BatchNormalization: the channel on axis 1; training mode (opset 14+) also updates the running statistics, the onnx profile's form. */
function batchNormalization(test: NodeTest, set: DataSet): Conversion {
  const { input, output } = test.node;
  const [x, scale, bias, mean, variance] = [0, 1, 2, 3, 4].map((i) => tensorAt(input, i, set.inputs));
  const y = tensorAt(output, 0, set.outputs);
  if (!x || !scale || !bias || !mean || !variance || !y) return skip('the data set lacks an input or Y');
  const a = attributes(test.node);
  if (test.opset < 9) return skip(`BatchNormalization-${test.opset} has the spatial attribute and per-position statistics; the import reads opset 9 and later`);
  const epsilon = a.float('epsilon', 1e-5);
  const training = a.int('training_mode', 0) === 1;
  const shape = `[${x.shape.join(', ')}]`;
  if (!training) {
    if ((output?.length ?? 0) > 1) return skip(`BatchNormalization-${test.opset} with ${output?.length} outputs is its old training form (before opset 14's training_mode)`);
    return {
      parts: [{ family: 'batchnorm', op: 'batchnorm_forward_inference', params: { epsilon, axis: 1 }, inputs: { z: x, gamma: scale, beta: bias, mean, variance }, expected: { zTilde: y }, description: `ONNX BatchNormalization-${test.opset} in inference mode: ${shape}, channel axis 1` }],
      notConverted: [],
    };
  }
  const momentum = a.float('momentum', 0.9);
  const runningMean = tensorAt(output, 1, set.outputs);
  const runningVariance = tensorAt(output, 2, set.outputs);
  const parts: Part[] = [
    { family: 'batchnorm', op: 'batchnorm_forward_train', params: { epsilon, axis: 1 }, inputs: { z: x, gamma: scale, beta: bias }, expected: { zTilde: y }, description: `ONNX BatchNormalization-${test.opset} in training mode: Y of ${shape}, channel axis 1, normalized by the batch's statistics` },
  ];
  if (runningMean && runningVariance) {
    const c = runningMean.data.length;
    parts.push({
      suffix: '.running-stats',
      family: 'batchnorm',
      op: 'batchnorm_running_stats',
      profile: 'onnx',
      params: { momentum, epsilon, axis: 1 },
      inputs: { batches: reshape(x, [1, ...x.shape]), mean0: mean, variance0: variance },
      expected: { runningMean: reshape(runningMean, [1, c]), runningVariance: reshape(runningVariance, [1, c]) },
      description: `ONNX BatchNormalization-${test.opset} in training mode: running_mean and running_var after one batch ${shape}, channel axis 1, momentum ${momentum}`,
    });
  }
  return { parts, notConverted: [] };
}

type Hyperparameters = Omit<OptimizerConfig, 'optimizer' | 'learningRate'>;

/**
 * The training operators (ai.onnx.preview.training): inputs R, T, then n tensors of each kind
 * (X, G, then the state), one update of each X. Each X is its own fixture: the rule is
 * elementwise, shared hyperparameters aside. The params spell out the onnx profile's whole
 * configuration (configFor), as dlspec's own optimizer fixtures do; T is t0, the steps taken.
 */
function trainingOp(rule: (a: ReturnType<typeof attributes>) => { optimizer: OptimizerName; hyper: Hyperparameters } | { skip: string }, state: StateInput[], stateOutputs: string[]) {
  return (test: NodeTest, set: DataSet): Conversion => {
    const names = test.node.input ?? [];
    const n = (names.length - 2) / (2 + state.length);
    if (!Number.isInteger(n) || n < 1) return skip(`${test.node.op_type} takes R, T, then X, G${state.map((s) => `, ${s}`).join('')} for each tensor; the node has ${names.length} inputs`);
    const r = tensorAt(names, 0, set.inputs);
    const t = tensorAt(names, 1, set.inputs);
    if (!r || !t) return skip('the data set lacks R or T');
    const chosen = rule(attributes(test.node));
    if ('skip' in chosen) return chosen;
    let params: Record<string, ParamValue>;
    try {
      params = { ...configFor('onnx', chosen.optimizer, { ...chosen.hyper, learningRate: scalarOf(r) }), t0: scalarOf(t) } as Record<string, ParamValue>;
    } catch (error) {
      return skip(`the onnx profile refuses its attributes: ${(error as Error).message}`);
    }
    const parts: Part[] = [];
    for (let k = 0; k < n; k++) {
      const x = tensorAt(names, 2 + k, set.inputs);
      const g = tensorAt(names, 2 + n + k, set.inputs);
      const xNew = tensorAt(test.node.output, k, set.outputs);
      const initial = state.map((_, s) => tensorAt(names, 2 + (2 + s) * n + k, set.inputs));
      if (!x || !g || !xNew || initial.some((s) => !s)) return skip(`the data set lacks X, G, ${state.join(', ')} or X_new of tensor ${k + 1}`);
      const size = x.data.length;
      const stateInputs = Object.fromEntries(state.map((s, i) => [s, reshape(initial[i]!, [size])]));
      parts.push({
        ...(n > 1 ? { suffix: `.x${k + 1}` } : {}),
        family: 'optimizers',
        op: 'optimizer_update',
        profile: 'onnx',
        params,
        inputs: { w0: reshape(x, [size]), grads: reshape(g, [1, size]), ...stateInputs },
        expected: { w: reshape(xNew, [1, size]) },
        description: `ONNX ${test.node.op_type}-${test.opset} (ai.onnx.preview.training): one update of X${n > 1 ? k + 1 : ''} [${x.shape.join(', ')}] from T = ${scalarOf(t)}`,
      });
    }
    return { parts, notConverted: stateOutputs.map((o) => `${o}: op optimizer_update's expected output is the weights w alone`) };
  };
}

// Attribute defaults as ONNX 1.12's operator schemas (onnx/defs/training/defs.cc) give them; Momentum's are required.
const adam = trainingOp(
  (a) => ({
    optimizer: 'adam',
    hyper: { beta1: a.float('alpha', 0.9), beta2: a.float('beta', 0.999), epsilon: a.float('epsilon', 1e-6), weightDecay: a.float('norm_coefficient', 0), weightDecayPost: a.float('norm_coefficient_post', 0) },
  }),
  ['v0', 's0'],
  ['V_new', 'H_new'],
);

const momentum = trainingOp(
  (a) => {
    const mode = a.string('mode', 'standard');
    if (mode !== 'standard' && mode !== 'nesterov') return { skip: `mode ${JSON.stringify(mode)} is neither standard nor nesterov` };
    const missing = ['alpha', 'beta', 'norm_coefficient'].filter((name) => !a.has(name));
    if (missing.length) return { skip: `Momentum requires the attributes ${missing.join(', ')}, which the node leaves out` };
    // V = alpha V + beta G (beta is 1 on the first step, T = 0): the onnx profile's momentum.
    return { optimizer: mode === 'nesterov' ? 'nesterov' : 'momentum', hyper: { beta: a.float('alpha', 0), gradientScale: a.float('beta', 0), weightDecay: a.float('norm_coefficient', 0) } };
  },
  ['v0'],
  ['V_new'],
);

const adagrad = trainingOp(
  (a) => ({ optimizer: 'adagrad', hyper: { epsilon: a.float('epsilon', 1e-6), decayFactor: a.float('decay_factor', 0), weightDecay: a.float('norm_coefficient', 0) } }),
  ['accumulator0'],
  ['H_new'],
);

/** By `<domain>:<op_type>` (the default domain is ""). */
export const CONVERTERS: Readonly<Record<string, (test: NodeTest, set: DataSet) => Conversion>> = {
  ':Softmax': softmaxLike('softmax', 'a'),
  ':LogSoftmax': softmaxLike('log_softmax', 'logp'),
  ':SoftmaxCrossEntropyLoss': softmaxCrossEntropy,
  ':BatchNormalization': batchNormalization,
  'ai.onnx.preview.training:Adam': adam,
  'ai.onnx.preview.training:Momentum': momentum,
  'ai.onnx.preview.training:Adagrad': adagrad,
};
