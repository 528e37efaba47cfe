import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/errors.js';
import { resolveTolerance, toleranceForPrecision } from '../src/tolerance.js';

describe('tolerance', () => {
  it('resolves tier names', () => {
    expect(resolveTolerance('f32-op')).toEqual({ tier: 'f32-op', rtol: 1e-5, atol: 1e-6 });
  });
  it('demands a reason for explicit bounds and names bad values', () => {
    expect(() => resolveTolerance({ rtol: 1e-3, atol: 0, reason: ' ' })).toThrow(InvalidArgumentError);
    expect(() => resolveTolerance({ rtol: -1, atol: 0, reason: 'x' })).toThrow(/tolerance.rtol/);
    expect(() => resolveTolerance('loose' as never)).toThrow(/"loose"/);
  });
  it('widens float32 tiers to f16 on half-float backends, but keeps exact', () => {
    expect(toleranceForPrecision(resolveTolerance('f32-op'), 16).tier).toBe('f16');
    expect(toleranceForPrecision(resolveTolerance('exact'), 16).tier).toBe('exact');
    expect(toleranceForPrecision(resolveTolerance('f32-op'), 32).tier).toBe('f32-op');
  });
});
