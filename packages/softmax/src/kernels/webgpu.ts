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
  const reduce = (op: (a: string, b: string) => string, buf: string) => `
      for (var size = ${blockSize / 2}; size > 0; size = size >> 1) {
        if (tid < size) { ${buf}[tid] = ${op(`${buf}[tid]`, `${buf}[tid + size]`)}; }
        workgroupBarrier();
      }`;
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
    fn main(index : i32) {
      let line = index / ${blockSize};
      let tid = i32(localId.x);
      // Workgroups past the last line (a partial second dimension) read the last line and write nothing.
      let l = min(line, ${lines - 1});
      let o = l / ${inner};
      let j = l - o * ${inner};
      var m = getX(${at('0')});
      for (var c = tid; c < ${C}; c += ${blockSize}) { m = max(m, getX(${at('c')})); }
      bufA[tid] = m;
      workgroupBarrier();
      ${reduce((a, b) => `max(${a}, ${b})`, 'bufA')}
      let rowMax = bufA[0];
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
      ${reduce((a, b) => `${a} + ${b}`, 'bufA')}
      ${reduce((a, b) => `${a} + ${b}`, 'bufB')}
      let excess = bufA[0] + (bufB[0] - 1.0);
      ${log ? `// log1p(excess): see log1pExpression (name.ts).
      let u = 1.0 + excess;
      let lg = select(log(u) * excess / (u - 1.0), excess, u == 1.0);` : 'let d = excess + 1.0;'}
      if (line < ${lines}) {
        for (var c = tid; c < ${C}; c += ${blockSize}) {
          let shifted = getX(${at('c')}) - rowMax;
          setOutputAtCoords(${at('c')}, ${log ? 'shifted - lg' : 'exp(shifted) / d'});
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
