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
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = (<usize>o * <usize>C * <usize>inner + <usize>j) << 2;
      const xr = x + base;
      const yr = out + base;
      let m: f32 = -Infinity;
      for (let c = 0; c < C; c++) {
        // b > a ? b : a, as softmax-simd.ts's pmax: a NaN passed over still makes its line NaN.
        const v = load<f32>(xr + <usize>c * step);
        if (v > m) m = v;
      }
      let others: f32 = 0;
      let ties: f32 = 0;
      for (let c = 0; c < C; c++) {
        const shifted = load<f32>(xr + <usize>c * step) - m;
        const t = exp1(shifted);
        if (shifted == 0) ties += 1;
        else others += t;
        if (!log) store<f32>(yr + <usize>c * step, t);
      }
      const excess = others + (ties - 1);
      if (log) {
        const lg = Mathf.log1p(excess);
        for (let c = 0; c < C; c++) store<f32>(yr + <usize>c * step, load<f32>(xr + <usize>c * step) - m - lg);
      } else {
        const d = excess + 1;
        for (let c = 0; c < C; c++) store<f32>(yr + <usize>c * step, load<f32>(yr + <usize>c * step) / d);
      }
    }
  }
}
