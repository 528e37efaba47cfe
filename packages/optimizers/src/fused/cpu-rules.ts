/**
 * The fused update rules for the cpu backend: one loop over the backend's Float32Arrays per step,
 * in double precision, each result rounded once on store (assembly/fused.ts has the same loops in
 * SIMD WebAssembly). `out` may hold the input arrays themselves: each element is read before it is
 * written. Weight decay: the rule is fed dW + wd W; W = keep (W - delta).
 */
import type { Slot } from '../config.js';
import type { FusedAttrs } from './attrs.js';

type Arrays = Partial<Record<Slot, Float32Array>>;

export function runCpuRule(a: FusedAttrs, w: Float32Array, g: Float32Array, st: Arrays, wOut: Float32Array, out: Arrays): void {
  const n = w.length;
  const { alpha, wd, keep } = a;
  switch (a.rule) {
    case 'gd':
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        wOut[i] = keep * (wi - alpha * (wd === 0 ? (g[i] as number) : (g[i] as number) + wd * wi));
      }
      return;
    case 'momentum': {
      const [v, vOut] = [st.v as Float32Array, out.v as Float32Array];
      const { beta, gs, la, lb } = a;
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        const gi = wd === 0 ? (g[i] as number) : (g[i] as number) + wd * wi;
        const vi = beta * (v[i] as number) + gs * gi;
        vOut[i] = vi;
        wOut[i] = keep * (wi - alpha * (la * gi + lb * vi));
      }
      return;
    }
    case 'rmsprop': {
      const [s, sOut] = [st.s as Float32Array, out.s as Float32Array];
      const { b2, epsIn, epsOut, mom } = a;
      const c2 = 1 - b2;
      const [mg, mgOut] = a.centered ? [st.mg as Float32Array, out.mg as Float32Array] : [s, s];
      const [v, vOut] = mom !== 0 ? [st.v as Float32Array, out.v as Float32Array] : [s, s];
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        const gi = wd === 0 ? (g[i] as number) : (g[i] as number) + wd * wi;
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
      return;
    }
    case 'adam': {
      const [v, s, vOut, sOut] = [st.v as Float32Array, st.s as Float32Array, out.v as Float32Array, out.s as Float32Array];
      const { b1, b2, k2, eps } = a;
      const [c1, c2] = [1 - b1, 1 - b2];
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        const gi = wd === 0 ? (g[i] as number) : (g[i] as number) + wd * wi;
        const vi = b1 * (v[i] as number) + c1 * gi;
        const si = b2 * (s[i] as number) + c2 * gi * gi;
        vOut[i] = vi;
        sOut[i] = si;
        wOut[i] = keep * (wi - (alpha * vi) / (Math.sqrt(k2 * si) + eps));
      }
      return;
    }
    case 'adamax': {
      const [v, u, vOut, uOut] = [st.v as Float32Array, st.s as Float32Array, out.v as Float32Array, out.s as Float32Array];
      const { b1, b2, eps } = a;
      const c1 = 1 - b1;
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        const gi = wd === 0 ? (g[i] as number) : (g[i] as number) + wd * wi;
        const vi = b1 * (v[i] as number) + c1 * gi;
        const ui = Math.max(b2 * (u[i] as number), Math.abs(gi));
        vOut[i] = vi;
        uOut[i] = ui;
        wOut[i] = keep * (wi - (alpha * vi) / (ui + eps));
      }
      return;
    }
    case 'adagrad': {
      const [s, sOut] = [st.s as Float32Array, out.s as Float32Array];
      const { epsIn, epsOut } = a;
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        const gi = wd === 0 ? (g[i] as number) : (g[i] as number) + wd * wi;
        const si = (s[i] as number) + gi * gi;
        sOut[i] = si;
        wOut[i] = keep * (wi - (alpha * gi) / (Math.sqrt(si + epsIn) + epsOut));
      }
      return;
    }
    case 'adadelta': {
      const [s, d, sOut, dOut] = [st.s as Float32Array, st.d as Float32Array, out.s as Float32Array, out.d as Float32Array];
      const { rho, eps } = a;
      const c = 1 - rho;
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        const gi = wd === 0 ? (g[i] as number) : (g[i] as number) + wd * wi;
        const si = rho * (s[i] as number) + c * gi * gi;
        const di = d[i] as number;
        const update = (Math.sqrt(di + eps) / Math.sqrt(si + eps)) * gi;
        sOut[i] = si;
        dOut[i] = rho * di + c * update * update;
        wOut[i] = keep * (wi - alpha * update);
      }
      return;
    }
  }
}
