/**
 * The fused update rules (src/fused/cpu-rules.ts has the same rules as JavaScript loops) in
 * AssemblyScript, compiled to SIMD WebAssembly that runs on the memory it is given (imported: the
 * tfjs wasm backend's, or the cpu kernel's scratch): every argument after n is a byte offset into
 * it. One pass over the parameters, four float32 lanes at a time; each rule's group of four is an
 * inline function called with lanes = 4 in the loop (so its partial-load tests fold away, about
 * 15 % faster than testing in the loop) and once more for the last 1 to 3 elements. Outputs may be the inputs themselves (state updated in place): each group of
 * four is read before it is written. The scalars come from src/fused/attrs.ts; the complements
 * 1 - beta are given too, computed in double precision and rounded once (as the composed ops do),
 * since 1 - beta in float32 would carry beta's rounding error, 1e-7 relative, into every step.
 */

import { ldLanes, stLanes } from '../../core/assembly/lanes';

/** Lanes 0 .. lanes - 1 from p, the rest 0; stores write only those lanes. */
@inline function ld(p: usize, lanes: i32): v128 {
  return ldLanes(p, lanes, f32x4.splat(0));
}
@inline function st(p: usize, x: v128, lanes: i32): void {
  stLanes(p, x, lanes);
}

@inline function k(x: f32): v128 {
  return f32x4.splat(x);
}
@inline function add(a: v128, b: v128): v128 {
  return f32x4.add(a, b);
}
@inline function sub(a: v128, b: v128): v128 {
  return f32x4.sub(a, b);
}
@inline function mul(a: v128, b: v128): v128 {
  return f32x4.mul(a, b);
}
@inline function div(a: v128, b: v128): v128 {
  return f32x4.div(a, b);
}
@inline function sqrt(a: v128): v128 {
  return f32x4.sqrt(a);
}
/** a x + b y. */
@inline function lin(a: v128, x: v128, b: v128, y: v128): v128 {
  return f32x4.add(f32x4.mul(a, x), f32x4.mul(b, y));
}

/** The gradient the rule is fed: dW, plus wd W when L2 weight decay is set. */
@inline function grad(g: v128, w: v128, wd: f32): v128 {
  return wd != 0 ? add(g, mul(k(wd), w)) : g;
}

/** W after the rule: keep (W - delta), keep = 1 - weightDecayPost. */
@inline function moved(w: v128, delta: v128, keep: f32): v128 {
  return mul(sub(w, delta), k(keep));
}

export function gd(n: i32, w: usize, g: usize, wOut: usize, alpha: f32, wd: f32, keep: f32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) gdGroup(<usize>i << 2, 4, w, g, wOut, alpha, wd, keep);
  if (i < n) gdGroup(<usize>i << 2, n - i, w, g, wOut, alpha, wd, keep);
}

@inline function gdGroup(o: usize, lanes: i32, w: usize, g: usize, wOut: usize, alpha: f32, wd: f32, keep: f32): void {
  const wv = ld(w + o, lanes);
  const gv = grad(ld(g + o, lanes), wv, wd);
  st(wOut + o, moved(wv, mul(k(alpha), gv), keep), lanes);
}

/** v = beta v + gs g; W -= alpha (la g + lb v) (la = 0, lb = 1 for momentum; Nesterov's look-ahead otherwise). */
export function momentum(n: i32, w: usize, g: usize, v: usize, wOut: usize, vOut: usize, alpha: f32, wd: f32, keep: f32, beta: f32, gs: f32, la: f32, lb: f32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) momentumGroup(<usize>i << 2, 4, w, g, v, wOut, vOut, alpha, wd, keep, beta, gs, la, lb);
  if (i < n) momentumGroup(<usize>i << 2, n - i, w, g, v, wOut, vOut, alpha, wd, keep, beta, gs, la, lb);
}

@inline function momentumGroup(o: usize, lanes: i32, w: usize, g: usize, v: usize, wOut: usize, vOut: usize, alpha: f32, wd: f32, keep: f32, beta: f32, gs: f32, la: f32, lb: f32): void {
  const wv = ld(w + o, lanes);
  const gv = grad(ld(g + o, lanes), wv, wd);
  const vv = lin(k(beta), ld(v + o, lanes), k(gs), gv);
  st(vOut + o, vv, lanes);
  st(wOut + o, moved(wv, mul(k(alpha), lin(k(la), gv, k(lb), vv)), keep), lanes);
}

/**
 * s = b2 s + (1 - b2) g^2; centered: mg = b2 mg + (1 - b2) g and s - mg^2 in place of s;
 * step = alpha g / (sqrt(x + epsIn) + epsOut); with momentum: v = mom v + step, W -= v.
 */
export function rmsprop(
  n: i32, w: usize, g: usize, s: usize, mg: usize, v: usize, wOut: usize, sOut: usize, mgOut: usize, vOut: usize,
  alpha: f32, wd: f32, keep: f32, b2: f32, c2: f32, epsIn: f32, epsOut: f32, centered: i32, mom: f32,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) rmspropGroup(<usize>i << 2, 4, w, g, s, mg, v, wOut, sOut, mgOut, vOut, alpha, wd, keep, b2, c2, epsIn, epsOut, centered, mom);
  if (i < n) rmspropGroup(<usize>i << 2, n - i, w, g, s, mg, v, wOut, sOut, mgOut, vOut, alpha, wd, keep, b2, c2, epsIn, epsOut, centered, mom);
}

@inline function rmspropGroup(o: usize, lanes: i32, w: usize, g: usize, s: usize, mg: usize, v: usize, wOut: usize, sOut: usize, mgOut: usize, vOut: usize, alpha: f32, wd: f32, keep: f32, b2: f32, c2: f32, epsIn: f32, epsOut: f32, centered: i32, mom: f32): void {
  const wv = ld(w + o, lanes);
  const gv = grad(ld(g + o, lanes), wv, wd);
  const sv = lin(k(b2), ld(s + o, lanes), k(c2), mul(gv, gv));
  st(sOut + o, sv, lanes);
  let x = sv;
  if (centered) {
    const mv = lin(k(b2), ld(mg + o, lanes), k(c2), gv);
    st(mgOut + o, mv, lanes);
    x = sub(sv, mul(mv, mv));
  }
  let delta = div(mul(k(alpha), gv), add(sqrt(add(x, k(epsIn))), k(epsOut)));
  if (mom != 0) {
    delta = add(mul(k(mom), ld(v + o, lanes)), delta);
    st(vOut + o, delta, lanes);
  }
  st(wOut + o, moved(wv, delta, keep), lanes);
}

/** v = b1 v + (1 - b1) g, s = b2 s + (1 - b2) g^2, W -= a v / (sqrt(k2 s) + eps) (a, k2 carry the bias correction). */
export function adam(
  n: i32, w: usize, g: usize, v: usize, s: usize, wOut: usize, vOut: usize, sOut: usize,
  a: f32, wd: f32, keep: f32, k2: f32, b1: f32, c1: f32, b2: f32, c2: f32, eps: f32,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) adamGroup(<usize>i << 2, 4, w, g, v, s, wOut, vOut, sOut, a, wd, keep, k2, b1, c1, b2, c2, eps);
  if (i < n) adamGroup(<usize>i << 2, n - i, w, g, v, s, wOut, vOut, sOut, a, wd, keep, k2, b1, c1, b2, c2, eps);
}

@inline function adamGroup(o: usize, lanes: i32, w: usize, g: usize, v: usize, s: usize, wOut: usize, vOut: usize, sOut: usize, a: f32, wd: f32, keep: f32, k2: f32, b1: f32, c1: f32, b2: f32, c2: f32, eps: f32): void {
  const wv = ld(w + o, lanes);
  const gv = grad(ld(g + o, lanes), wv, wd);
  const vv = lin(k(b1), ld(v + o, lanes), k(c1), gv);
  const sv = lin(k(b2), ld(s + o, lanes), k(c2), mul(gv, gv));
  st(vOut + o, vv, lanes);
  st(sOut + o, sv, lanes);
  st(wOut + o, moved(wv, div(mul(k(a), vv), add(sqrt(mul(k(k2), sv)), k(eps))), keep), lanes);
}

/** v = b1 v + (1 - b1) g, u = max(b2 u, |g|), W -= a v / (u + eps). */
export function adamax(
  n: i32, w: usize, g: usize, v: usize, u: usize, wOut: usize, vOut: usize, uOut: usize,
  a: f32, wd: f32, keep: f32, b1: f32, c1: f32, b2: f32, eps: f32,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) adamaxGroup(<usize>i << 2, 4, w, g, v, u, wOut, vOut, uOut, a, wd, keep, b1, c1, b2, eps);
  if (i < n) adamaxGroup(<usize>i << 2, n - i, w, g, v, u, wOut, vOut, uOut, a, wd, keep, b1, c1, b2, eps);
}

@inline function adamaxGroup(o: usize, lanes: i32, w: usize, g: usize, v: usize, u: usize, wOut: usize, vOut: usize, uOut: usize, a: f32, wd: f32, keep: f32, b1: f32, c1: f32, b2: f32, eps: f32): void {
  const wv = ld(w + o, lanes);
  const gv = grad(ld(g + o, lanes), wv, wd);
  const vv = lin(k(b1), ld(v + o, lanes), k(c1), gv);
  const uv = f32x4.max(mul(k(b2), ld(u + o, lanes)), f32x4.abs(gv));
  st(vOut + o, vv, lanes);
  st(uOut + o, uv, lanes);
  st(wOut + o, moved(wv, div(mul(k(a), vv), add(uv, k(eps))), keep), lanes);
}

/** s += g^2, W -= a g / (sqrt(s + epsIn) + epsOut). */
export function adagrad(n: i32, w: usize, g: usize, s: usize, wOut: usize, sOut: usize, a: f32, wd: f32, keep: f32, epsIn: f32, epsOut: f32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) adagradGroup(<usize>i << 2, 4, w, g, s, wOut, sOut, a, wd, keep, epsIn, epsOut);
  if (i < n) adagradGroup(<usize>i << 2, n - i, w, g, s, wOut, sOut, a, wd, keep, epsIn, epsOut);
}

@inline function adagradGroup(o: usize, lanes: i32, w: usize, g: usize, s: usize, wOut: usize, sOut: usize, a: f32, wd: f32, keep: f32, epsIn: f32, epsOut: f32): void {
  const wv = ld(w + o, lanes);
  const gv = grad(ld(g + o, lanes), wv, wd);
  const sv = add(ld(s + o, lanes), mul(gv, gv));
  st(sOut + o, sv, lanes);
  st(wOut + o, moved(wv, div(mul(k(a), gv), add(sqrt(add(sv, k(epsIn))), k(epsOut))), keep), lanes);
}

/** s = rho s + (1 - rho) g^2, update = sqrt(d + eps) / sqrt(s + eps) g, d = rho d + (1 - rho) update^2, W -= alpha update. */
export function adadelta(
  n: i32, w: usize, g: usize, s: usize, d: usize, wOut: usize, sOut: usize, dOut: usize,
  alpha: f32, wd: f32, keep: f32, rho: f32, c: f32, eps: f32,
): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) adadeltaGroup(<usize>i << 2, 4, w, g, s, d, wOut, sOut, dOut, alpha, wd, keep, rho, c, eps);
  if (i < n) adadeltaGroup(<usize>i << 2, n - i, w, g, s, d, wOut, sOut, dOut, alpha, wd, keep, rho, c, eps);
}

@inline function adadeltaGroup(o: usize, lanes: i32, w: usize, g: usize, s: usize, d: usize, wOut: usize, sOut: usize, dOut: usize, alpha: f32, wd: f32, keep: f32, rho: f32, c: f32, eps: f32): void {
  const wv = ld(w + o, lanes);
  const gv = grad(ld(g + o, lanes), wv, wd);
  const sv = lin(k(rho), ld(s + o, lanes), k(c), mul(gv, gv));
  const dv = ld(d + o, lanes);
  const update = mul(div(sqrt(add(dv, k(eps))), sqrt(add(sv, k(eps)))), gv);
  st(sOut + o, sv, lanes);
  st(dOut + o, lin(k(rho), dv, k(c), mul(update, update)), lanes);
  st(wOut + o, moved(wv, mul(k(alpha), update), keep), lanes);
}
