/**
 * The main job, for real: every backend this machine has, started as the CLI starts it (Node
 * workers, Dawn on SwiftShader, Chromium pages for WebGL). On a machine without tfjs-node the
 * tensorflow backend must come out unavailable with its reason, never as a pass.
 */
import { describe, expect, it } from 'vitest';
import { runConformance, type Report } from '../dist/index.js';

const optional = (name: string) => import(name).then(() => true, () => false);
const tfjsNodeInstalled = (await optional('@tensorflow/tfjs-node')) || (await optional('@tensorflow/tfjs-node-gpu'));

describe('the conformance matrix on this machine', () => {
  let report: Report;
  it('runs every backend to a green result', async () => {
    report = await runConformance({ backends: ['all'], jobs: 2 });
    expect(report.families).toEqual(['batchnorm', 'optimizers', 'samplers', 'softmax']);
    const bad = report.backends.flatMap((b) => b.cases.filter((c) => ['fail', 'error', 'xpass'].includes(c.status)).map((c) => `${b.name} ${c.id} [${c.subject}] ${c.status}: ${c.message}`));
    expect(bad).toEqual([]);
    expect(report.summary.staleExpectations).toEqual([]);
    // "all" means every backend this machine can run: tensorflow unavailable here does not fail it.
    expect(report.summary).toMatchObject({ ok: true, exitCode: 0, notStarted: [] });
    // About five minutes alone on 2 cores (README, "Benchmarks"), longer beside the other test files.
  }, 1_500_000);

  it('starts cpu, wasm, wasm-nosimd, webgpu, webgl2, webgl1 and webgl-f16 for real', () => {
    const by = Object.fromEntries(report.backends.map((b) => [b.name, b]));
    for (const name of ['cpu', 'wasm', 'wasm-nosimd', 'webgpu', 'webgl2', 'webgl1', 'webgl-f16']) {
      expect(by[name]?.status, `${name}: ${by[name]?.reason}`).toBe('ok');
      expect(by[name]!.cases.filter((c) => c.status === 'pass').length).toBeGreaterThan(50);
    }
    expect(by.wasm!.device.simd).toBe(true);
    expect(by['wasm-nosimd']!.device.simd).toBe(false);
    expect((by.webgpu!.device.adapter as { vendor: string }).vendor).toBeTruthy();
    expect(String(by.webgl2!.device.renderer)).not.toBe('unknown');
    expect(by.webgl2!.device).toMatchObject({ webglVersion: 2, floatPrecision: 32 });
    expect(by.webgl1!.device).toMatchObject({ webglVersion: 1 });
    expect(by['webgl-f16']!.device).toMatchObject({ forceF16Textures: true, floatPrecision: 16 });
    expect(by['webgl-f16']!.cases.some((c) => c.tier === 'f16')).toBe(true);
  });

  it('our reference models pass the f32 tiers on every float32 backend and leave no tensor behind', () => {
    for (const b of report.backends.filter((x) => x.status === 'ok' && x.device.floatPrecision === 32)) {
      const ours = b.cases.filter((c) => c.kind === 'reference');
      for (const family of report.families) expect(ours.filter((c) => c.family === family && c.status === 'pass').length).toBeGreaterThan(10);
      for (const c of ours) {
        if (c.status !== 'pass') {
          // The backend's doing, never ours: tfjs-backend-wasm leaves a rank-7 or rank-8 binary op's
          // output unwritten (XNNPACK takes at most 6 dimensions), an expected failure with that
          // reason; a backend that refuses a rank says so (a skip, and tf.grad leaves the tensors of
          // the throwing pass behind).
          const wasmRankLimit = c.status === 'xfail' && b.name.startsWith('wasm') && /-rank-[78]$/.test(c.id) && /XNNPACK/.test(c.message ?? '');
          const rankRefused = c.status === 'skip' && /-rank-\d$/.test(c.id) && /refuses rank \d/.test(c.message ?? '');
          expect(wasmRankLimit || rankRefused, `${b.name} ${c.id} [${c.subject}] ${c.status}: ${c.message}`).toBe(true);
          continue;
        }
        expect(c.leakedTensors, `${b.name} ${c.id} [${c.subject}]`).toBe(0);
      }
    }
  });

  it("runs the fused optimizer kernels on every backend, tfjs's plain wasm build included (SIMD WebAssembly on its memory, shaders)", () => {
    for (const b of report.backends.filter((x) => x.status === 'ok')) {
      const fused = b.cases.filter((c) => c.subject.endsWith('(fused kernel)'));
      expect(fused.filter((c) => c.status === 'skip').map((c) => `${c.id}: ${c.message}`), b.name).toEqual([]);
      expect(fused.filter((c) => c.status === 'pass').length, b.name).toBeGreaterThan(10);
    }
  });

  it.skipIf(tfjsNodeInstalled)('reports tensorflow as unavailable with the reason, never as a pass', () => {
    const tensorflow = report.backends.find((b) => b.name === 'tensorflow')!;
    expect(tensorflow.status).toBe('unavailable');
    expect(tensorflow.reason).toMatch(/tfjs-node/);
    expect(tensorflow.cases).toEqual([]);
  });
});
