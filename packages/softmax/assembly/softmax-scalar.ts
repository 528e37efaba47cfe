/**
 * softmax-simd.ts without SIMD, one entry at a time (for the tfjs wasm backend's plain build and
 * engines without SIMD WebAssembly): the same passes, the same exp, the same sums per line.
 */

const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.42860677e-6;

/** softmax-simd.ts's exp4 on one value. */
@inline function exp1(x: f32): f32 {
  x = min(max(x, -104), 88.72284);
  const n = nearest(x * LOG2E);
  const r = x - n * LN2_HI - n * LN2_LO;
  let p: f32 = 1.98756915e-4;
  p = p * r + 1.39819995e-3;
  p = p * r + 8.33345191e-3;
  p = p * r + 4.16657959e-2;
  p = p * r + 1.66666655e-1;
  p = p * r + 5.00000012e-1;
  p = p * r * r + r + 1;
  const ni = <i32>n;
  const n1 = ni >> 1;
  return p * reinterpret<f32>((n1 + 127) << 23) * reinterpret<f32>((ni - n1 + 127) << 23);
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
      for (let c = 0; c < C; c++) m = max(m, load<f32>(xr + <usize>c * step));
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
