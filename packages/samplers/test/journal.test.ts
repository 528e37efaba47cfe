/**
 * The journal (issue 14): a search SIGKILLed in a child process resumes to the record an
 * uninterrupted run gives; two processes on one journal finish the budget with no trial run twice.
 * The searches run from the built package (dist/), in child processes as a user's would.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../src/study/events.js';
import type { Trial } from '../src/strategies/types.js';
// @ts-expect-error plain JavaScript shared with the child processes
import { bowl } from './objectives/objectives.mjs';
// @ts-expect-error plain JavaScript shared with the child processes
import { searchOf } from './objectives/searches.mjs';

const CHILD = fileURLToPath(new URL('./objectives/search-child.mjs', import.meta.url));
const run = (journal: string, kind: string) => {
  const child = spawn(process.execPath, [CHILD, journal, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, exit, output: () => out };
};
const events = async (journal: string): Promise<JournalEvent[]> =>
  (await readFile(journal, 'utf8').catch(() => '')).split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as JournalEvent);
/** A record's trials without their timings, which no two runs share. */
const timeless = (trials: Trial[]) => trials.map(({ durationMs: _d, ...t }) => t);

describe('a journal', () => {
  it('a coarse-to-fine search SIGKILLed in a child process mid-round resumes from its journal to the record of an uninterrupted run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dlspec-journal-'));
    const journal = join(dir, 'study.jsonl');
    const killed = run(journal, 'coarse');
    // Kill it in round 2 (trials 5..9), after 7 trials have ended.
    for (let i = 0; i < 2500 && (await events(journal)).filter((e) => e.op === 'end').length < 7; i++) await sleep(20);
    killed.child.kill('SIGKILL');
    expect(await killed.exit).toBe('SIGKILL');
    const before = await events(journal);
    const ended = before.filter((e) => e.op === 'end').length;
    expect(ended).toBeGreaterThanOrEqual(7);
    expect(ended).toBeLessThan(15);

    const resumed = await searchOf('coarse', { storage: journal, resume: true, objective: bowl });
    const whole = await searchOf('coarse', { objective: bowl });
    expect(resumed.trials).toHaveLength(15);
    expect(timeless(resumed.trials)).toEqual(timeless(whole.trials));
    expect(resumed.best).toMatchObject({ id: whole.best.id, value: whole.best.value });
    expect(resumed.strategy).toEqual(whole.strategy); // the boxes of every round
    // The trials that had ended before the kill ran once; the one cut off was run again.
    const after = await events(journal);
    const starts = (id: number) => after.filter((e) => e.op === 'start' && e.trial === id).length;
    for (const e of before.filter((e) => e.op === 'end')) expect(starts((e as { trial: number }).trial)).toBe(1);
    expect(after.filter((e) => e.op === 'end')).toHaveLength(15);
  });

  it('two processes on one journal share the budget: every trial runs exactly once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dlspec-journal-'));
    const journal = join(dir, 'shared.jsonl');
    const [a, b] = [run(journal, 'random'), run(journal, 'random')];
    expect(await a.exit).toBe(0);
    expect(await b.exit).toBe(0);
    const log = await events(journal);
    const starts = log.filter((e) => e.op === 'start') as Array<Extract<JournalEvent, { op: 'start' }>>;
    const ends = log.filter((e) => e.op === 'end') as Array<Extract<JournalEvent, { op: 'end' }>>;
    expect(log.filter((e) => e.op === 'study')).toHaveLength(1);
    expect(starts.map((e) => e.trial).sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(ends.map((e) => e.trial).sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    // Both worked on it, and each ends with the whole study's record.
    const pids = [a, b].map((p) => JSON.parse(p.output()) as { pid: number; trials: number });
    for (const p of pids) {
      expect(p.trials).toBe(16);
      expect(starts.filter((e) => e.owner.pid === p.pid).length).toBeGreaterThan(0);
    }
  });
});
