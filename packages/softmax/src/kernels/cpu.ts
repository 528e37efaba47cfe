/**
 * The fused softmax on tfjs-backend-cpu: one loop nest over the backend's Float32Array with
 * model.ts's shiftedExp math (max; t = exp(z - max); the non-maximum terms summed apart plus the
 * ties), in double precision, each output rounded to float32 once when stored. Three passes over a
 * line and no intermediate tensors, where tf.softmax runs five kernels that each allocate one.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { linesOf, type Info, type SoftmaxKernelAttrs } from './name.js';

/** What the kernel uses of tfjs-backend-cpu's MathBackendCPU. */
interface CpuBackend {
  data: { get(id: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): Info;
}

export function cpuSoftmax(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info {
  const b = args.backend as CpuBackend;
  const x = args.inputs['x'] as Info;
  const { log } = args.attrs as unknown as SoftmaxKernelAttrs;
  const z = b.data.get(x.dataId).values;
  const out = new Float32Array(z.length);
  const [outer, C, inner] = linesOf(x.shape);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * C * inner + j;
      // b > a ? b : a, as the wasm kernels: a NaN passed over still makes its line NaN (its shifted value is NaN).
      let m = -Infinity;
      for (let c = 0; c < C; c++) {
        const v = z[base + c * inner] as number;
        if (v > m) m = v;
      }
      let others = 0;
      let ties = 0;
      for (let c = 0; c < C; c++) {
        const shifted = (z[base + c * inner] as number) - m;
        if (shifted === 0) ties += 1;
        else others += Math.exp(shifted);
      }
      const excess = others + (ties - 1);
      if (log) {
        const lg = Math.log1p(excess);
        for (let c = 0; c < C; c++) out[base + c * inner] = (z[base + c * inner] as number) - m - lg;
      } else {
        const d = excess + 1;
        for (let c = 0; c < C; c++) out[base + c * inner] = Math.exp((z[base + c * inner] as number) - m) / d;
      }
    }
  }
  return b.makeTensorInfo(x.shape, 'float32', out);
}
