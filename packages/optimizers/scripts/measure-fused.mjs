/**
 * How close a fused optimizer step comes to the machine's memory limit: at n parameters (default
 * 10M), the median time of an Adam step (fused kernel, our composed ops, tf.train.adam) on cpu and
 * wasm, against a plain Float32Array copy of the same size. An Adam step moves 7 arrays of 4n bytes
 * (reads W, dW, v, s; writes W, v, s); its share of the limit is (28 n / copy bytes per second) / time.
 * Usage: node scripts/measure-fused.mjs [n] [steps] (after the build). Not a test: it prints.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Optimizer, registerFusedKernels } from '../dist/index.js';

const n = Number(process.argv[2] ?? 10_000_000);
const steps = Number(process.argv[3] ?? 9);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

// Copy bandwidth: bytes read plus bytes written per second by a plain typed-array copy of 4n bytes.
const src = new Float32Array(n).fill(1);
const dst = new Float32Array(n);
dst.set(src);
const copyMs = median(Array.from({ length: 15 }, () => time(() => dst.set(src))));
const copyBytesPerMs = (2 * 4 * n) / copyMs;
const limitMs = (7 * 4 * n) / copyBytesPerMs;
// A plain fused JavaScript Adam loop over the same arrays, for comparison (the 75 ms at 10M).
{
  const [w, g, v, s] = [new Float32Array(n).fill(0.5), new Float32Array(n).fill(0.1), new Float32Array(n), new Float32Array(n)];
  const loop = () => {
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      const vi = 0.9 * v[i] + 0.1 * gi;
      const si = 0.999 * s[i] + 0.001 * gi * gi;
      v[i] = vi;
      s[i] = si;
      w[i] -= (1e-3 * vi) / (Math.sqrt(si) + 1e-8);
    }
  };
  loop();
  const ms = median(Array.from({ length: 5 }, () => time(loop)));
  console.log(`plain JavaScript Adam loop in place: ${ms.toFixed(1)} ms`);
}
console.log(`n = ${n}: Float32Array copy ${copyMs.toFixed(2)} ms = ${(copyBytesPerMs / 1e6).toFixed(1)} GB/s read+write; an Adam step's 7 arrays at that rate: ${limitMs.toFixed(1)} ms`);

for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  await registerFusedKernels();
  const makers = {
    'fused kernel': () => new Optimizer({ optimizer: 'adam', learningRate: 1e-3 }, { fused: true }),
    'composed ops': () => new Optimizer({ optimizer: 'adam', learningRate: 1e-3 }),
    'tf.train.adam': () => tf.train.adam(1e-3),
  };
  const rows = {};
  for (const [name, make] of Object.entries(makers)) {
    if (backend === 'cpu' && name !== 'fused kernel' && n > 2_000_000) continue; // the composed ops on cpu take seconds per step at 10M
    const w = tf.tidy(() => tf.variable(tf.randomNormal([n]), true, `w_${backend}_${name}`));
    const g = tf.randomNormal([n]);
    const opt = make();
    const step = () => (opt instanceof Optimizer ? opt.step([w], [g]) : opt.applyGradients({ [w.name]: g }));
    step(); // warm-up: state allocated, kernels compiled
    // cpu and wasm run a kernel to its end before returning: no read-back needed to count the work.
    const ts = Array.from({ length: steps }, () => time(step));
    rows[name] = median(ts);
    opt.dispose();
    tf.dispose([w, g]);
  }
  for (const [name, ms] of Object.entries(rows)) console.log(`${backend} ${name}: ${ms.toFixed(1)} ms per step = ${((100 * limitMs) / ms).toFixed(0)} % of the copy-bandwidth limit`);
}
