/**
 * Partial SIMD loads and stores for the AssemblyScript kernels (optimizers' fused steps, softmax):
 * lanes is 4 everywhere but an array's last group of 1-3 float32s, whose missing lanes a load
 * fills with `fill` (what adds nothing to the kernel's reduction) and a store leaves alone.
 * Imported by relative path: asc compiles it into each module, nothing of it ships in core.
 */
@inline export function ldLanes(p: usize, lanes: i32, fill: v128): v128 {
  if (lanes == 4) return v128.load(p);
  let x = fill;
  x = f32x4.replace_lane(x, 0, load<f32>(p));
  if (lanes > 1) x = f32x4.replace_lane(x, 1, load<f32>(p, 4));
  if (lanes > 2) x = f32x4.replace_lane(x, 2, load<f32>(p, 8));
  return x;
}

@inline export function stLanes(p: usize, x: v128, lanes: i32): void {
  if (lanes == 4) {
    v128.store(p, x);
    return;
  }
  store<f32>(p, f32x4.extract_lane(x, 0));
  if (lanes > 1) store<f32>(p, f32x4.extract_lane(x, 1), 4);
  if (lanes > 2) store<f32>(p, f32x4.extract_lane(x, 2), 8);
}
