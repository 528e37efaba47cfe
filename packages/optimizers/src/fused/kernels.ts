/**
 * The fused update kernels, registered with tf.registerKernel for the cpu backend (a loop over its
 * JavaScript arrays, cpu-rules.ts) and the wasm backend (SIMD WebAssembly built from
 * assembly/fused.ts, run on the backend's own memory). Inputs: w, g and the rule's slots; outputs:
 * the new W (a new buffer: arrays read from W before stay as they were) and the new slots, written
 * in place when the slot's buffer is held by nothing else (the optimizer's own state variables),
 * into new buffers otherwise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { WasmKernelModule, type WasmBackendLike } from '@dlspec/core';
import type { Slot } from '../config.js';
import { FUSED_KERNEL, type FusedAttrs } from './attrs.js';
import { runCpuRule } from './cpu-rules.js';
import { FUSED_WASM_BASE64 } from './wasm-bytes.js';

type DataId = object;
interface Info {
  readonly dataId: DataId;
  readonly shape: number[];
  readonly dtype: tf.DataType;
}
/** What the kernels use of tfjs-backend-cpu's MathBackendCPU. */
interface CpuBackend {
  data: { get(id: DataId): { values: Float32Array } };
  refCount(id: DataId): number;
  incRef(id: DataId): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): Info;
}
type WasmBackend = WasmBackendLike;

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
const attrsOf = (args: Args) => args.attrs as unknown as FusedAttrs;

/** A slot's output: its own buffer again (one more reference) when nothing else holds it, else a new one. */
function slotOutput<B extends { refCount(id: DataId): number; incRef(id: DataId): void }>(b: B, x: Info, fresh: () => Info): Info {
  if (b.refCount(x.dataId) !== 1) return fresh();
  b.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function cpuKernel(args: Args): Info[] {
  const b = args.backend as CpuBackend;
  const a = attrsOf(args);
  const { w, g } = args.inputs as Record<string, Info>;
  const values = (x: Info) => b.data.get(x.dataId).values;
  const n = values(w as Info).length;
  const wOut = new Float32Array(n);
  const st: Partial<Record<Slot, Float32Array>> = {};
  const out: Partial<Record<Slot, Float32Array>> = {};
  const infos = a.slots.map((slot) => {
    const x = args.inputs[slot] as Info;
    st[slot] = values(x);
    const info = slotOutput(b, x, () => b.makeTensorInfo(x.shape, 'float32', new Float32Array(n)));
    out[slot] = values(info);
    return info;
  });
  runCpuRule(a, values(w as Info), values(g as Info), st, wOut, out);
  return [b.makeTensorInfo((w as Info).shape, 'float32', wOut), ...infos];
}

/** The exports of assembly/fused.ts: byte offsets into the tfjs wasm backend's memory. */
type FusedExports = Record<string, (...args: number[]) => void>;
const fusedModule = new WasmKernelModule<FusedExports>(FUSED_KERNEL, FUSED_WASM_BASE64);

function wasmKernel(args: Args): Info[] {
  const b = args.backend as WasmBackend;
  const a = attrsOf(args);
  const { w, g } = args.inputs as Record<string, Info>;
  const ex = fusedModule.exportsOn(b.wasm.asm.memory);
  const n = tf.util.sizeFromShape((w as Info).shape);
  const at = (x: Info) => (b.dataIdMap.get(x.dataId) as { memoryOffset: number }).memoryOffset;
  const wOut = b.makeOutput((w as Info).shape, 'float32');
  const outs: Partial<Record<Slot, Info>> = {};
  const infos = a.slots.map((slot) => {
    const x = args.inputs[slot] as Info;
    return (outs[slot] = slotOutput(b, x, () => b.makeOutput(x.shape, 'float32')));
  });
  // Offsets are read after every allocation (malloc may grow the memory; offsets stay valid).
  const p = (slot: Slot) => (args.inputs[slot] ? at(args.inputs[slot] as Info) : 0);
  const q = (slot: Slot) => (outs[slot] ? at(outs[slot] as Info) : 0);
  const [pw, pg, pwOut] = [at(w as Info), at(g as Info), at(wOut)];
  const run = ex[a.rule] as (...args: number[]) => void;
  switch (a.rule) {
    case 'gd':
      run(n, pw, pg, pwOut, a.alpha, a.wd, a.keep);
      break;
    case 'momentum':
      run(n, pw, pg, p('v'), pwOut, q('v'), a.alpha, a.wd, a.keep, a.beta, a.gs, a.la, a.lb);
      break;
    case 'rmsprop':
      run(n, pw, pg, p('s'), p('mg'), p('v'), pwOut, q('s'), q('mg'), q('v'), a.alpha, a.wd, a.keep, a.b2, 1 - a.b2, a.epsIn, a.epsOut, a.centered, a.mom);
      break;
    case 'adam':
      run(n, pw, pg, p('v'), p('s'), pwOut, q('v'), q('s'), a.alpha, a.wd, a.keep, a.k2, a.b1, 1 - a.b1, a.b2, 1 - a.b2, a.eps);
      break;
    case 'adamax':
      run(n, pw, pg, p('v'), p('s'), pwOut, q('v'), q('s'), a.alpha, a.wd, a.keep, a.b1, 1 - a.b1, a.b2, a.eps);
      break;
    case 'adagrad':
      run(n, pw, pg, p('s'), pwOut, q('s'), a.alpha, a.wd, a.keep, a.epsIn, a.epsOut);
      break;
    case 'adadelta':
      run(n, pw, pg, p('s'), p('d'), pwOut, q('s'), q('d'), a.alpha, a.wd, a.keep, a.rho, 1 - a.rho, a.eps);
      break;
  }
  return [wOut, ...infos];
}

let registered: Promise<void> | undefined;

/**
 * Register the fused kernels (once; later calls wait for the first): for cpu always, for wasm when
 * this JavaScript engine runs SIMD WebAssembly. Call it after setting a wasm backend up, or the
 * first fused step on it instantiates the module synchronously (fine in Node and in workers).
 */
export function registerFusedKernels(): Promise<void> {
  registered ??= (async () => {
    if (!tf.getKernel(FUSED_KERNEL, 'cpu')) tf.registerKernel({ kernelName: FUSED_KERNEL, backendName: 'cpu', kernelFunc: cpuKernel as unknown as tf.KernelFunc });
    if (!(await fusedModule.compile())) return; // no SIMD WebAssembly here: no fused kernel for wasm
    if (!tf.getKernel(FUSED_KERNEL, 'wasm')) tf.registerKernel({ kernelName: FUSED_KERNEL, backendName: 'wasm', kernelFunc: wasmKernel as unknown as tf.KernelFunc });
  })();
  // A wasm backend already set up: instantiate on its memory now, asynchronously (browsers refuse large synchronous instantiation on the main thread).
  // (The registry, not tf.findBackend: that would start initializing a wasm backend not set up yet.)
  const wasmBackend = tf.engine().registry['wasm'] as unknown as WasmBackend | undefined;
  return wasmBackend?.wasm ? registered.then(() => fusedModule.instantiate(wasmBackend.wasm.asm.memory)) : registered;
}

/** Whether the active backend runs fused optimizer steps: the kernels are registered for it, and on wasm the backend runs its SIMD build. */
export function fusedKernelFor(backendName = tf.getBackend()): true | string {
  if (!tf.getKernel(FUSED_KERNEL, backendName)) {
    return ['cpu', 'wasm'].includes(backendName)
      ? `no fused kernel registered for ${backendName} (await registerFusedKernels() first${backendName === 'wasm' ? '; wasm needs SIMD WebAssembly' : ''})`
      : `the fused kernels are for the cpu and wasm backends, not ${backendName}`;
  }
  return true;
}
