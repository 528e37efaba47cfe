/**
 * The SIMD rules (assembly/fused.ts) run over the cpu backend's JavaScript arrays: the module is
 * instantiated on a small memory of its own, and the arrays pass through it a block at a time
 * (copied in, updated in place there, copied out). A JavaScript loop over a Float32Array costs
 * V8 about five times a memmove per element, so two copies per array (TypedArray.set, memmoves)
 * and four lanes per instruction are 2 to 3 times faster than the loops of cpu-rules.ts at 10M
 * parameters; the blocks stay in the core's cache, so memory sees each array read or written once.
 * The arithmetic is the wasm backend's fused kernel's, float32 throughout.
 */
import type { Slot } from '../config.js';
import type { FusedAttrs } from './attrs.js';
import { runWasmRule, type FusedExports } from './wasm-rules.js';

type Arrays = Partial<Record<Slot, Float32Array>>;

/** Elements per block: 64 KiB per array, at most 5 arrays (W, dW and RMSprop's three slots) in 320 KiB. */
const BLOCK = 16384;
const REGIONS = 5;
const PAGE = 65536;

export interface Scratch {
  readonly ex: FusedExports;
  readonly heap: Float32Array;
}

/** The module instantiated on a memory of its own, large enough for a block of every array (never grown). */
export async function scratchFor(instantiate: (memory: WebAssembly.Memory) => Promise<FusedExports>): Promise<Scratch> {
  const memory = new WebAssembly.Memory({ initial: (REGIONS * BLOCK * 4) / PAGE, maximum: (REGIONS * BLOCK * 4) / PAGE });
  return { ex: await instantiate(memory), heap: new Float32Array(memory.buffer) };
}

/**
 * One step of the rule: `out` may hold the input arrays themselves (a block is read whole before
 * any of it is written back). Region 0 holds W and then the new W, region 1 dW, the next ones the
 * slots in `a.slots` order, each updated in place.
 */
export function runSimdRule({ ex, heap }: Scratch, a: FusedAttrs, w: Float32Array, g: Float32Array, st: Arrays, wOut: Float32Array, out: Arrays): void {
  const region = (k: number) => k * BLOCK;
  const slotRegion = new Map(a.slots.map((slot, j) => [slot, region(2 + j)]));
  const at = (slot: Slot) => 4 * (slotRegion.get(slot) ?? 0);
  const offsets = { w: 0, g: 4 * region(1), wOut: 0, p: at, q: at };
  const n = w.length;
  for (let i = 0; i < n; i += BLOCK) {
    const end = Math.min(i + BLOCK, n);
    heap.set(w.subarray(i, end), region(0));
    heap.set(g.subarray(i, end), region(1));
    for (const [slot, r] of slotRegion) heap.set((st[slot] as Float32Array).subarray(i, end), r);
    runWasmRule(ex, a, end - i, offsets);
    wOut.set(heap.subarray(region(0), region(0) + end - i), i);
    for (const [slot, r] of slotRegion) (out[slot] as Float32Array).set(heap.subarray(r, r + end - i), i);
  }
}
