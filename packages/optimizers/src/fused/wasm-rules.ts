/**
 * How a rule of the SIMD module (assembly/fused.ts) is called: every array is a byte offset into
 * the memory the module was instantiated on (the tfjs wasm backend's, or the cpu kernel's scratch).
 */
import type { Slot } from '../config.js';
import type { FusedAttrs } from './attrs.js';

/** The exports of assembly/fused.ts. */
export type FusedExports = Record<string, (...args: number[]) => void>;

/** Byte offsets of W, dW, the new W, and each slot's input and output (0 where the rule has no such slot). */
export interface Offsets {
  readonly w: number;
  readonly g: number;
  readonly wOut: number;
  readonly p: (slot: Slot) => number;
  readonly q: (slot: Slot) => number;
}

/** Run the rule over n elements. */
export function runWasmRule(ex: FusedExports, a: FusedAttrs, n: number, { w, g, wOut, p, q }: Offsets): void {
  const run = ex[a.rule] as (...args: number[]) => void;
  switch (a.rule) {
    case 'gd':
      return run(n, w, g, wOut, a.alpha, a.wd, a.keep);
    case 'momentum':
      return run(n, w, g, p('v'), wOut, q('v'), a.alpha, a.wd, a.keep, a.beta, a.gs, a.la, a.lb);
    case 'rmsprop':
      return run(n, w, g, p('s'), p('mg'), p('v'), wOut, q('s'), q('mg'), q('v'), a.alpha, a.wd, a.keep, a.b2, 1 - a.b2, a.epsIn, a.epsOut, a.centered, a.mom);
    case 'adam':
      return run(n, w, g, p('v'), p('s'), wOut, q('v'), q('s'), a.alpha, a.wd, a.keep, a.k2, a.b1, 1 - a.b1, a.b2, 1 - a.b2, a.eps);
    case 'adamax':
      return run(n, w, g, p('v'), p('s'), wOut, q('v'), q('s'), a.alpha, a.wd, a.keep, a.b1, 1 - a.b1, a.b2, a.eps);
    case 'adagrad':
      return run(n, w, g, p('s'), wOut, q('s'), a.alpha, a.wd, a.keep, a.epsIn, a.epsOut);
    case 'adadelta':
      return run(n, w, g, p('s'), p('d'), wOut, q('s'), q('d'), a.alpha, a.wd, a.keep, a.rho, 1 - a.rho, a.eps);
  }
}
