/**
 * The lecture's sampling scales. Each distribution maps u in [0, 1) to a value, increasing in u
 * (SPEC section 3, sample_transform), so the same uniform numbers give the same samples anywhere:
 *   uniform              low + u (high - low)
 *   logUniform           10^(log10 low + u (log10 high - log10 low))       (alpha in [1e-4, 1]: r = -4 rand())
 *   reverseLogUniform    1 - 10^(log10(1 - low) + u (log10(1 - high) - log10(1 - low)))   (beta in [0.9, 0.999])
 *   intUniform           low + floor(u (high - low + 1)), both ends inclusive
 *   quantized(d, q)      q round(d(u) / q), kept inside d's range
 *   choice(values)       values[floor(u n)]
 */
import { exp10 } from './exp10.js';
import log10 from '@stdlib/math-base-special-log10';
import { checkArray, checkFinite, checkFunction, checkInteger, checkInterval, checkNoRepeats, checkNumber, checkPositive, InvalidArgumentError, type Random } from '@dlspec/core';

// The log scales use stdlib's exp10 (bit for bit, in ./exp10.ts) and log10 (ports of Cephes and
// FreeBSD msun built from +, -, *, / only), not Math.pow / 10 ** r / Math.log10: JavaScript engines implement those differently (Node 20 and
// Chromium 156 disagree on ~10% of arguments in the last bit), and a seeded search must give the
// same trials on every platform.

export type Kind = 'uniform' | 'log_uniform' | 'reverse_log_uniform' | 'int_uniform' | 'quantized' | 'choice';

export interface Distribution<T = number> {
  readonly kind: Kind;
  /** The value at u in [0, 1), increasing in u. */
  transform(u: number): T;
  sample(random: Random): T;
  /** P(X <= x): the exact CDF (numeric distributions). */
  cdf(x: T): number;
  /** Plain data for records and fixtures. */
  describe(): Record<string, unknown>;
}

export interface Continuous extends Distribution<number> {
  readonly low: number;
  readonly high: number;
}

const U_MAX = 1 - 2 ** -53;
const U_INTERVAL = { low: 0, high: 1, highOpen: true } as const;
// checkU and checkRandom run at every draw: the good case is decided inline by the same tests
// (typeof, comparisons; NaN fails them) and only a value that fails goes on to the check that throws.
/** u in [0, 1), named `argument`. */
export const checkU = (u: number, argument = 'u'): number => (typeof u === 'number' && u >= 0 && u < 1 ? u : checkInterval(argument, u, U_INTERVAL));

/** A Random (createRandom's): the uniform numbers a sample is drawn from. */
export const checkRandom = (random: Random): Random => {
  if (typeof random === 'object' && random !== null && typeof random.uniform === 'function') return random;
  if (typeof random !== 'object' || random === null) throw new InvalidArgumentError('random', random, 'must be a Random (createRandom)');
  checkFunction('random.uniform', random.uniform);
  return random;
};

/** A value x to take the CDF at: a number other than NaN. */
const checkX = (x: number): number => {
  if (Number.isNaN(checkNumber('x', x))) throw new InvalidArgumentError('x', x, 'must be a number other than NaN');
  return x;
};

function checkBounds(low: number, high: number): void {
  checkFinite('low', low);
  checkFinite('high', high);
  if (!(low < high)) throw new InvalidArgumentError('low', low, `must be below high (${high})`);
  if (!Number.isFinite(high - low)) throw new InvalidArgumentError('high', high, `must lie within a finite distance of low (${low})`);
}

/** Draw from a distribution: its transform of a uniform from `random`. */
const sampler = <T>(transform: (u: number) => T) => (random: Random): T => transform(checkRandom(random).uniform());

/**
 * A distribution whose value is f(a + u (b - a)) for an increasing or decreasing exponent r. The
 * value is kept inside [low, high]: exp10 may round a hair past an end.
 */
function fromExponent(kind: Kind, low: number, high: number, a: number, b: number, value: (r: number) => number, exponentOf: (x: number) => number): Continuous {
  const clamp = (x: number) => Math.min(high, Math.max(low, x));
  const transform = (u: number) => clamp(value(a + checkU(u) * (b - a)));
  return {
    kind,
    low,
    high,
    transform,
    sample: sampler(transform),
    cdf: (x) => (checkX(x) <= low ? 0 : x >= high ? 1 : (exponentOf(x) - a) / (b - a)),
    describe: () => ({ distribution: kind, low, high }),
  };
}

export function uniform(low: number, high: number): Continuous {
  checkBounds(low, high);
  return fromExponent('uniform', low, high, low, high, (r) => r, (x) => x);
}

/** alpha = 10^r with r uniform between log10(low) and log10(high): as many samples in [1e-4, 1e-3] as in [0.1, 1]. */
export function logUniform(low: number, high: number): Continuous {
  checkBounds(low, high);
  if (!(low > 0)) throw new InvalidArgumentError('low', low, 'must be > 0 for a log scale');
  return fromExponent('log_uniform', low, high, log10(low), log10(high), exp10, log10);
}

/** beta = 1 - 10^r, r uniform between log10(1 - low) and log10(1 - high): fine steps near 1, where 1/(1 - beta) moves fast. */
export function reverseLogUniform(low: number, high: number): Continuous {
  checkBounds(low, high);
  if (!(low > 0 && high < 1)) throw new InvalidArgumentError(low > 0 ? 'high' : 'low', low > 0 ? high : low, 'must lie in (0, 1) for a reverse-log (beta) scale');
  return fromExponent('reverse_log_uniform', low, high, log10(1 - low), log10(1 - high), (r) => 1 - exp10(r), (x) => log10(1 - x));
}

/** Integers low..high, both ends inclusive, each with probability 1 / (high - low + 1). */
export function intUniform(low: number, high: number): Distribution<number> & { low: number; high: number } {
  checkInteger('low', low);
  checkInteger('high', high);
  if (!(low <= high)) throw new InvalidArgumentError('low', low, `must be at most high (${high})`);
  const n = high - low + 1;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('high', high, `must be within 2^53 - 2 of low (${low}), so the integers can be counted`);
  const transform = (u: number) => low + Math.min(n - 1, Math.floor(checkU(u) * n));
  return {
    kind: 'int_uniform',
    low,
    high,
    transform,
    sample: sampler(transform),
    cdf: (x) => (checkX(x) < low ? 0 : x >= high ? 1 : (Math.floor(x) - low + 1) / n),
    describe: () => ({ distribution: 'int_uniform', low, high }),
  };
}

/** q round(base / q), within the base's bounds (e.g. a mini-batch size in steps of 32). */
export function quantized(base: Continuous, q: number): Continuous {
  const CONTINUOUS: readonly Kind[] = ['uniform', 'log_uniform', 'reverse_log_uniform'];
  if (typeof base !== 'object' || base === null || !CONTINUOUS.includes(base.kind)) {
    throw new InvalidArgumentError('base', base, 'must be a continuous distribution (uniform, logUniform or reverseLogUniform)');
  }
  checkPositive('q', q);
  const lowest = Math.ceil(base.low / q) * q;
  const highest = Math.floor(base.high / q) * q;
  if (!(lowest <= highest) || !Number.isFinite(lowest) || !Number.isFinite(highest)) {
    throw new InvalidArgumentError('q', q, `leaves no multiple of q in [${base.low}, ${base.high}]`);
  }
  // floor(x / q + 1/2): the same rounding on tfjs ops (tf.round rounds halves to even).
  const snap = (x: number) => Math.min(highest, Math.max(lowest, q * Math.floor(x / q + 0.5)));
  const transform = (u: number) => snap(base.transform(u));
  return {
    kind: 'quantized',
    low: lowest,
    high: highest,
    transform,
    sample: sampler(transform),
    // P(snap(X) <= x): X below the midpoint to the next multiple of q.
    cdf: (x) => (checkX(x) < lowest ? 0 : x >= highest ? 1 : base.cdf(Math.min(base.high, q * Math.floor(x / q + 1e-12) + q / 2))),
    describe: () => ({ ...base.describe(), distribution: `quantized_${base.kind}`, q }),
  };
}

/** One of the values, each with probability 1/n. */
export function choice<T>(values: readonly T[]): Distribution<T> & { values: readonly T[] } {
  if (checkArray('values', values).length === 0) throw new InvalidArgumentError('values', values, 'must be a non-empty list');
  checkNoRepeats('values', values); // a repeated value would be drawn more often than the others
  values = [...values];
  const n = values.length;
  const transform = (u: number) => values[Math.min(n - 1, Math.floor(checkU(u) * n))] as T;
  const indexOf = (x: T) => {
    const i = values.indexOf(x);
    if (i < 0) throw new InvalidArgumentError('x', x, `must be one of the values (${values.map(String).join(', ')})`);
    return i;
  };
  return {
    kind: 'choice',
    values,
    transform,
    sample: sampler(transform),
    // P(X <= x) in the order the values were given.
    cdf: (x) => (indexOf(x) + 1) / n,
    describe: () => ({ distribution: 'choice', values }),
  };
}

/** The largest u a transform accepts (just below 1), for checking the upper end of a range. */
export const LAST_U = U_MAX;
