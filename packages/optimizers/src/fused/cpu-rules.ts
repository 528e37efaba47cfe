/**
 * The fused update rules for the cpu backend where the engine has no SIMD WebAssembly (elsewhere
 * cpu-simd.ts runs assembly/fused.ts's, about 2.5 times faster): one loop over the backend's
 * Float32Arrays per step, in double precision, each result rounded once on store. `out` may hold the input arrays themselves: each element is read before it is
 * written. W = keep (W - delta). One small function per rule, so that V8 optimizes each loop on
 * its own; L2 weight decay is a pass of its own before the rule (only when set), since a per-element
 * test for it halves the loop's speed in V8.
 */
import type { Slot } from '../config.js';
import type { FusedAttrs } from './attrs.js';

type Arrays = Partial<Record<Slot, Float32Array>>;

type Rule = (a: FusedAttrs, w: Float32Array, g: Float32Array, st: Arrays, wOut: Float32Array, out: Arrays) => void;

const gd: Rule = (a, w, g, st, wOut, out) => {
  const n = w.length;
  const { alpha, keep } = a;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    wOut[i] = keep * (wi - alpha * (g[i] as number));
  }
};

const momentum: Rule = (a, w, g, st, wOut, out) => {
  const n = w.length;
  const { alpha, keep } = a;
  const [v, vOut] = [st.v as Float32Array, out.v as Float32Array];
  const { beta, gs, la, lb } = a;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    const gi = g[i] as number;
    const vi = beta * (v[i] as number) + gs * gi;
    vOut[i] = vi;
    wOut[i] = keep * (wi - alpha * (la * gi + lb * vi));
  }
};

const rmsprop: Rule = (a, w, g, st, wOut, out) => {
  const n = w.length;
  const { alpha, keep } = a;
  const [s, sOut] = [st.s as Float32Array, out.s as Float32Array];
  const { b2, epsIn, epsOut, mom } = a;
  const c2 = 1 - b2;
  const [mg, mgOut] = a.centered ? [st.mg as Float32Array, out.mg as Float32Array] : [s, s];
  const [v, vOut] = mom !== 0 ? [st.v as Float32Array, out.v as Float32Array] : [s, s];
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    const gi = g[i] as number;
    const si = b2 * (s[i] as number) + c2 * gi * gi;
    sOut[i] = si;
    let x = si;
    if (a.centered) {
      const mi = b2 * (mg[i] as number) + c2 * gi;
      mgOut[i] = mi;
      x = si - mi * mi;
    }
    let delta = (alpha * gi) / (Math.sqrt(x + epsIn) + epsOut);
    if (mom !== 0) {
      delta = mom * (v[i] as number) + delta;
      vOut[i] = delta;
    }
    wOut[i] = keep * (wi - delta);
  }
};

const adam: Rule = (a, w, g, st, wOut, out) => {
  const n = w.length;
  const { alpha, keep } = a;
  const [v, s, vOut, sOut] = [st.v as Float32Array, st.s as Float32Array, out.v as Float32Array, out.s as Float32Array];
  const { b1, b2, k2, eps } = a;
  const [c1, c2] = [1 - b1, 1 - b2];
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    const gi = g[i] as number;
    const vi = b1 * (v[i] as number) + c1 * gi;
    const si = b2 * (s[i] as number) + c2 * gi * gi;
    vOut[i] = vi;
    sOut[i] = si;
    wOut[i] = keep * (wi - (alpha * vi) / (Math.sqrt(k2 * si) + eps));
  }
};

const adamax: Rule = (a, w, g, st, wOut, out) => {
  const n = w.length;
  const { alpha, keep } = a;
  const [v, u, vOut, uOut] = [st.v as Float32Array, st.s as Float32Array, out.v as Float32Array, out.s as Float32Array];
  const { b1, b2, eps } = a;
  const c1 = 1 - b1;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    const gi = g[i] as number;
    const vi = b1 * (v[i] as number) + c1 * gi;
    const ui = Math.max(b2 * (u[i] as number), Math.abs(gi));
    vOut[i] = vi;
    uOut[i] = ui;
    wOut[i] = keep * (wi - (alpha * vi) / (ui + eps));
  }
};

const adagrad: Rule = (a, w, g, st, wOut, out) => {
  const n = w.length;
  const { alpha, keep } = a;
  const [s, sOut] = [st.s as Float32Array, out.s as Float32Array];
  const { epsIn, epsOut } = a;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    const gi = g[i] as number;
    const si = (s[i] as number) + gi * gi;
    sOut[i] = si;
    wOut[i] = keep * (wi - (alpha * gi) / (Math.sqrt(si + epsIn) + epsOut));
  }
};

const adadelta: Rule = (a, w, g, st, wOut, out) => {
  const n = w.length;
  const { alpha, keep } = a;
  const [s, d, sOut, dOut] = [st.s as Float32Array, st.d as Float32Array, out.s as Float32Array, out.d as Float32Array];
  const { rho, eps } = a;
  const c = 1 - rho;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    const gi = g[i] as number;
    const si = rho * (s[i] as number) + c * gi * gi;
    const di = d[i] as number;
    const update = (Math.sqrt(di + eps) / Math.sqrt(si + eps)) * gi;
    sOut[i] = si;
    dOut[i] = rho * di + c * update * update;
    wOut[i] = keep * (wi - alpha * update);
  }
};

const RULES: Record<FusedAttrs['rule'], Rule> = { gd, momentum, rmsprop, adam, adamax, adagrad, adadelta };

/** The rule fed dW, or dW + wd W (rounded to float32 like the composed ops' sum) when weight decay is set. */
export function runCpuRule(a: FusedAttrs, w: Float32Array, g: Float32Array, st: Arrays, wOut: Float32Array, out: Arrays): void {
  let fed = g;
  if (a.wd !== 0) {
    fed = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) fed[i] = (g[i] as number) + a.wd * (w[i] as number);
  }
  RULES[a.rule](a, w, fed, st, wOut, out);
}
