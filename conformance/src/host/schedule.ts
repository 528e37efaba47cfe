/**
 * The order the matrix starts its backends in: longest first (by cost), ties in the given order,
 * so that with a few jobs the short backends fill in at the end instead of a long one starting last.
 */
export function longestFirst<T>(items: readonly T[], cost: (item: T) => number): number[] {
  return items.map((_, i) => i).sort((a, b) => cost(items[b] as T) - cost(items[a] as T) || a - b);
}
