import { fork } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/host/collect.js';
import { workerHandle } from '../src/host/node-process.js';
import { startPageWorker } from '../src/host/chromium-page.js';
import { webgl2 } from '../src/backends/webgl.js';

/** A real child process running `source`, wired to collect() the way host/node-process.ts wires a worker. */
async function worker(source: string, timeoutMs: number) {
  const file = join(await mkdtemp(join(tmpdir(), 'dlspec-worker-')), 'worker.mjs');
  await writeFile(file, source);
  const child = fork(file, [], { serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return collect(workerHandle(child), timeoutMs);
}

const result = (id: string) =>
  `{ type: 'result', result: { id: '${id}', family: 'f', op: 'o', subject: 's', kind: 'reference', status: 'pass', tier: 'f32-op', maxAbsError: 0, maxRelError: 0, maxUlp: 0, maxUlpRelative: 0, worst: null, leakedTensors: 0, durationMs: 1, notCompared: [], message: '' } }`;

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

describe('collecting a browser backend', () => {
  it('keeps the results a page had streamed when it hangs, and says it timed out', async () => {
    // A real Chromium page running its own script in place of the bundle, wired as chromium-page.ts wires the bundle.
    const script = join(await mkdtemp(join(tmpdir(), 'dlspec-page-')), 'page.js');
    await writeFile(
      script,
      `globalThis.__dlspec = { run: async () => {
        await __dlspecSend(JSON.stringify({ type: 'started', device: { renderer: 'test' } }));
        await __dlspecSend(JSON.stringify(${result('f/a')}));
        await __dlspecSend(JSON.stringify(${result('f/b')}));
        await new Promise(() => {});
      } };`,
    );
    const page = await startPageWorker(webgl2, { backend: 'webgl2', fixtures: [] }, script);
    if (!('handle' in page)) throw new Error(`Chromium did not start: ${page.reason}`);
    const c = await collect(page.handle, 4000);
    expect(c.status).toBe('error');
    expect(c.reason).toMatch(/^timed out after 4 s with 2 results in/);
    expect(c.cases.map((x) => x.id)).toEqual(['f/a', 'f/b']);
    expect(c.device).toMatchObject({ renderer: 'test', chromium: expect.any(String) });
  });

  it('keeps the results of a page whose script dies mid-run', async () => {
    const script = join(await mkdtemp(join(tmpdir(), 'dlspec-page-')), 'page.js');
    await writeFile(script, `globalThis.__dlspec = { run: async () => { await __dlspecSend(JSON.stringify(${result('f/a')})); throw new Error('kernel exploded'); } };`);
    const page = await startPageWorker(webgl2, { backend: 'webgl2', fixtures: [] }, script);
    if (!('handle' in page)) throw new Error(`Chromium did not start: ${page.reason}`);
    const c = await collect(page.handle, 20_000);
    expect(c.status).toBe('error');
    expect(c.reason).toMatch(/worker exited \(the page's run failed: .*kernel exploded\) before finishing; 1 results in/);
    expect(c.cases.map((x) => x.id)).toEqual(['f/a']);
  });
});
