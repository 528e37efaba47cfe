/**
 * A backend (or tfjs itself) refusing a tensor rank it does not implement, told apart from any
 * other error by its own message. tfjs 4.22 words every such refusal in one of a few ways:
 * "GPU for rank 7 is not yet supported" (the webgl and webgpu shader compilers; likewise
 * Transpose, Slicing, Tile, Where, Cumulative), "batchNormalization is not implemented for array
 * of rank 5 yet" (tfjs-layers), "Reverse of rank-7 tensor is not yet supported", "Gradient for tile
 * operation is not implemented for rank-7 tensors yet", "7-D input sampling is not yet supported"
 * (webgl). The runner reports such a refusal as a
 * skip carrying the message; any other error stays an error, and so does a refusal of a rank up to
 * PORTABLE_RANK, which every tfjs op documents (tf.batchNorm's 2d, 3d and 4d forms, for one).
 */
export const PORTABLE_RANK = 4;

const PATTERNS = [
  /\bfor rank[- ]?(\d+) is not yet supported/i,
  /\bnot (?:yet )?implemented for (?:an? )?(?:array|tensors?) of rank[- ]?(\d+)/i,
  /\brank-(\d+) tensors? (?:is|are) not yet supported/i,
  /\bnot (?:yet )?implemented for rank-(\d+) tensors?/i,
  /\b(\d+)-D (?:input|output) sampling is not yet supported/i,
];

/** The rank a thrown error says is not supported, or null when it is not such a refusal (or names a portable rank). */
export function refusedRank(error: unknown): number | null {
  const message = error instanceof Error ? error.message : String(error);
  for (const pattern of PATTERNS) {
    const match = pattern.exec(message);
    if (match) {
      const rank = Number(match[1]);
      return rank > PORTABLE_RANK ? rank : null;
    }
  }
  return null;
}
