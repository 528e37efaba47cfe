/**
 * Argument checks shared by every package: each throws an InvalidArgumentError naming the argument
 * and the value, and returns the value (narrowed) when it is good. A number check refuses anything
 * that is not a number (a string, undefined ...) as well as NaN.
 */
import { InvalidArgumentError } from './errors.js';

const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);

/** A finite number > 0 (a learning rate, an epsilon that must not vanish, a step ...). */
export function checkPositive(argument: string, value: unknown): number {
  if (!isNumber(value) || !(value > 0) || !Number.isFinite(value)) throw new InvalidArgumentError(argument, value, 'must be a finite number > 0');
  return value;
}

/** A finite number >= 0. */
export function checkNonNegative(argument: string, value: unknown): number {
  if (!isNumber(value) || !(value >= 0) || !Number.isFinite(value)) throw new InvalidArgumentError(argument, value, 'must be a finite number >= 0');
  return value;
}

/** Any finite number. */
export function checkFinite(argument: string, value: unknown): number {
  if (!isNumber(value) || !Number.isFinite(value)) throw new InvalidArgumentError(argument, value, 'must be a finite number');
  return value;
}

/** A number, NaN and the infinities included (data values, not hyperparameters). */
export function checkNumber(argument: string, value: unknown): number {
  if (typeof value !== 'number') throw new InvalidArgumentError(argument, value, 'must be a number');
  return value;
}

export interface Interval {
  readonly low: number;
  readonly high: number;
  /** Exclude the low end: (low, ... */
  readonly lowOpen?: boolean;
  /** Exclude the high end: ..., high) */
  readonly highOpen?: boolean;
}

/** The smallest normal float32: below it float32 keeps fewer than 24 significant bits. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

/**
 * A hyperparameter of a tfjs model, which computes in float32: 0, or a float32 in the normal range
 * (1.2e-38 to 3.4e38 in magnitude). 1e39 would become Infinity there, 1e-46 a zero epsilon, and
 * 7e-46 twice itself.
 */
export function checkFloat32(argument: string, value: number): number {
  const rounded = Math.fround(value);
  if (value !== 0 && !(Number.isFinite(rounded) && Math.abs(rounded) >= FLOAT32_MIN_NORMAL)) {
    throw new InvalidArgumentError(argument, value, `must be 0 or between 1.2e-38 and 3.4e38 in magnitude, as float32 holds it where the tfjs models compute (it rounds to ${rounded})`);
  }
  return value;
}

/** A number in an interval such as [0, 1] or [0, 1), written as such in the message. */
export function checkInterval(argument: string, value: unknown, { low, high, lowOpen = false, highOpen = false }: Interval): number {
  const inside = isNumber(value) && (lowOpen ? value > low : value >= low) && (highOpen ? value < high : value <= high);
  if (!inside) throw new InvalidArgumentError(argument, value, `must be in ${lowOpen ? '(' : '['}${low}, ${high}${highOpen ? ')' : ']'}`);
  return value;
}

/** An integer >= 1 (a count of steps, trials, features ...). */
export function checkPositiveInteger(argument: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new InvalidArgumentError(argument, value, 'must be a positive integer');
  return value as number;
}

/** An integer >= min, with the reason for the bound when it is not obvious (`epochs count from 1`). */
export function checkIntegerAtLeast(argument: string, value: unknown, min: number, why?: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new InvalidArgumentError(argument, value, `must be an integer >= ${min}${why ? ` (${why})` : ''}`);
  }
  return value as number;
}

/** A safe integer (a seed, an integer bound). */
export function checkInteger(argument: string, value: unknown): number {
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(argument, value, 'must be an integer');
  return value as number;
}

/** One of a fixed list of names: "must be a or b", "must be one of a, b, c". */
export function checkOneOf<T extends string>(argument: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidArgumentError(argument, value, allowed.length === 2 ? `must be ${allowed[0]} or ${allowed[1]}` : `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function checkBoolean(argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, value, 'must be true or false');
  return value;
}

export function checkString(argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidArgumentError(argument, value, 'must be a non-empty string');
  return value;
}

export function checkFunction<F extends (...args: never[]) => unknown>(argument: string, value: unknown): F {
  if (typeof value !== 'function') throw new InvalidArgumentError(argument, value, 'must be a function');
  return value as F;
}

/** A plain object of options or settings (not null, not an array). */
export function checkObject<T extends object>(argument: string, value: unknown): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(argument, value, 'must be an object');
  return value as T;
}

export function checkArray<T>(argument: string, value: unknown): readonly T[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(argument, value, 'must be an array');
  return value as readonly T[];
}

/** No item twice (by identity, or by `key`): names the later one and the earlier one it repeats. */
export function checkNoRepeats<T>(argument: string, items: readonly T[], key: (item: T) => unknown = (item) => item): void {
  const seen = new Map<unknown, number>();
  items.forEach((item, j) => {
    const k = key(item);
    const i = seen.get(k);
    if (i !== undefined) throw new InvalidArgumentError(`${argument}[${j}]`, item, `must not repeat ${argument}[${i}]`);
    seen.set(k, j);
  });
}
