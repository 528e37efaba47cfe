import { fork } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/host/collect.js';
import { workerHandle } from '../src/host/run-node.js';

/** A real child process running `source`, wired to collect() the way run-node.ts wires a worker. */
async function worker(source: string, timeoutMs: number) {
  const file = join(await mkdtemp(join(tmpdir(), 'dlspec-worker-')), 'worker.mjs');
  await writeFile(file, source);
  const child = fork(file, [], { serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return collect(workerHandle(child), timeoutMs);
}

const result = (id: string) =>
  `{ type: 'result', result: { id: '${id}', family: 'f', op: 'o', subject: 's', kind: 'reference', status: 'pass', tier: 'f32-op', maxAbsError: 0, maxRelError: 0, maxUlp: 0, maxUlpRelative: 0, worst: null, leakedTensors: 0, durationMs: 1, message: '' } }`;

describe('collecting a backend worker', () => {
  it('keeps the results of a worker that crashes mid-run and marks the backend error with its output', async () => {
    const c = await worker(`process.send({ type: 'started', device: { x: 1 } }); process.send(${result('f/a')}, () => { console.error('segfault-ish'); process.exit(3); });`, 20_000);
    expect(c.status).toBe('error');
    expect(c.reason).toMatch(/worker exited \(code 3\) before finishing; 1 results in; output tail: segfault-ish/);
    expect(c.cases.map((x) => x.id)).toEqual(['f/a']);
    expect(c.device).toEqual({ x: 1 });
  });

  it('kills a worker that hangs and says how long it waited', async () => {
    const c = await worker(`process.send({ type: 'started', device: {} }); setInterval(() => {}, 1000);`, 1500);
    expect(c.status).toBe('error');
    expect(c.reason).toMatch(/^timed out after 1.5 s with 0 results in/);
  });

  it('passes on unavailable with the reason', async () => {
    const c = await worker(`process.send({ type: 'unavailable', reason: 'no adapter' }, () => process.exit(0));`, 20_000);
    expect(c).toMatchObject({ status: 'unavailable', reason: 'no adapter', cases: [] });
  });
});
