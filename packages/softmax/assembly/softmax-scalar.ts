/**
 * softmax-simd.ts without SIMD, one entry at a time (for the tfjs wasm backend's plain build and
 * engines without SIMD WebAssembly): the same passes, the same exp, the same sums per line.
 */

import { C1, C2, C3, C4, C5, DENORM_CUTOFF, LOG2E, MAGIC_BIAS, MINUS_LN2_HI, MINUS_LN2_LO } from './exp-constants';

/** softmax-simd.ts's exp4 on one value. */
@inline function exp1(x: f32): f32 {
  let n = x * LOG2E + MAGIC_BIAS;
  const s = reinterpret<f32>(reinterpret<i32>(n) << 23);
  n -= MAGIC_BIAS;
  let r = n * MINUS_LN2_HI + x;
  r = n * MINUS_LN2_LO + r;
  let p = C5 * r + C4;
  p = p * r + C3;
  p = p * r + C2;
  p = p * r + C1;
  r *= s;
  return x < DENORM_CUTOFF ? 0 : r * p + s;
}

/** softmax (log = 0) or logSoftmax (log = 1) of x [outer, C, inner] into out (a buffer of x's size). */
export function softmax(x: usize, out: usize, outer: i32, C: i32, inner: i32, log: i32): void {
  const step = <usize>inner << 2;
  const span = <usize>C * step; // a line's bytes, from its first entry to one past its last
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = (<usize>o * <usize>C * <usize>inner + <usize>j) << 2;
      const xr = x + base;
      const yr = out + base;
      const xEnd = xr + span;
      let m: f32 = -Infinity;
      for (let p = xr; p < xEnd; p += step) {
        // b > a ? b : a, as softmax-simd.ts's pmax: a NaN passed over still makes its line NaN.
        const v = load<f32>(p);
        if (v > m) m = v;
      }
      let others: f32 = 0;
      let ties: f32 = 0;
      for (let p = xr, q = yr; p < xEnd; p += step, q += step) {
        const shifted = load<f32>(p) - m;
        const t = exp1(shifted);
        if (shifted == 0) ties += 1;
        else others += t;
        if (!log) store<f32>(q, t);
      }
      const excess = others + (ties - 1);
      if (log) {
        const lg = Mathf.log1p(excess);
        for (let p = xr, q = yr; p < xEnd; p += step, q += step) store<f32>(q, load<f32>(p) - m - lg);
      } else {
        const d = excess + 1;
        const yEnd = yr + span;
        for (let q = yr; q < yEnd; q += step) store<f32>(q, load<f32>(q) / d);
      }
    }
  }
}
