/**
 * The fused softmax on tfjs-backend-wasm: assembly/softmax-simd.ts (SIMD WebAssembly) where the
 * backend runs its SIMD build, assembly/softmax-scalar.ts on its plain build, both run on the
 * backend's own memory.
 */
import * as tf from '@tensorflow/tfjs-core';
import { WasmKernelModule, type WasmBackendLike } from '@dlspec/core';
import { linesOf, SOFTMAX_KERNEL, type Info, type SoftmaxKernelAttrs } from './name.js';
import { SOFTMAX_SCALAR_BASE64, SOFTMAX_SIMD_BASE64 } from './wasm-bytes.js';

type Exports = { softmax(x: number, out: number, outer: number, C: number, inner: number, log: number): void };
export const simdModule = new WasmKernelModule<Exports>(`${SOFTMAX_KERNEL} (SIMD)`, SOFTMAX_SIMD_BASE64);
export const scalarModule = new WasmKernelModule<Exports>(SOFTMAX_KERNEL, SOFTMAX_SCALAR_BASE64);

/** The module for the wasm backend's build: SIMD when it runs SIMD and this engine compiled ours. */
const moduleForBackend = () => (tf.env().getBool('WASM_HAS_SIMD_SUPPORT') && simdModule.compiled ? simdModule : scalarModule);

export function wasmSoftmax(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info {
  const b = args.backend as WasmBackendLike;
  const x = args.inputs['x'] as Info;
  const { log } = args.attrs as unknown as SoftmaxKernelAttrs;
  const out = b.makeOutput(x.shape, 'float32');
  if (tf.util.sizeFromShape(x.shape) === 0) return out;
  const ex = moduleForBackend().exportsOn(b.wasm.asm.memory);
  // Offsets are read after the allocation (malloc may grow the memory; offsets stay valid).
  const at = (t: Info) => (b.dataIdMap.get(t.dataId) as { memoryOffset: number }).memoryOffset;
  ex.softmax(at(x), at(out), ...linesOf(x.shape), log ? 1 : 0);
  return out;
}
