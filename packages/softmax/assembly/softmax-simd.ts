/**
 * softmax and logSoftmax along the lines of x viewed as [outer, C, inner] (inner = 1: the classes
 * are contiguous), in SIMD WebAssembly on the tfjs wasm backend's own memory (imported; x and out
 * are byte offsets into it). The math of model.ts's shiftedExp, in one kernel: per line,
 * shifted = x - max, t = exp(shifted), others = sum of t over the entries below the max,
 * ties = how many entries equal it, excess = others + (ties - 1); then
 * softmax = t / (excess + 1), logSoftmax = shifted - log1p(excess).
 * softmax-scalar.ts is the same without SIMD, for engines (and tfjs builds) without it.
 */
import { C1, C2, C3, C4, C5, DENORM_CUTOFF, LOG2E, MAGIC_BIAS, MINUS_LN2_HI, MINUS_LN2_LO } from './exp-constants';
import { ldLanes, stLanes } from '../../core/assembly/lanes';

/** exp on four lanes of x <= 0 (see exp-constants.ts); -Infinity gives 0, NaN gives NaN. */
@inline function exp4(x: v128): v128 {
  let n = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC_BIAS));
  const s = i32x4.shl(n, 23);
  n = f32x4.sub(n, f32x4.splat(MAGIC_BIAS));
  let r = f32x4.add(f32x4.mul(n, f32x4.splat(MINUS_LN2_HI)), x);
  r = f32x4.add(f32x4.mul(n, f32x4.splat(MINUS_LN2_LO)), r);
  let p = f32x4.add(f32x4.mul(f32x4.splat(C5), r), f32x4.splat(C4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(C3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(C2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(C1));
  r = f32x4.mul(r, s);
  const e = f32x4.add(f32x4.mul(r, p), s);
  return v128.andnot(e, f32x4.lt(x, f32x4.splat(DENORM_CUTOFF)));
}

const NEG_INF = f32x4.splat(-Infinity);

/**
 * max as x86's maxps computes it (b > a ? b : a), cheaper than WebAssembly's NaN-propagating
 * max: a NaN entry may be passed over here, but its shifted value is NaN, and so is its line.
 */
@inline function pmax(a: f32, b: f32): f32 {
  return b > a ? b : a;
}

/** Lanes 0 .. lanes - 1 from p, the rest -Infinity (which adds nothing to a line: exp(-inf) = 0). */
@inline function ld(p: usize, lanes: i32): v128 {
  return ldLanes(p, lanes, NEG_INF);
}
@inline function st(p: usize, x: v128, lanes: i32): void {
  stLanes(p, x, lanes);
}

@inline function hmax(v: v128): f32 {
  return pmax(pmax(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), pmax(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}
@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Where shifted is 0 (the entry is the line's max): all bits set. */
@inline function atMax(shifted: v128): v128 {
  return f32x4.eq(shifted, f32x4.splat(0));
}

/** The lines of [outer, C] (contiguous classes): four classes at a time. */
function rows(x: usize, out: usize, outer: i32, C: i32, log: bool): void {
  const bytes = <usize>C << 2;
  const full = <usize>(C & ~3) << 2; // the bytes of the whole groups of four; a last group of 1 to 3 after them
  const tail = C & 3;
  for (let o = 0; o < outer; o++) {
    const xr = x + <usize>o * bytes;
    const yr = out + <usize>o * bytes;
    // Four running maxima (independent chains, as XNNPACK's rmax), then the groups left.
    let mv = NEG_INF;
    let mv1 = NEG_INF;
    let mv2 = NEG_INF;
    let mv3 = NEG_INF;
    let i: usize = 0;
    for (; i + 64 <= full; i += 64) {
      mv = f32x4.pmax(mv, v128.load(xr + i));
      mv1 = f32x4.pmax(mv1, v128.load(xr + i, 16));
      mv2 = f32x4.pmax(mv2, v128.load(xr + i, 32));
      mv3 = f32x4.pmax(mv3, v128.load(xr + i, 48));
    }
    for (; i < full; i += 16) mv = f32x4.pmax(mv, v128.load(xr + i));
    if (tail) mv = f32x4.pmax(mv, ld(xr + full, tail));
    mv = f32x4.pmax(f32x4.pmax(mv, mv1), f32x4.pmax(mv2, mv3));
    const m = f32x4.splat(hmax(mv));
    let others = f32x4.splat(0);
    let ties = i32x4.splat(0); // minus the count: a comparison's true lanes are -1
    // Four groups at a time (as XNNPACK's x16_acc2: more independent work per iteration for
    // V8's code), two running sums; t is stored for logSoftmax too (its last pass overwrites it),
    // which keeps a branch out of the loop.
    let others1 = f32x4.splat(0);
    let k: usize = 0;
    for (; k + 64 <= full; k += 64) {
      const s0 = f32x4.sub(v128.load(xr + k), m);
      const s1 = f32x4.sub(v128.load(xr + k, 16), m);
      const s2 = f32x4.sub(v128.load(xr + k, 32), m);
      const s3 = f32x4.sub(v128.load(xr + k, 48), m);
      const t0 = exp4(s0);
      const t1 = exp4(s1);
      const t2 = exp4(s2);
      const t3 = exp4(s3);
      v128.store(yr + k, t0);
      v128.store(yr + k, t1, 16);
      v128.store(yr + k, t2, 32);
      v128.store(yr + k, t3, 48);
      const at0 = atMax(s0);
      const at1 = atMax(s1);
      const at2 = atMax(s2);
      const at3 = atMax(s3);
      others = f32x4.add(others, v128.andnot(t0, at0));
      others1 = f32x4.add(others1, v128.andnot(t1, at1));
      others = f32x4.add(others, v128.andnot(t2, at2));
      others1 = f32x4.add(others1, v128.andnot(t3, at3));
      ties = i32x4.add(ties, i32x4.add(i32x4.add(at0, at1), i32x4.add(at2, at3)));
    }
    others = f32x4.add(others, others1);
    for (; k <= full; k += 16) {
      const lanes = k < full ? 4 : tail;
      if (lanes == 0) break;
      const shifted = f32x4.sub(lanes == 4 ? v128.load(xr + k) : ld(xr + k, lanes), m);
      const t = exp4(shifted);
      const at = atMax(shifted);
      others = f32x4.add(others, v128.andnot(t, at));
      ties = i32x4.add(ties, at);
      if (!log) st(yr + k, t, lanes);
    }
    const count = -(i32x4.extract_lane(ties, 0) + i32x4.extract_lane(ties, 1) + i32x4.extract_lane(ties, 2) + i32x4.extract_lane(ties, 3));
    const excess = hsum(others) + (<f32>count - 1);
    if (log) {
      const lg = f32x4.splat(Mathf.log1p(excess));
      for (let k: usize = 0; k < full; k += 16) v128.store(yr + k, f32x4.sub(f32x4.sub(v128.load(xr + k), m), lg));
      if (tail) st(yr + full, f32x4.sub(f32x4.sub(ld(xr + full, tail), m), lg), tail);
    } else {
      const d = f32x4.splat(excess + 1);
      for (let k: usize = 0; k < full; k += 16) v128.store(yr + k, f32x4.div(v128.load(yr + k), d));
      if (tail) st(yr + full, f32x4.div(ld(yr + full, tail), d), tail);
    }
  }
}

/** The lines of [outer, C, inner]: four lines (neighbours along inner) at a time, the classes at a stride of inner. */
function columns(x: usize, out: usize, outer: i32, C: i32, inner: i32, log: bool): void {
  const step = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j += 4) {
      const lanes = min(inner - j, 4);
      const base = (<usize>o * <usize>C * <usize>inner + <usize>j) << 2;
      const xr = x + base;
      const yr = out + base;
      let m = NEG_INF;
      for (let c = 0; c < C; c++) m = f32x4.pmax(m, ld(xr + <usize>c * step, lanes));
      let others = f32x4.splat(0);
      let ties = f32x4.splat(0);
      for (let c = 0; c < C; c++) {
        const shifted = f32x4.sub(ld(xr + <usize>c * step, lanes), m);
        const t = exp4(shifted);
        others = f32x4.add(others, v128.andnot(t, atMax(shifted)));
        ties = f32x4.add(ties, v128.and(f32x4.splat(1), atMax(shifted)));
        if (!log) st(yr + <usize>c * step, t, lanes);
      }
      const excess = f32x4.add(others, f32x4.sub(ties, f32x4.splat(1)));
      if (log) {
        let lg = f32x4.splat(Mathf.log1p(f32x4.extract_lane(excess, 0)));
        lg = f32x4.replace_lane(lg, 1, Mathf.log1p(f32x4.extract_lane(excess, 1)));
        lg = f32x4.replace_lane(lg, 2, Mathf.log1p(f32x4.extract_lane(excess, 2)));
        lg = f32x4.replace_lane(lg, 3, Mathf.log1p(f32x4.extract_lane(excess, 3)));
        for (let c = 0; c < C; c++) st(yr + <usize>c * step, f32x4.sub(f32x4.sub(ld(xr + <usize>c * step, lanes), m), lg), lanes);
      } else {
        const d = f32x4.add(excess, f32x4.splat(1));
        for (let c = 0; c < C; c++) st(yr + <usize>c * step, f32x4.div(ld(yr + <usize>c * step, lanes), d), lanes);
      }
    }
  }
}

/** softmax (log = 0) or logSoftmax (log = 1) of x [outer, C, inner] into out (a buffer of x's size). */
export function softmax(x: usize, out: usize, outer: i32, C: i32, inner: i32, log: i32): void {
  if (inner == 1) rows(x, out, outer, C, log != 0);
  else columns(x, out, outer, C, inner, log != 0);
}
