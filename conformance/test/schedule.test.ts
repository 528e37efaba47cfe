import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/backends/index.js';
import { longestFirst } from '../src/host/schedule.js';

describe('longestFirst', () => {
  it('starts the costliest backends first and keeps the given order among equals', () => {
    const names = longestFirst(BACKENDS, (b) => b.cost ?? 1).map((i) => BACKENDS[i]!.name);
    expect(names).toEqual(['webgl2', 'webgl1', 'webgl-f16', 'webgpu', 'cpu', 'wasm', 'wasm-nosimd', 'tensorflow']);
  });

  it('gives every index once, for any costs', () => {
    const costs = [3, 1, 3, 2, 0];
    expect(longestFirst(costs, (c) => c)).toEqual([0, 2, 3, 1, 4]);
    expect(longestFirst([], () => 1)).toEqual([]);
  });
});
