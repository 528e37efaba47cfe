// Ratios of our softmax reference models to the tfjs built-ins, on the Node backends, in one
// process. A ratio > 1 means ours is slower. Numbers vary by machine; compare ratios, not times.
// Usage: npm run bench [-- --backend cpu,wasm] ; writes bench/results/softmax.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Bench } from 'tinybench';
import { logSoftmax, softmax, softmaxCrossEntropy } from '@dlspec/softmax';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'cpu,wasm' }, time: { type: 'string', default: '300' } } });
const shapes = [[64, 10], [256, 1000]];

/** Each task reads its result back, so asynchronous backends are timed to completion. */
const task = (fn) => async () => {
  const out = fn();
  await Promise.all(out.map((t) => t.data()));
  tf.dispose(out);
};

const rows = [];
for (const backend of values.backend.split(',')) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const [m, C] of shapes) {
    const z = tf.randomNormal([m, C], 0, 3, 'float32', 1);
    const y = tf.oneHot(tf.randomUniformInt([m], 0, C, { seed: 2 }), C).toFloat();
    const pairs = [
      ['softmax', () => [tf.softmax(z)], () => [softmax(z)]],
      ['logSoftmax', () => [tf.logSoftmax(z)], () => [logSoftmax(z)]],
      ['cross-entropy + dz', () => tf.tidy(() => [tf.losses.softmaxCrossEntropy(y, z), tf.grad((l) => tf.losses.softmaxCrossEntropy(y, l))(z)]), () => Object.values(softmaxCrossEntropy(z, y))],
    ];
    for (const [name, builtin, ours] of pairs) {
      const bench = new Bench({ time: Number(values.time), warmup: true });
      bench.add('tfjs', task(builtin)).add('dlspec', task(ours));
      await bench.run();
      const [a, b] = bench.tasks.map((t) => t.result.latency.mean);
      rows.push({ backend, op: name, shape: `${m}x${C}`, tfjsMs: +a.toFixed(4), dlspecMs: +b.toFixed(4), ratio: +(b / a).toFixed(2) });
    }
    tf.dispose([z, y]);
  }
}
console.table(rows);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/softmax.json', import.meta.url), `${JSON.stringify({ createdAt: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
