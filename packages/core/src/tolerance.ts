import { checkNonNegative, checkObject } from './check.js';
import { InvalidArgumentError } from './errors.js';

/** The tiers of SPEC section 4. */
export const TIERS = {
  /** Bit-identical: integers, seeded sequences, counts. */
  exact: { rtol: 0, atol: 0 },
  /** One float32 kernel. */
  'f32-op': { rtol: 1e-5, atol: 1e-6 },
  /** Many float32 steps: rounding accumulates along a trajectory. */
  'f32-trajectory': { rtol: 1e-4, atol: 1e-5 },
  /** Backends that store float16 (11-bit significand: one rounding alone is ~4.9e-4 relative). */
  f16: { rtol: 1e-2, atol: 1e-3 },
} as const;

export type TierName = keyof typeof TIERS;

export interface Bounds {
  readonly rtol: number;
  readonly atol: number;
}

/** A fixture's tolerance: a tier name, or explicit bounds with the reason they are what they are. */
export type Tolerance = TierName | { readonly rtol: number; readonly atol: number; readonly reason: string };

export interface ResolvedTolerance extends Bounds {
  /** The tier name, or "custom". */
  readonly tier: TierName | 'custom';
  readonly reason?: string;
}

/** { rtol, atol }, both finite and >= 0. */
export function checkBounds(argument: string, bounds: unknown): Bounds {
  checkObject(argument, bounds);
  for (const key of ['rtol', 'atol'] as const) checkNonNegative(`${argument}.${key}`, (bounds as Bounds)[key]);
  return bounds as Bounds;
}

export function isTierName(name: unknown): name is TierName {
  return typeof name === 'string' && Object.hasOwn(TIERS, name);
}

export function resolveTolerance(tolerance: Tolerance): ResolvedTolerance {
  if (typeof tolerance === 'string') {
    if (!isTierName(tolerance)) {
      throw new InvalidArgumentError('tolerance', tolerance, `must be one of ${Object.keys(TIERS).join(', ')} or {rtol, atol, reason}`);
    }
    return { tier: tolerance, ...TIERS[tolerance] };
  }
  if (typeof tolerance !== 'object' || tolerance === null) {
    throw new InvalidArgumentError('tolerance', tolerance, `must be one of ${Object.keys(TIERS).join(', ')} or {rtol, atol, reason}`);
  }
  for (const key of ['rtol', 'atol'] as const) checkNonNegative(`tolerance.${key}`, tolerance[key]);
  if (typeof tolerance.reason !== 'string' || !tolerance.reason.trim()) throw new InvalidArgumentError('tolerance.reason', tolerance.reason, 'must say why explicit bounds are needed');
  return { tier: 'custom', rtol: tolerance.rtol, atol: tolerance.atol, reason: tolerance.reason };
}

/**
 * The tolerance that applies on a backend that stores values in `precision` bits: a float16
 * backend cannot meet a float32 tier, so the f16 tier replaces any tighter float32 one
 * (SPEC section 4). Exact stays exact: integers below 2048 are exact in float16 too.
 */
export function toleranceForPrecision(tolerance: ResolvedTolerance, precision: 16 | 32): ResolvedTolerance {
  checkBounds('tolerance', tolerance);
  if (precision !== 16 && precision !== 32) throw new InvalidArgumentError('precision', precision, 'must be 16 or 32 (bits of the stored floats)');
  if (precision === 32 || tolerance.tier === 'exact') return tolerance;
  const f16 = TIERS.f16;
  if (tolerance.rtol >= f16.rtol && tolerance.atol >= f16.atol) return tolerance;
  return { tier: 'f16', rtol: Math.max(f16.rtol, tolerance.rtol), atol: Math.max(f16.atol, tolerance.atol) };
}
