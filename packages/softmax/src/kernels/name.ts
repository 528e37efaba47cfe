/**
 * The fused softmax kernel: softmax or logSoftmax (attr `log`) of x along axis 1 of its lines view,
 * [outer, C] or [outer, C, inner], with model.ts's shiftedExp math in one kernel per backend.
 */
export const SOFTMAX_KERNEL = 'DlspecSoftmaxLines';

export interface SoftmaxKernelAttrs {
  readonly log: boolean;
}

/** What the kernels read of their input. */
export interface Info {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: string;
}

/** outer, C and inner of a lines view ([outer, C] has inner 1). */
export const linesOf = (shape: readonly number[]): [number, number, number] => [shape[0] as number, shape[1] as number, (shape[2] ?? 1) as number];

/**
 * log1p in the shaders (GLSL and WGSL have none), for the excess x >= 0 of a line: with u = 1 + x,
 * log(u) x / (u - 1) is exact to a few float32 roundings for small x, where log(u) alone would
 * lose x's digits below u's ulp (u's rounding error cancels in the quotient: Goldberg, "What every
 * computer scientist should know about floating-point arithmetic", theorem 4); x itself when u
 * rounds to 1.
 */
export const log1pExpression = (x: string, u: string) => `(${u} == 1.0 ? ${x} : log(${u}) * ${x} / (${u} - 1.0))`;
