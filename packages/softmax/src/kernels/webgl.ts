/**
 * The fused softmax on tfjs-backend-webgl, as two fragment programs run by the backend's own
 * runWebGLProgram (no import of the backend package): per line (one fragment per line and
 * statistic), its max and its excess = others + (ties - 1); then per entry, t / (excess + 1) or
 * shifted - log1p(excess). Three passes over each line in all, where the composed ops take 13
 * programs.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { linesOf, log1pExpression, type Info, type SoftmaxKernelAttrs } from './name.js';

interface WebGLProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
}
/** What the kernel uses of tfjs-backend-webgl's MathBackendWebGL. */
interface WebGLBackend {
  runWebGLProgram(program: WebGLProgram, inputs: Info[], dtype: 'float32'): Info;
  disposeIntermediateTensorInfo(info: Info): void;
}

/** x's entry c of the line at (o, j), by its rank (2: [outer, C]; 3: [outer, C, inner]). */
const entry = (rank: number, c: string) => (rank === 2 ? `getX(o, ${c})` : `getX(o, ${c}, j)`);

/**
 * [lines, 2], for each line: its max (column 0: one of the line's own values, so exact in any
 * texture the line itself is stored in), and its excess (column 1), or -1 where a NaN or
 * +Infinity spoils the line (its shifted values would be NaN; decided with isnan and isinf, since
 * the shaders' arithmetic does not carry NaN reliably, and an excess is never below 0). Each
 * fragment runs over its line.
 */
function statsProgram(shape: number[]): WebGLProgram {
  const [outer, C, inner] = linesOf(shape);
  const x = entry(shape.length, 'c');
  return {
    variableNames: ['x'],
    outputShape: [outer * inner, 2],
    userCode: `
      void main() {
        ivec2 coords = getOutputCoords();
        int o = coords.x / ${inner};
        int j = coords.x - o * ${inner};
        float m = ${entry(shape.length, '0')};
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
  const rank3 = shape.length === 3;
  return {
    variableNames: ['x', 'stats'],
    outputShape: shape,
    userCode: `
      void main() {
        ${rank3 ? 'ivec3' : 'ivec2'} coords = getOutputCoords();
        int line = coords.x * ${inner}${rank3 ? ' + coords.z' : ''};
        float m = getStats(line, 0);
        float excess = getStats(line, 1);
        // A NaN line: spoilt by a NaN or +Infinity, or every entry -Infinity.
        if (excess < -0.5 || (isinf(m) && m < 0.0)) {
          setOutput(NAN);
          return;
        }
        float shifted = ${rank3 ? 'getX(coords.x, coords.y, coords.z)' : 'getX(coords.x, coords.y)'} - m;
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
  const stats = b.runWebGLProgram(statsProgram(x.shape), [x], 'float32');
  try {
    return b.runWebGLProgram(applyProgram(x.shape, log), [x, stats], 'float32');
  } finally {
    b.disposeIntermediateTensorInfo(stats);
  }
}
