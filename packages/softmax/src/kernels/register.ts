/**
 * registerSoftmaxKernels(): the fused softmax kernel for the cpu, wasm, webgl and webgpu backends.
 * Once registered, softmax() and logSoftmax() (and the cross-entropies built on logSoftmax) run it
 * on those backends by themselves; `{ fused: false }` keeps the composed ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from '@dlspec/core';
import { cpuSoftmax } from './cpu.js';
import { SOFTMAX_KERNEL } from './name.js';
import { scalarModule, simdModule, wasmSoftmax } from './wasm.js';
import { webglSoftmax } from './webgl.js';
import { webgpuSoftmax } from './webgpu.js';

const register = (backendName: string, kernelFunc: (args: never) => unknown) => {
  if (!tf.getKernel(SOFTMAX_KERNEL, backendName)) tf.registerKernel({ kernelName: SOFTMAX_KERNEL, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
};

let registered: Promise<void> | undefined;

/**
 * Register the fused softmax kernel (once; later calls wait for the first). Call it after setting a
 * wasm backend up, or the first softmax on it instantiates the module synchronously (fine in Node
 * and in workers).
 */
export function registerSoftmaxKernels(): Promise<void> {
  registered ??= (async () => {
    register('cpu', cpuSoftmax);
    register('webgl', webglSoftmax);
    register('webgpu', webgpuSoftmax);
    // The scalar module runs on any engine; the SIMD one where this engine validates it.
    await Promise.all([scalarModule.compile(), simdModule.compile()]);
    register('wasm', wasmSoftmax);
  })();
  // A wasm backend already set up: instantiate on its memory now, asynchronously (browsers refuse large synchronous instantiation on the main thread).
  // (The registry, not tf.findBackend: that would start initializing a wasm backend not set up yet.)
  const wasmBackend = tf.engine().registry['wasm'] as unknown as WasmBackendLike | undefined;
  if (!wasmBackend?.wasm) return registered;
  const memory = wasmBackend.wasm.asm.memory;
  return registered.then(() => Promise.all([scalarModule.instantiate(memory), simdModule.instantiate(memory)])).then(() => undefined);
}

/** Whether softmax() runs the fused kernel on `backendName` (the active backend by default). */
export const softmaxKernelFor = (backendName = tf.getBackend()): boolean => tf.getKernel(SOFTMAX_KERNEL, backendName) !== undefined;
