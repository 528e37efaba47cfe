/**
 * The Redis journal storage against a real redis-server (Debian's, started here on a unix socket
 * with persistence off, killed after). Without the binary the tests are skipped as unavailable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { intUniform, logUniform } from '../src/distributions.js';
import { runSearch } from '../src/driver.js';
import { defineSpace } from '../src/space.js';
import { JournalRedisStorage } from '../src/study/storage/redis.js';
import { Study } from '../src/study/study.js';
import { coarseToFine } from '../src/strategies/coarse-to-fine.js';
import type { Trial } from '../src/strategies/types.js';

const REDIS = '/usr/bin/redis-server';
const available = existsSync(REDIS);
let server: ChildProcess;
let dir: string;
let socket: string;

const space = () => defineSpace({ lr: logUniform(1e-4, 1), layers: intUniform(2, 4) });
const strategy = (s: ReturnType<typeof space>) => coarseToFine(s, { rounds: 3, trialsPerRound: 6, keep: 0.3, shrink: 0.5, seed: 5 });
const objective = async (p: { lr: number; layers: number }, trial: { report(e: number, v: number): Promise<void> }) => {
  const value = (Math.log10(p.lr) + 2) ** 2 + p.layers / 10;
  await trial.report(1, 2 * value);
  await sleep(5);
  return value;
};
const timeless = (trials: Trial[]) => trials.map(({ durationMs: _d, ...t }) => t);

describe.skipIf(!available)(`the Redis journal storage (${REDIS}${available ? '' : ': unavailable, not installed'})`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dlspec-redis-'));
    socket = join(dir, 'redis.sock');
    server = spawn(REDIS, ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(25);
    expect(existsSync(socket)).toBe(true);
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('two studies share one Redis journal: every trial runs once, and both end with the record of a run without Redis', async () => {
    const s = space();
    const shared = (k: number) => runSearch({ space: s, strategy: strategy(s), objective, concurrency: 2, progress: false, resume: true, storage: new JournalRedisStorage({ socket, key: 'study-a' }), seed: k });
    const [a, b] = await Promise.all([shared(5), shared(5)]);
    const alone = await runSearch({ space: s, strategy: strategy(s), objective, concurrency: 1, progress: false, seed: 5 });
    expect(timeless(a.trials)).toEqual(timeless(alone.trials));
    expect(timeless(b.trials)).toEqual(timeless(alone.trials));
    // The journal in Redis: one study event, 3 batches, one start, report and end per trial.
    const client = createClient({ socket: { path: socket, tls: false } });
    await client.connect();
    const log = (await client.lRange('study-a:log', 0, -1)).map((l) => JSON.parse(l) as { op: string; trial?: number });
    await client.close();
    const count = (op: string) => log.filter((e) => e.op === op).length;
    expect([count('study'), count('batch'), count('start'), count('report'), count('end')]).toEqual([1, 3, 18, 18, 18]);
    expect(new Set(log.filter((e) => e.op === 'start').map((e) => e.trial)).size).toBe(18);
  });

  it('a study resumed from Redis after some trials continues with the same strategy state', async () => {
    const s = space();
    const study = await Study.create({ space: s, strategy: strategy(s), storage: new JournalRedisStorage({ socket, key: 'study-b' }) });
    for (let i = 0; i < 8; i++) {
      const t = (await study.ask())!;
      await study.tell(t, await objective(t.params, t));
    }
    await study.close(); // left with round 2 part done
    const resumed = await runSearch({ space: s, strategy: strategy(s), objective, concurrency: 1, progress: false, resume: true, storage: new JournalRedisStorage({ socket, key: 'study-b' }) });
    const alone = await runSearch({ space: s, strategy: strategy(s), objective, concurrency: 1, progress: false });
    expect(timeless(resumed.trials)).toEqual(timeless(alone.trials));
    expect(resumed.strategy).toEqual(alone.strategy);
  });

  it('an unreachable server is refused before the first trial, by name', async () => {
    const s = space();
    let calls = 0;
    const storage = new JournalRedisStorage({ socket: join(dir, 'nobody.sock'), key: 'x' });
    await expect(runSearch({ space: s, strategy: strategy(s), objective: () => ++calls, progress: false, storage })).rejects.toThrow(/^storage must be a reachable Redis server/);
    expect(calls).toBe(0);
    expect(() => new JournalRedisStorage({ key: 'x' })).toThrow(/^storage must give one of url/);
  });
});
