import { float32Array, type Random, type Tensor64 } from '@dlspec/core';

/** Inputs are float32-exact (SPEC section 3): every drawn value is rounded to float32. */
export function normal32(random: Random, shape: readonly number[], scale = 1, offset = 0): Tensor64 {
  const n = shape.reduce((a, d) => a * d, 1);
  return { shape: [...shape], data: float32Array(Array.from({ length: n }, () => offset + scale * random.normal())) };
}

export function given(shape: readonly number[], data: readonly number[]): Tensor64 {
  return { shape: [...shape], data: float32Array(data) };
}

/** One-hot rows [m, C] with classes drawn uniformly. */
export function oneHot(random: Random, m: number, C: number): Tensor64 {
  const data = new Float64Array(m * C);
  for (let i = 0; i < m; i++) data[i * C + random.int(0, C - 1)] = 1;
  return { shape: [m, C], data };
}

/** Soft label rows [m, C]: positive multiples of 1/8 summing to 1, exact in float32. */
export function softLabels(random: Random, m: number, C: number): Tensor64 {
  const data = new Float64Array(m * C);
  for (let i = 0; i < m; i++) for (let k = 0; k < 8; k++) {
      const j = i * C + random.int(0, C - 1);
      data[j] = (data[j] ?? 0) + 1 / 8;
    }
  return { shape: [m, C], data };
}

/** Replace the entries of z where mask is true by `value` (e.g. -1e9 or -Infinity). */
export function masked(z: Tensor64, value: number, mask: (index: number) => boolean): Tensor64 {
  return { shape: z.shape, data: z.data.map((v, i) => (mask(i) ? Math.fround(value) : v)) };
}
