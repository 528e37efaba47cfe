/**
 * dawn.node polls its events from a setImmediate loop while a read back is pending; the webgpu
 * backend routes those native callbacks through setTimeout(0). Checked on the real backend, in a
 * Node process of its own (started with the backend's environment, as the matrix starts its
 * worker): a read gives the right values, Dawn's callbacks went through the timer (none would
 * mean dawn.node no longer polls that way and the workaround is stale), and JavaScript callbacks
 * still run as immediates.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { webgpu } from '../src/backends/webgpu.js';

const run = promisify(execFile);
const dist = (p: string) => fileURLToPath(new URL(`../dist/${p}`, import.meta.url));

const script = `
const timer = globalThis.setTimeout;
let nativeByTimer = 0;
globalThis.setTimeout = (callback, ...args) => {
  if (Function.prototype.toString.call(callback).endsWith('{ [native code] }')) nativeByTimer++;
  return timer(callback, ...args);
};
const { webgpu } = await import(${JSON.stringify(dist('backends/webgpu.js'))});
const tf = await import('@tensorflow/tfjs');
await webgpu.start();
const x = tf.tensor1d([1, 2, 3, 4]);
const y = tf.mul(x, x);
const values = Array.from(await y.data());
tf.dispose([x, y]);
const immediate = await new Promise((resolve) => setImmediate(() => resolve('ran')));
process.stdout.write(JSON.stringify({ backend: tf.getBackend(), values, nativeByTimer, immediate }));
`;

describe('webgpu: dawn.node event polling by timer', () => {
  it("reads back right, with Dawn's polling callbacks through setTimeout and JavaScript's as immediates", async () => {
    const env = webgpu.environment ? webgpu.environment(process.env) : process.env;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), env: env as NodeJS.ProcessEnv });
    const result = JSON.parse(stdout) as { backend: string; values: number[]; nativeByTimer: number; immediate: string };
    expect(result.backend).toBe('webgpu');
    expect(result.values).toEqual([1, 4, 9, 16]);
    expect(result.nativeByTimer).toBeGreaterThan(0);
    expect(result.immediate).toBe('ran');
  });
});
