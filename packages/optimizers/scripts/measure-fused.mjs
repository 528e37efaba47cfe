/**
 * How close a fused optimizer step comes to the machine's memory limit: at n parameters (default
 * 10M), the median time of an Adam step (fused kernel, our composed ops, tf.train.adam) on cpu and
 * wasm, against a plain Float32Array copy of the same size, interleaved round by round so that both
 * see the same load. An Adam step moves 7 arrays of 4n bytes (reads W, dW, v, s; writes W, v, s); a
 * copy moves 2, so the limit is 3.5 copies, and a step's share of it is 3.5 copy / step.
 * Usage: node scripts/measure-fused.mjs [n] [rounds] (after the build). Not a test: it prints.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Optimizer, registerFusedKernels } from '../dist/index.js';

const n = Number(process.argv[2] ?? 10_000_000);
const rounds = Number(process.argv[3] ?? 9);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
const src = new Float32Array(n).fill(1);
const dst = new Float32Array(n);
const copy = () => dst.set(src);

// A plain fused JavaScript Adam loop over four arrays, in place (the reference point).
const [pw, pg, pv, ps] = [new Float32Array(n).fill(0.5), new Float32Array(n).fill(0.1), new Float32Array(n), new Float32Array(n)];
const plainLoop = () => {
  for (let i = 0; i < n; i++) {
    const gi = pg[i];
    const vi = 0.9 * pv[i] + 0.1 * gi;
    const si = 0.999 * ps[i] + 0.001 * gi * gi;
    pv[i] = vi;
    ps[i] = si;
    pw[i] -= (1e-3 * vi) / (Math.sqrt(si) + 1e-8);
  }
};

/** Interleaved rounds of a copy and each step: medians, and each step's share of the limit (3.5 copies). */
function measure(label, steps) {
  const times = Object.fromEntries([['copy', []], ...Object.keys(steps).map((k) => [k, []])]);
  copy();
  for (const step of Object.values(steps)) step(); // warm-up: state allocated, code compiled
  for (let r = 0; r < rounds; r++) {
    times.copy.push(time(copy));
    for (const [name, step] of Object.entries(steps)) times[name].push(time(step));
  }
  const c = median(times.copy);
  console.log(`${label}: Float32Array copy of ${n} floats ${c.toFixed(1)} ms (${((8 * n) / c / 1e6).toFixed(1)} GB/s read+write); Adam limit ${(3.5 * c).toFixed(1)} ms`);
  for (const name of Object.keys(steps)) {
    const ms = median(times[name]);
    console.log(`  ${name}: ${ms.toFixed(1)} ms per step = ${((100 * 3.5 * c) / ms).toFixed(0)} % of the copy-bandwidth limit`);
  }
}

measure('JavaScript', { 'plain fused loop': plainLoop });
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  await registerFusedKernels();
  const makers = {
    'fused kernel': () => new Optimizer({ optimizer: 'adam', learningRate: 1e-3 }, { fused: true }),
    'composed ops': () => new Optimizer({ optimizer: 'adam', learningRate: 1e-3 }),
    'tf.train.adam': () => tf.train.adam(1e-3),
  };
  const live = [];
  const steps = {};
  for (const [name, make] of Object.entries(makers)) {
    if (backend === 'cpu' && name !== 'fused kernel' && n > 2_000_000) continue; // the composed ops on cpu take seconds per step at 10M
    const w = tf.tidy(() => tf.variable(tf.randomNormal([n]), true, `w_${backend}_${name}`));
    const g = tf.randomNormal([n]);
    const opt = make();
    live.push(w, g, opt);
    // cpu and wasm run a kernel to its end before returning: no read-back needed to count the work.
    steps[name] = () => (opt instanceof Optimizer ? opt.step([w], [g]) : opt.applyGradients({ [w.name]: g }));
  }
  measure(backend, steps);
  for (const x of live) x.dispose();
}
