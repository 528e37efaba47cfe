/**
 * The fused softmax on tfjs-backend-webgl, as fragment programs run by the backend's own
 * runWebGLProgram (no import of the backend package). Lines [outer, C]: webgl-rows.ts, on packed
 * textures. Lines [outer, C, inner], here: per line (one fragment per line and statistic), its max
 * and its excess = others + (ties - 1); then per entry, t / (excess + 1) or
 * shifted - log1p(excess). Three passes over each line in all, where the composed ops take 13
 * programs.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { linesOf, log1pExpression, type Info, type SoftmaxKernelAttrs } from './name.js';
import { webglSoftmaxRows } from './webgl-rows.js';

export interface WebGLProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  /** Whether the inputs are read (and the output written) four entries a texel; the backend packs or unpacks inputs to match. */
  packedInputs?: boolean;
  packedOutput?: boolean;
}
/** What the kernel uses of tfjs-backend-webgl's MathBackendWebGL. */
export interface WebGLBackend {
  runWebGLProgram(program: WebGLProgram, inputs: Info[], dtype: 'float32'): Info;
  disposeIntermediateTensorInfo(info: Info): void;
  /** tfjs's own PackProgram: x as a new packed texture (four entries a texel, 0 past the edges). */
  packTensor(input: Info): Info;
  /** Per tensor: whether its texture is packed. */
  texData: { get(dataId: object): { isPacked?: boolean } | undefined };
}

/** x's entry c of the line at (o, j) of [outer, C, inner]. */
const entry = (c: string) => `getX(o, ${c}, j)`;

/**
 * [lines, 2], for each line: its max (column 0: one of the line's own values, so exact in any
 * texture the line itself is stored in), and its excess (column 1), or -1 where a NaN or
 * +Infinity spoils the line (its shifted values would be NaN; decided with isnan and isinf, since
 * the shaders' arithmetic does not carry NaN reliably, and an excess is never below 0). Each
 * fragment runs over its line.
 */
function statsProgram(shape: number[]): WebGLProgram {
  const [outer, C, inner] = linesOf(shape);
  const x = entry('c');
  return {
    variableNames: ['x'],
    outputShape: [outer * inner, 2],
    userCode: `
      void main() {
        ivec2 coords = getOutputCoords();
        int o = coords.x / ${inner};
        int j = coords.x - o * ${inner};
        float m = ${entry('0')};
        bool spoilt = false;
        for (int c = 0; c < ${C}; c++) {
          float v = ${x};
          m = max(m, v);
          if (isnan(v) || (isinf(v) && v > 0.0)) spoilt = true;
        }
        if (coords.y == 0) {
          setOutput(m);
          return;
        }
        float others = 0.0;
        float ties = 0.0;
        for (int c = 0; c < ${C}; c++) {
          float shifted = ${x} - m;
          if (shifted == 0.0) ties += 1.0;
          else others += exp(shifted);
        }
        setOutput(spoilt ? -1.0 : others + (ties - 1.0));
      }`,
  };
}

/** x's shape: the entries from x and their line's statistics. */
function applyProgram(shape: number[], log: boolean): WebGLProgram {
  const [, , inner] = linesOf(shape);
  return {
    variableNames: ['x', 'stats'],
    outputShape: shape,
    userCode: `
      void main() {
        ivec3 coords = getOutputCoords();
        int line = coords.x * ${inner} + coords.z;
        float m = getStats(line, 0);
        float excess = getStats(line, 1);
        // A NaN line: spoilt by a NaN or +Infinity, or every entry -Infinity.
        if (excess < -0.5 || (isinf(m) && m < 0.0)) {
          setOutput(NAN);
          return;
        }
        float shifted = getX(coords.x, coords.y, coords.z) - m;
        ${
          log
            ? `float u = 1.0 + excess;
        setOutput(shifted - ${log1pExpression('excess', 'u')});`
            : 'setOutput(exp(shifted) / (excess + 1.0));'
        }
      }`,
  };
}

export function webglSoftmax(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info {
  const b = args.backend as WebGLBackend;
  const x = args.inputs['x'] as Info;
  const { log } = args.attrs as unknown as SoftmaxKernelAttrs;
  if (x.shape.length === 2) return webglSoftmaxRows(b, x, log);
  const stats = b.runWebGLProgram(statsProgram(x.shape), [x], 'float32');
  try {
    return b.runWebGLProgram(applyProgram(x.shape, log), [x, stats], 'float32');
  } finally {
    b.disposeIntermediateTensorInfo(stats);
  }
}
