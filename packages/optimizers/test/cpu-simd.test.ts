/**
 * The cpu fused kernel's two paths on arrays that span several blocks of the scratch memory (and
 * end in a partial group of four): the SIMD rules run block by block (cpu-simd.ts) and the
 * JavaScript loops used where the engine has no SIMD WebAssembly (cpu-rules.ts) agree within the
 * float32 op tolerance at every element, in place or into other arrays, and leave their inputs be.
 */
import { describe, expect, it } from 'vitest';
import { compareValues, createRandom, TIERS } from '@dlspec/core';
import { resolveConfig, slotsOf, type Slot } from '../src/config.js';
import { fusedAttrs } from '../src/fused/attrs.js';
import { runCpuRule } from '../src/fused/cpu-rules.js';
import { runSimdRule, scratchFor } from '../src/fused/cpu-simd.js';
import { FUSED_WASM_BASE64 } from '../src/fused/wasm-bytes.js';
import type { FusedExports } from '../src/fused/wasm-rules.js';
import { stepScalars } from '../src/scalars.js';
import { ADDED_CONFIGS, CONFIGS } from './configs.js';

const n = 16384 + 7;
const random = createRandom(11);
const arrayOf = (f: () => number) => Float32Array.from({ length: n }, f);
const module = new WebAssembly.Module(Uint8Array.from(atob(FUSED_WASM_BASE64), (c) => c.charCodeAt(0)));
const scratch = scratchFor(async (memory) => (await WebAssembly.instantiate(module, { env: { memory } })).exports as unknown as FusedExports);

describe(`the cpu fused kernel's SIMD blocks and JavaScript loops, n = ${n}`, () => {
  for (const [name, config] of [...CONFIGS, ...ADDED_CONFIGS]) {
    it(`${name}: one step at t = 3 agrees, in place or not`, async () => {
      const c = resolveConfig(config);
      const a = fusedAttrs(c, stepScalars(c, c.learningRate, 3));
      const [w, g] = [arrayOf(() => random.normal()), arrayOf(() => random.normal())];
      // Slots as a few steps leave them: s and d (squares) positive, the rest of either sign; s above
      // mg^2 (centered RMSprop's s - mg^2 is a variance) with room, so that no cancellation magnifies rounding.
      const st = Object.fromEntries(slotsOf(c).map((slot) => [slot, arrayOf(() => (['s', 'd'].includes(slot) ? 0.01 + random.normal() ** 2 : 0.01 * random.normal()))]));
      const copy = (x: Partial<Record<Slot, Float32Array>>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v.slice()]));
      const inputs = [w.slice(), g.slice(), copy(st)] as const;

      const [jsW, jsOut] = [new Float32Array(n), copy(st)];
      runCpuRule(a, w, g, st, jsW, jsOut);
      const [simdW, simdOut] = [new Float32Array(n), Object.fromEntries(slotsOf(c).map((s) => [s, new Float32Array(n)]))];
      runSimdRule(await scratch, a, w, g, st, simdW, simdOut);
      expect([w, g, st]).toEqual(inputs);
      const inPlace = copy(st);
      const inPlaceW = new Float32Array(n);
      runSimdRule(await scratch, a, w, g, inPlace, inPlaceW, inPlace);
      expect([inPlaceW, inPlace]).toEqual([simdW, simdOut]);

      for (const [key, got, want] of [['W', simdW, jsW], ...slotsOf(c).map((s) => [s, simdOut[s], jsOut[s]] as const)] as const) {
        const cmp = compareValues(Array.from(got as Float32Array), Array.from(want as Float32Array), TIERS['f32-op']);
        expect(cmp.pass, `${key}: ${JSON.stringify(cmp.worst)}`).toBe(true);
      }
    });
  }
});
