/** Building blocks of op param schemas: zod numbers (finite by default in zod 4) with the ranges the specs need. */
import { z } from 'zod';

/** Any finite number. */
export const real = () => z.number();
/** A finite number > 0. */
export const positive = () => z.number().gt(0);
/** A finite number >= 0. */
export const nonNegative = () => z.number().min(0);
/** A decay or momentum coefficient in [0, 1). */
export const unitInterval = () => z.number().min(0).lt(1);
/** A count >= 1. */
export const count = () => z.number().int().min(1);
/** An axis: negative counts from the end, as in tfjs and NumPy. */
export const axis = () => z.number().int();

/**
 * The given keys of parsed params, leaving out those that are undefined (an optional param not
 * given), so the result fits types with optional keys under exactOptionalPropertyTypes.
 */
export function definedParams<T extends object, K extends keyof T>(params: T, keys: readonly K[]): { [Q in K]?: Exclude<T[Q], undefined> } {
  const out: { [Q in K]?: Exclude<T[Q], undefined> } = {};
  for (const key of keys) if (params[key] !== undefined) out[key] = params[key] as Exclude<T[K], undefined>;
  return out;
}
