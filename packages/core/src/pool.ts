import { checkArray, checkFunction, checkPositiveInteger } from './check.js';

/** Run fn over items with at most `concurrency` calls in flight; results in the items' order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  checkArray('items', items);
  checkPositiveInteger('concurrency', concurrency);
  checkFunction('fn', fn);
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return results;
}
