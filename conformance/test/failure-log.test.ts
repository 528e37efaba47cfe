/**
 * The wasm backend's XNNPACK ops above rank 6 only write a line to stderr and return unwritten
 * memory: watchFailureLog sees that line on the real backend (and nothing for a rank it handles),
 * so the run can fail such a case whatever its leftover values are. Run in a Node process of its
 * own, as a worker is: under vitest, console is vitest's, which the backend's bound printer bypasses.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dist = (p: string) => fileURLToPath(new URL(`../dist/${p}`, import.meta.url));

const script = `
import * as tf from '@tensorflow/tfjs';
import { wasm } from ${JSON.stringify(dist('backends/wasm.js'))};
import { watchFailureLog } from ${JSON.stringify(dist('worker/failure-log.js'))};
await wasm.start();
const addAtRank = async (rank) => {
  const watch = watchFailureLog(wasm.failureLog);
  const shape = Array.from({ length: rank }, (_, k) => (k === 0 || k === rank - 1 ? 2 : 1));
  const [a, b] = [tf.ones(shape), tf.ones([...shape].reverse())];
  const c = tf.add(a, b);
  await c.data();
  tf.dispose([a, b, c]);
  return watch.stop();
};
const write = process.stderr.write;
const result = { rank7: await addAtRank(7), rank4: await addAtRank(4), restored: process.stderr.write === write };
process.stdout.write(JSON.stringify(result));
`;

describe('watchFailureLog on tfjs-backend-wasm, in a Node process', () => {
  it("catches the line XNNPACK writes for a rank-7 add, nothing for rank 4, and puts stderr back", async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)) });
    const result = JSON.parse(stdout) as { rank7: string[]; rank4: string[]; restored: boolean };
    expect(result.rank7.length).toBeGreaterThan(0);
    expect(result.rank7[0]).toMatch(/^XNN status for xnn_setup_\S+ is not successful/);
    expect(result.rank4).toEqual([]);
    expect(result.restored).toBe(true);
  });
});
