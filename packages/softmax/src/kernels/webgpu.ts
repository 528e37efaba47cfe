/**
 * The fused softmax on tfjs-backend-webgpu, one compute program run by the backend's own
 * runWebGPUProgram (no import of the backend package), a workgroup per line as in
 * tfjs-backend-webgpu's SoftmaxProgram: each thread takes every blockSize-th entry, and the
 * workgroup reduces the threads' max, then their others and ties (model.ts's shiftedExp), then
 * writes t / (excess + 1) or shifted - log1p(excess).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { linesOf, type Info, type SoftmaxKernelAttrs } from './name.js';

interface WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  getUserCode(): string;
}
/** What the kernel uses of tfjs-backend-webgpu's WebGPUBackend. */
interface WebGPUBackend {
  runWebGPUProgram(program: WebGPUProgram, inputs: Info[], dtype: 'float32'): Info;
}

/** WebGPU's least maxComputeWorkgroupsPerDimension: more lines than this take a second dimension. */
const MAX_GROUPS = 65535;

function softmaxProgram(shape: number[], log: boolean): WebGPUProgram {
  const [outer, C, inner] = linesOf(shape);
  const lines = outer * inner;
  const blockSize = C >= 4096 ? 256 : 64;
  const rank3 = shape.length === 3;
  // Entry c of the workgroup's line (o, j).
  const at = (c: string) => (rank3 ? `o, ${c}, j` : `o, ${c}`);
  // The workgroup's threads' values in each of `bufs` reduced into bufs[0] by `op`s.
  const reduce = (...pairs: Array<[string, (a: string, b: string) => string]>) => `
      for (var size = ${blockSize / 2}; size > 0; size = size >> 1) {
        if (tid < size) { ${pairs.map(([buf, op]) => `${buf}[tid] = ${op(`${buf}[tid]`, `${buf}[tid + size]`)};`).join(' ')} }
        workgroupBarrier();
      }`;
  const maxOf = (a: string, b: string) => `max(${a}, ${b})`;
  const sumOf = (a: string, b: string) => `${a} + ${b}`;
  return {
    variableNames: ['x'],
    outputShape: shape,
    shaderKey: `dlspecSoftmax_${log}_${shape.join('x')}_${blockSize}`,
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.min(lines, MAX_GROUPS), Math.ceil(lines / MAX_GROUPS), 1],
    workgroupSize: [blockSize, 1, 1],
    getUserCode: () => `
    var<workgroup> bufA : array<f32, ${blockSize}>;
    var<workgroup> bufB : array<f32, ${blockSize}>;
    var<workgroup> bufC : array<f32, ${blockSize}>;
    // NaN, or +Infinity (whose shifted value is Infinity - Infinity): the line is NaN. Tested on the
    // bits, since WGSL lets an implementation assume no NaN or infinity in arithmetic and comparisons.
    fn spoils(v : f32) -> f32 {
      let bits = bitcast<u32>(v);
      return select(0.0, 1.0, (bits & 0x7fffffffu) > 0x7f800000u || bits == 0x7f800000u);
    }
    fn main(index : i32) {
      let line = index / ${blockSize};
      let tid = i32(localId.x);
      // Workgroups past the last line (a partial second dimension) read the last line and write nothing.
      let l = min(line, ${lines - 1});
      let o = l / ${inner};
      let j = l - o * ${inner};
      var m = getX(${at('0')});
      var spoilt = 0.0;
      for (var c = tid; c < ${C}; c += ${blockSize}) {
        let v = getX(${at('c')});
        m = max(m, v);
        spoilt = max(spoilt, spoils(v));
      }
      bufA[tid] = m;
      bufC[tid] = spoilt;
      workgroupBarrier();
      ${reduce(['bufA', maxOf], ['bufC', maxOf])}
      let rowMax = bufA[0];
      // A NaN line: a NaN or +Infinity in it, or every entry -Infinity (whose shifted values are NaN).
      let nanLine = bufC[0] > 0.0 || bitcast<u32>(rowMax) == 0xff800000u;
      // A quiet NaN made at run time (a constant NaN is a shader-creation error in WGSL).
      let nan = bitcast<f32>(0x7fc00000u | (bitcast<u32>(rowMax) & 0u));
      workgroupBarrier();
      var others = 0.0;
      var ties = 0.0;
      for (var c = tid; c < ${C}; c += ${blockSize}) {
        let shifted = getX(${at('c')}) - rowMax;
        if (shifted == 0.0) { ties += 1.0; } else { others += exp(shifted); }
      }
      bufA[tid] = others;
      bufB[tid] = ties;
      workgroupBarrier();
      ${reduce(['bufA', sumOf], ['bufB', sumOf])}
      let excess = bufA[0] + (bufB[0] - 1.0);
      ${log ? `// log1p(excess): see log1pExpression (name.ts).
      let u = 1.0 + excess;
      let lg = select(log(u) * excess / (u - 1.0), excess, u == 1.0);` : 'let d = excess + 1.0;'}
      if (line < ${lines}) {
        for (var c = tid; c < ${C}; c += ${blockSize}) {
          let shifted = getX(${at('c')}) - rowMax;
          setOutputAtCoords(${at('c')}, select(${log ? 'shifted - lg' : 'exp(shifted) / d'}, nan, nanLine));
        }
      }
    }`,
  };
}

export function webgpuSoftmax(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info {
  const b = args.backend as WebGPUBackend;
  const x = args.inputs['x'] as Info;
  const { log } = args.attrs as unknown as SoftmaxKernelAttrs;
  return b.runWebGPUProgram(softmaxProgram(x.shape, log), [x], 'float32');
}
