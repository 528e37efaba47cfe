import prand from 'pure-rand';
import { checkFinite, checkInteger } from './check.js';
import { InvalidArgumentError } from './errors.js';

/**
 * Seeded random numbers: xoroshiro128+ from pure-rand, so the same seed gives the same
 * sequence in every process and on every platform (no Math.random anywhere).
 */
export interface Random {
  /** Uniform float64 in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform in [low, high). */
  uniformIn(low: number, high: number): number;
  /** Standard normal (Box-Muller on two uniforms). */
  normal(): number;
  /** Integer in [low, high], both ends inclusive, without modulo bias. */
  int(low: number, high: number): number;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError('seed', seed, 'must be a safe integer');
  const rng = prand.xoroshiro128plus(seed);
  const next32 = (): number => rng.unsafeNext() >>> 0;
  const uniform = (): number => ((next32() >>> 5) * TWO_POW_26 + (next32() >>> 6)) / TWO_POW_53;
  return {
    uniform,
    uniformIn: (low, high) => {
      checkFinite('low', low);
      checkFinite('high', high);
      if (!(low <= high) || !Number.isFinite(high - low)) throw new InvalidArgumentError('low', low, `must be at most high (${high}), with a finite width`);
      return low + (high - low) * uniform();
    },
    normal: () => {
      const u1 = 1 - uniform(); // (0, 1], so log is finite
      const u2 = uniform();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    int: (low, high) => {
      checkInteger('low', low);
      checkInteger('high', high);
      if (!(low <= high)) throw new InvalidArgumentError('low', low, `must be at most high (${high})`);
      return prand.unsafeUniformIntDistribution(low, high, rng);
    },
  };
}
