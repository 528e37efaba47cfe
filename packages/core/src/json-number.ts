import { checkValues } from './check-tensor.js';
import { checkNumber } from './check.js';
import { InvalidArgumentError } from './errors.js';

/** A number as written in a fixture or report: JSON numbers, plus the four special values as strings. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

/**
 * Encode a float64 so that it reads back bit-identically: JSON's number syntax already
 * round-trips every finite double (shortest representation) except -0, which it drops.
 */
export function encodeNumber(x: number): JsonNumber {
  checkNumber('x', x);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return x;
}

export function decodeNumber(x: unknown, argument = 'value'): number {
  if (typeof x === 'number') return x;
  switch (x) {
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case '-0':
      return -0;
    default:
      throw new InvalidArgumentError(argument, x, 'must be a number or one of "NaN", "Infinity", "-Infinity", "-0"');
  }
}

export const encodeNumbers = (values: ArrayLike<number>): JsonNumber[] => Array.from(checkValues('values', values), encodeNumber);
