import { SOFTMAX_SIMD_BASE64, SOFTMAX_SCALAR_BASE64 } from './dist/kernels/wasm-bytes.js';
const memory = new WebAssembly.Memory({ initial: 200 });
const f32 = new Float32Array(memory.buffer);
const n = 512 * 1000;
for (let i = 0; i < n; i++) f32[i] = 3 * (Math.random() - 0.5);
for (const [name, b64] of [['simd', SOFTMAX_SIMD_BASE64], ['scalar', SOFTMAX_SCALAR_BASE64]]) {
  const mod = new WebAssembly.Module(Buffer.from(b64, 'base64'));
  const ex = new WebAssembly.Instance(mod, { env: { memory } }).exports;
  for (const log of [0, 1]) {
    for (const [outer, C, inner] of [[512, 1000, 1], [512, 1000, 1], [8, 1000, 64]]) {
      ex.softmax(0, n * 4, outer, C, inner, log);
      const t = performance.now();
      for (let i = 0; i < 20; i++) ex.softmax(0, n * 4, outer, C, inner, log);
      console.log(name, 'log', log, [outer, C, inner].join('x'), ((performance.now() - t) / 20).toFixed(2), 'ms');
    }
  }
}
