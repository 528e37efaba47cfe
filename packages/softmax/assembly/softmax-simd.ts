/**
 * softmax and logSoftmax along the lines of x viewed as [outer, C, inner] (inner = 1: the classes
 * are contiguous), in SIMD WebAssembly on the tfjs wasm backend's own memory (imported; x and out
 * are byte offsets into it). The math of model.ts's shiftedExp, in one kernel: per line,
 * shifted = x - max, t = exp(shifted), others = sum of t over the entries below the max,
 * ties = how many entries equal it, excess = others + (ties - 1); then
 * softmax = t / (excess + 1), logSoftmax = shifted - log1p(excess).
 * softmax-scalar.ts is the same without SIMD, for engines (and tfjs builds) without it.
 */
const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693145751953125; // ln 2 to 16 bits: n LN2_HI is exact for |n| < 2^8
const LN2_LO: f32 = 1.42860677e-6;

/**
 * exp on four lanes (x clamped to [-104, 88.7], where exp is 0 or overflows in float32 anyway):
 * x = n ln2 + r with |r| <= ln2 / 2 (Cody and Waite's two-part ln2), exp(r) by Cephes expf's
 * polynomial (about 1 ulp), times 2^n in two halves so that results below the normal range
 * round once, as subnormals.
 */
@inline function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-104)), f32x4.splat(88.72284));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.39819995e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.33345191e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.16657959e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.66666655e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.00000012e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

const NEG_INF = f32x4.splat(-Infinity);

/** Lanes 0 .. lanes - 1 from p, the rest -Infinity (which adds nothing to a line: exp(-inf) = 0). */
@inline function ld(p: usize, lanes: i32): v128 {
  if (lanes == 4) return v128.load(p);
  let x = NEG_INF;
  x = f32x4.replace_lane(x, 0, load<f32>(p));
  if (lanes > 1) x = f32x4.replace_lane(x, 1, load<f32>(p, 4));
  if (lanes > 2) x = f32x4.replace_lane(x, 2, load<f32>(p, 8));
  return x;
}

@inline function st(p: usize, x: v128, lanes: i32): void {
  if (lanes == 4) {
    v128.store(p, x);
    return;
  }
  store<f32>(p, f32x4.extract_lane(x, 0));
  if (lanes > 1) store<f32>(p, f32x4.extract_lane(x, 1), 4);
  if (lanes > 2) store<f32>(p, f32x4.extract_lane(x, 2), 8);
}

@inline function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
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
  for (let o = 0; o < outer; o++) {
    const xr = x + <usize>o * bytes;
    const yr = out + <usize>o * bytes;
    let mv = NEG_INF;
    for (let c = 0; c < C; c += 4) mv = f32x4.max(mv, ld(xr + (<usize>c << 2), min(C - c, 4)));
    const m = f32x4.splat(hmax(mv));
    let others = f32x4.splat(0);
    let ties = f32x4.splat(0);
    for (let c = 0; c < C; c += 4) {
      const lanes = min(C - c, 4);
      const shifted = f32x4.sub(ld(xr + (<usize>c << 2), lanes), m);
      const t = exp4(shifted);
      others = f32x4.add(others, v128.andnot(t, atMax(shifted)));
      ties = f32x4.add(ties, v128.and(f32x4.splat(1), atMax(shifted)));
      if (!log) st(yr + (<usize>c << 2), t, lanes);
    }
    const excess = hsum(others) + (hsum(ties) - 1);
    if (log) {
      const lg = f32x4.splat(Mathf.log1p(excess));
      for (let c = 0; c < C; c += 4) {
        const lanes = min(C - c, 4);
        st(yr + (<usize>c << 2), f32x4.sub(f32x4.sub(ld(xr + (<usize>c << 2), lanes), m), lg), lanes);
      }
    } else {
      const d = f32x4.splat(excess + 1);
      for (let c = 0; c < C; c += 4) {
        const lanes = min(C - c, 4);
        st(yr + (<usize>c << 2), f32x4.div(ld(yr + (<usize>c << 2), lanes), d), lanes);
      }
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
      for (let c = 0; c < C; c++) m = f32x4.max(m, ld(xr + <usize>c * step, lanes));
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
