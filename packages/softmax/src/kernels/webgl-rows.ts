/**
 * The fused softmax on tfjs-backend-webgl for lines [outer, C] (the classes contiguous), on packed
 * textures (four entries a texel: two lines by two classes, as tfjs's packed ops store them):
 * x packed once where it is not already (tfjs's own packTensor); per pair of lines, one fragment
 * runs over the pair's texels for both lines' max and excess (two pairs a texel row, so
 * SwiftShader's 2x2 quads are full); then each texel of x gives a texel of the result. Against one fragment per line and
 * statistic and an unpacked last pass, this reads a quarter of the texels, and computes each
 * line's statistics once. The same math, in the same order, as webgl.ts's programs: the same
 * results, bit for bit.
 */
import { log1pExpression, type Info } from './name.js';
import type { WebGLBackend, WebGLProgram } from './webgl.js';

/** The logical shape of the statistics: pair p of lines at texel (p / 2, p % 2), i.e. logical (2 (p / 2), 2 (p % 2)). */
const statsShape = (outer: number): number[] => [Math.ceil(Math.ceil(outer / 2) / 2) * 2, 4];

/** Sum line `lane`'s entry s, t into its others or ties, as webgl.ts's statistics do. */
const add = (s: string, t: string, lane: 'x' | 'y') => `if (${s} == 0.0) ties.${lane} += 1.0; else others.${lane} += ${t};`;

/**
 * Per pair of lines (r, r + 1): the texel (max of r, excess of r, max of r + 1, excess of r + 1),
 * an excess -1 where a NaN or +Infinity spoils the line (see webgl.ts). Each line's sums run in
 * class order.
 */
function statsProgram([outer, C]: [number, number]): WebGLProgram {
  const whole = C >> 1; // texels with two classes; an odd C has one more, with one
  const last = C & 1 ? C - 1 : -1;
  return {
    variableNames: ['x'],
    outputShape: statsShape(outer),
    packedInputs: true,
    packedOutput: true,
    userCode: `
      bool spoils(float v) { return isnan(v) || (isinf(v) && v > 0.0); }
      void main() {
        ivec2 rc = getOutputCoords();
        int r = 2 * rc.x + rc.y; // texel (i, k) is at (2i, 2k): pair 2i + k, whose first line is 4i + 2k
        if (r >= ${outer}) {
          setOutput(vec4(0.0));
          return;
        }
        vec2 m = getX(r, 0).xz;
        bool spoiltA = false;
        bool spoiltB = false;
        for (int k = 0; k < ${whole}; k++) {
          vec4 v = getX(r, 2 * k);
          m = max(m, max(v.xz, v.yw));
          spoiltA = spoiltA || spoils(v.x) || spoils(v.y);
          spoiltB = spoiltB || spoils(v.z) || spoils(v.w);
        }
        ${last < 0 ? '' : `vec4 v = getX(r, ${last}); m = max(m, v.xz); spoiltA = spoiltA || spoils(v.x); spoiltB = spoiltB || spoils(v.z);`}
        vec4 mm = m.xxyy;
        vec2 others = vec2(0.0);
        vec2 ties = vec2(0.0);
        for (int k = 0; k < ${whole}; k++) {
          vec4 s = getX(r, 2 * k) - mm;
          vec4 t = exp(s);
          ${add('s.x', 't.x', 'x')}
          ${add('s.y', 't.y', 'x')}
          ${add('s.z', 't.z', 'y')}
          ${add('s.w', 't.w', 'y')}
        }
        ${last < 0 ? '' : `vec4 s = getX(r, ${last}) - mm; vec4 t = exp(s); ${add('s.x', 't.x', 'x')} ${add('s.z', 't.z', 'y')}`}
        vec2 excess = others + (ties - 1.0);
        setOutput(vec4(m.x, spoiltA ? -1.0 : excess.x, m.y, spoiltB ? -1.0 : excess.y));
      }`,
  };
}

/** x's shape, packed: each texel of x with its pair's statistics. */
function applyProgram([outer, C]: [number, number], log: boolean): WebGLProgram {
  // The log term per line, in scalars as webgl.ts computes it (a vec4 form rounds differently on SwiftShader).
  const logLine = (e: string, u: string, lg: string) => `float ${u} = 1.0 + ${e}; float ${lg} = ${log1pExpression(e, u)};`;
  return {
    variableNames: ['x', 'stats'],
    outputShape: [outer, C],
    packedInputs: true,
    packedOutput: true,
    userCode: `
      void main() {
        ivec2 rc = getOutputCoords();
        int p = rc.x / 2;
        int i = p / 2;
        vec4 st = getStats(2 * i, 2 * (p - 2 * i));
        vec4 m = st.xxzz;
        vec4 excess = st.yyww;
        vec4 shifted = getX(rc.x, rc.y) - m;
        ${
          log
            ? `float eA = st.y;
        float eB = st.w;
        ${logLine('eA', 'uA', 'lgA')}
        ${logLine('eB', 'uB', 'lgB')}
        vec4 y = shifted - vec4(lgA, lgA, lgB, lgB);`
            : 'vec4 y = exp(shifted) / (excess + 1.0);'
        }
        // A NaN line: spoilt by a NaN or +Infinity, or every entry -Infinity.
        bool nanA = excess.x < -0.5 || (isinf(m.x) && m.x < 0.0);
        bool nanB = excess.z < -0.5 || (isinf(m.z) && m.z < 0.0);
        setOutput(vec4(nanA ? NAN : y.x, nanA ? NAN : y.y, nanB ? NAN : y.z, nanB ? NAN : y.w));
      }`,
  };
}

/** softmax (log false) or logSoftmax of x [outer, C] on packed textures. */
export function webglSoftmaxRows(b: WebGLBackend, x: Info, log: boolean): Info {
  const shape = x.shape as [number, number];
  const packed = b.texData.get(x.dataId)?.isPacked === true;
  const xp = packed ? x : b.packTensor(x);
  try {
    const stats = b.runWebGLProgram(statsProgram(shape), [xp], 'float32');
    try {
      return b.runWebGLProgram(applyProgram(shape, log), [xp, stats], 'float32');
    } finally {
      b.disposeIntermediateTensorInfo(stats);
    }
  } finally {
    if (!packed) b.disposeIntermediateTensorInfo(xp);
  }
}
