/**
 * The fused update kernels, registered with tf.registerKernel for the cpu backend and the wasm
 * backend. Both run the SIMD WebAssembly built from assembly/fused.ts: on the wasm backend's own
 * memory, and for cpu on a scratch memory its JavaScript arrays pass through (cpu-simd.ts); where
 * the engine has no SIMD WebAssembly, cpu runs the loops of cpu-rules.ts (double precision, one
 * rounding per stored value: within the same float32 tolerance, not the same bits) and wasm has
 * no fused kernel. Inputs: w, g and the rule's slots; outputs: the new W (a new buffer: arrays
 * read from W before stay as they were) and the new slots, written in place when the slot's buffer
 * is held by nothing else (the optimizer's own state variables), into new buffers otherwise.
 * W's old buffer is not recycled on cpu, though its page faults cost a 10M step there about 15 %:
 * besides dataSync's results (the backend's array itself), tfjs-backend-cpu's Slice returns a
 * subarray of it as another tensor's values, and neither shows in W's refCount. The webgl and
 * webgpu backends run shaders instead (webgl.ts, webgpu.ts), a program per output into new
 * textures or buffers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { WasmKernelModule, type WasmBackendLike } from '@dlspec/core';
import type { Slot } from '../config.js';
import { FUSED_KERNEL, type FusedAttrs } from './attrs.js';
import { runCpuRule } from './cpu-rules.js';
import { runSimdRule, scratchFor, type Scratch } from './cpu-simd.js';
import { FUSED_WASM_BASE64 } from './wasm-bytes.js';
import { runWasmRule, type FusedExports } from './wasm-rules.js';
import { webglKernel } from './webgl.js';
import { webgpuKernel } from './webgpu.js';

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
  if (cpuScratch) runSimdRule(cpuScratch, a, values(w as Info), values(g as Info), st, wOut, out);
  else runCpuRule(a, values(w as Info), values(g as Info), st, wOut, out);
  return [b.makeTensorInfo((w as Info).shape, 'float32', wOut), ...infos];
}

const fusedModule = new WasmKernelModule<FusedExports>(FUSED_KERNEL, FUSED_WASM_BASE64);
/** The module on the cpu kernel's own scratch memory (set by registerFusedKernels where SIMD WebAssembly runs). */
let cpuScratch: Scratch | undefined;

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
  runWasmRule(ex, a, n, { w: at(w as Info), g: at(g as Info), wOut: at(wOut), p, q });
  return [wOut, ...infos];
}

/** The backends with a fused kernel: loops (cpu), SIMD WebAssembly (wasm), shaders (webgl.ts, webgpu.ts). */
const FUSED_BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu'];

let registered: Promise<void> | undefined;

/**
 * Register the fused kernels (once; later calls wait for the first): for cpu, webgl and webgpu
 * always (whether or not those backends are loaded), for wasm when this JavaScript engine runs SIMD WebAssembly. Call it after setting a wasm backend up, or the
 * first fused step on it instantiates the module synchronously (fine in Node and in workers).
 */
export function registerFusedKernels(): Promise<void> {
  registered ??= (async () => {
    const shaders = { webgl: webglKernel, webgpu: webgpuKernel };
    for (const [backendName, kernelFunc] of Object.entries(shaders)) {
      if (!tf.getKernel(FUSED_KERNEL, backendName)) tf.registerKernel({ kernelName: FUSED_KERNEL, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
    }
    if (await fusedModule.compile()) cpuScratch = await scratchFor((memory) => fusedModule.instantiate(memory).then(() => fusedModule.exportsOn(memory)));
    // cpu is registered once its path is settled, so that every fused step on it computes the same way.
    if (!tf.getKernel(FUSED_KERNEL, 'cpu')) tf.registerKernel({ kernelName: FUSED_KERNEL, backendName: 'cpu', kernelFunc: cpuKernel as unknown as tf.KernelFunc });
    if (!fusedModule.compiled) return; // no SIMD WebAssembly here: no fused kernel for wasm
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
    return FUSED_BACKENDS.includes(backendName)
      ? `no fused kernel registered for ${backendName} (await registerFusedKernels() first${backendName === 'wasm' ? '; wasm needs SIMD WebAssembly' : ''})`
      : `the fused kernels are for the ${FUSED_BACKENDS.join(', ')} backends, not ${backendName}`;
  }
  return true;
}
