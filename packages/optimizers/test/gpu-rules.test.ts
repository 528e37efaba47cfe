/**
 * The GPU kernels' formulas (gpu-rules.ts, emitted as GLSL and WGSL) against the cpu loops
 * (cpu-rules.ts), for every rule and profile: evaluated here in double precision, each output's
 * program must give what the cpu kernel stores, read only the inputs and uniforms it names, and
 * be keyed on the shape of its formulas, never on the step's numbers (nor the shaders' code). (The shaders themselves run
 * in the conformance suite on webgl2, webgl1, webgl-f16 and webgpu.)
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '@dlspec/core';
import { resolveConfig, type Slot } from '../src/config.js';
import { fusedAttrs } from '../src/fused/attrs.js';
import { runCpuRule } from '../src/fused/cpu-rules.js';
import { emit, formulasFor, uniformValues, type Formulas } from '../src/fused/gpu-rules.js';
import { stepScalars } from '../src/scalars.js';
import { programFor as webglProgram } from '../src/fused/webgl.js';
import { programFor as webgpuProgram } from '../src/fused/webgpu.js';
import { ADDED_CONFIGS, CONFIGS } from './configs.js';

const random = createRandom(11);
const n = 16;
/** Normal values; a slot of squares (s, d) positive, the centered mean gradient mg small enough that s - mg^2 stays positive. */
const data = (slot = '') =>
  Float32Array.from({ length: n }, () => (slot === 's' || slot === 'd' ? 0.5 + Math.abs(random.normal()) : slot === 'mg' ? 0.1 * random.normal() : random.normal()));

/** One output's formulas as a JavaScript function of its inputs and uniforms, through the same emitter as the shaders. */
function evaluate(f: Formulas, output: string, inputs: Record<string, number>, uniforms: number[]): number {
  const body = emit(
    f,
    (local, input) => `const ${local} = inputs.${input.charAt(0).toLowerCase() + input.slice(1)};`,
    (local, expr) => `const ${local} = ${expr};`,
    (u) => `uniforms[${f.uniforms.indexOf(u)}]`,
  );
  return new Function('inputs', 'uniforms', 'sqrt', 'max', 'abs', `${body}\nreturn l_${output}New;`)(inputs, uniforms, Math.sqrt, Math.max, Math.abs);
}

describe('the GPU formulas', () => {
  for (const [name, config] of [...CONFIGS, ...ADDED_CONFIGS]) {
    it(`${name}: every output as the cpu loop computes it, from only what it reads`, () => {
      const c = resolveConfig(config);
      const a = fusedAttrs(c, stepScalars(c, 0.01, 4));
      const [w, g] = [data(), data()];
      const st = Object.fromEntries(a.slots.map((s) => [s, data(s)])) as Record<Slot, Float32Array>;
      const wOut = new Float32Array(n);
      const out = Object.fromEntries(a.slots.map((s) => [s, new Float32Array(n)])) as Record<Slot, Float32Array>;
      runCpuRule(a, w, g, st, wOut, out);
      for (const output of ['w', ...a.slots] as ('w' | Slot)[]) {
        const f = formulasFor(a, output);
        const want = output === 'w' ? wOut : out[output];
        for (let i = 0; i < n; i++) {
          const inputs: Record<string, number | undefined> = { w: w[i], g: g[i], ...Object.fromEntries(a.slots.map((s) => [s, st[s][i]])) };
          // Only what the formulas name is given: an input or uniform read but not declared is undefined, hence NaN.
          const read = Object.fromEntries(f.inputs.map((x) => [x, inputs[x]]));
          const got = Math.fround(evaluate(f, output, read as Record<string, number>, uniformValues(f, a)));
          // The cpu loop rounds the L2-fed gradient to float32; the formulas keep it in the shader's precision.
          const ulps = a.wd !== 0 ? 8 : 1;
          expect(Math.abs(got - (want[i] as number)), `${output}[${i}]: ${got} vs ${want[i]}`).toBeLessThanOrEqual(ulps * 2 ** -23 * Math.max(Math.abs(want[i] as number), 1e-30));
        }
        expect(f.key, 'no number in the key').not.toMatch(/\d\.\d|e-/);
      }
    });
  }

  it('compiles once for every step: the GLSL and WGSL of step 1 and step 50 are the same code, with no number of the step in it', () => {
    for (const [, config] of [...CONFIGS, ...ADDED_CONFIGS]) {
      const c = resolveConfig(config);
      const [first, later] = [fusedAttrs(c, stepScalars(c, 0.01, 1)), fusedAttrs(c, stepScalars(c, 0.002, 50))];
      for (const output of ['w', ...first.slots] as ('w' | Slot)[]) {
        for (const packed of [true, false]) {
          const glsl = webglProgram(formulasFor(first, output), output, [3, 5], packed).userCode;
          expect(webglProgram(formulasFor(later, output), output, [3, 5], packed).userCode).toBe(glsl);
          expect(glsl).not.toMatch(/\d\.\d|\de-/);
        }
        const wgsl = webgpuProgram(formulasFor(first, output), output, [3, 5]);
        expect(webgpuProgram(formulasFor(later, output), output, [3, 5]).getUserCode()).toBe(wgsl.getUserCode());
        expect(wgsl.getUserCode() + wgsl.shaderKey).not.toMatch(/\d\.\d|\de-/);
      }
    }
  });

  it('prunes each output to what it needs: Adam v reads g and v with b1 and 1 - b1 only', () => {
    const c = resolveConfig({ optimizer: 'adam', learningRate: 0.01 });
    const a = fusedAttrs(c, stepScalars(c, 0.01, 1));
    expect(formulasFor(a, 'v')).toMatchObject({ inputs: ['g', 'v'], uniforms: ['b1', 'c1'] });
    expect(formulasFor(a, 'w').inputs).toEqual(['w', 'g', 'v', 's']);
    // The same program for every step: the key and the uniforms' names do not move with t or alpha.
    const later = fusedAttrs(c, stepScalars(c, 0.002, 50));
    expect(formulasFor(later, 'w')).toEqual(formulasFor(a, 'w'));
    expect(uniformValues(formulasFor(later, 'w'), later)).not.toEqual(uniformValues(formulasFor(a, 'w'), a));
  });
});
