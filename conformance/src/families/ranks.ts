/**
 * Rank coverage (issue 12): every op that takes N-D input runs at each rank from its lowest to
 * MAX_RANK. A backend that refuses a rank throws its own message, which the runner reports as a
 * skip (worker/rank-refusal.ts); one that accepts a rank and computes wrong values fails.
 */

/**
 * The highest rank the rank cases reach: one above the highest any tfjs 4.22 backend accepts for
 * these ops (6: webgl's and webgpu's shaders index at most 6 dimensions), so every backend's
 * refusal of rank 7 shows as a skip with its message, while cpu and wasm run it.
 */
export const MAX_RANK = 8;

/** The ranks from `lowest` to MAX_RANK. */
export const ranksFrom = (lowest: number): number[] => Array.from({ length: MAX_RANK - lowest + 1 }, (_, k) => lowest + k);

/**
 * A small shape of rank r whose last axis (the classes or features) has `last` entries: dims
 * alternate 2 and 3, so every axis has more than one entry and sizes stay below 2000.
 */
export const rankShape = (r: number, last = 4): number[] => Array.from({ length: r }, (_, k) => (k === r - 1 ? last : k % 2 === 0 ? 2 : 3));
