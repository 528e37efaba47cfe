/** The machine a run is on, and its copy bandwidth (the memory limit an optimizer step is held to). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';

const require = createRequire(import.meta.url);
const versionOf = (pkg) => {
  try {
    return require(`${pkg}/package.json`).version;
  } catch {
    // A package whose exports leave package.json out: read it beside its entry point.
    try {
      const entry = require.resolve(pkg);
      return JSON.parse(readFileSync(`${entry.slice(0, entry.lastIndexOf(`/node_modules/${pkg}/`))}/node_modules/${pkg}/package.json`, 'utf8')).version;
    } catch {
      return 'not installed';
    }
  }
};

export function machine() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
    commit,
    versions: Object.fromEntries(['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'webgpu', 'playwright-core', 'tinybench'].map((p) => [p, versionOf(p)])),
  };
}

/**
 * Copy bandwidth in bytes per second, read + write: the fastest of 7 copies of an 80 MB
 * Float32Array into another (TypedArray.prototype.set is a memmove), after 2 warm-up copies. The
 * fastest, not the median: the limit is what the memory can do, and a loaded machine only slows it.
 */
export function copyBandwidth(bytes = 80e6) {
  const n = Math.floor(bytes / 4);
  const src = new Float32Array(n).fill(1.5);
  const dst = new Float32Array(n);
  const times = [];
  for (let k = 0; k < 9; k++) {
    const t0 = performance.now();
    dst.set(src);
    if (k >= 2) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[0];
  return { bytes: 2 * n * 4, ms: +ms.toFixed(3), bytesPerSecond: (2 * n * 4) / (ms / 1000) };
}
