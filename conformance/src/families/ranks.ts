/**
 * Rank coverage (issue 12): every op that takes N-D input runs at each rank from its lowest to
 * MAX_RANK. A backend that refuses a rank throws its own message, which the runner reports as a
 * skip (worker/rank-refusal.ts); one that accepts a rank and computes wrong values fails.
 */

/**
 * The highest rank the rank cases reach. tfjs's cpu backend takes any rank, so "the highest any
 * backend accepts" has no end; 8 is two above where the others stop (the webgl and webgpu shaders
 * index at most 6 dimensions, wasm's XNNPACK binary ops 6, webgpu's where 4, tfjs-layers'
 * batchNormalization 4), so each refusal shows as a skip with its message and a wrong answer at
 * rank 7 is seen again at 8.
 */
export const MAX_RANK = 8;

/** The ranks from `lowest` to MAX_RANK. */
export const ranksFrom = (lowest: number): number[] => Array.from({ length: MAX_RANK - lowest + 1 }, (_, k) => lowest + k);

/**
 * A small shape of rank r whose last axis (the classes or features) has `last` entries: dims
 * alternate 2 and 3, so every axis has more than one entry and sizes stay below 2000.
 */
export const rankShape = (r: number, last = 4): number[] => Array.from({ length: r }, (_, k) => (k === r - 1 ? last : k % 2 === 0 ? 2 : 3));
