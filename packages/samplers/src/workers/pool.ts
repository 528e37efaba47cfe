/**
 * Caviar across cores: trials run in child processes, one trial at a time each, so CPU-bound
 * objectives (training a tfjs model) use every core, and each process has its own tfjs backend.
 * A worker that crashes, or runs past the per-trial timeout (then it is killed), fails only its
 * trial, with the reason; its slot gets a fresh process for the next trial.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkObject, checkString, InvalidArgumentError } from '@dlspec/core';
import type { AskedTrial } from '../study/study.js';
import { isPruned, TrialPruned } from '../study/pruned.js';
import type { Dimensions } from '../space.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** An objective run in worker processes: a module (a file path or file: URL) and the name of its exported function. */
export interface ModuleObjective {
  readonly module: string;
  /** Default 'default'. */
  readonly export?: string;
}

// Run from the TypeScript source (the package's own tests), the worker is the built one.
const CHILD = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/workers/child.js' : './child.js', import.meta.url));

/** An error to tell the study: `name: message` in the record. */
const failure = (message: string, name = 'WorkerError'): Error => Object.assign(new Error(message), { name });

interface Slot {
  child: ChildProcess;
  ready: Promise<string | null>;
  alive: boolean;
}

/** The module objective checked: its file exists. Returns its URL and export name. */
export async function checkModuleObjective(objective: ModuleObjective): Promise<{ url: string; exportName: string }> {
  checkObject('objective', objective);
  const spec = checkString('objective.module', objective.module);
  const exportName = checkString('objective.export', objective.export ?? 'default');
  const path = spec.startsWith('file:') ? fileURLToPath(spec) : isAbsolute(spec) || spec.startsWith('.') ? resolve(spec) : null;
  if (path === null) throw new InvalidArgumentError('objective.module', spec, 'must be a file path or a file: URL');
  const s = await stat(path).catch(() => null);
  if (!s?.isFile()) throw new InvalidArgumentError('objective.module', spec, 'must name an existing file');
  return { url: pathToFileURL(path).href, exportName };
}

export class WorkerPool {
  readonly #url: string;
  readonly #exportName: string;
  readonly #timeoutMs: number | undefined;
  readonly #slots: Array<Slot | null>;

  constructor(objective: { url: string; exportName: string }, size: number, timeoutMs?: number) {
    this.#url = objective.url;
    this.#exportName = objective.exportName;
    this.#timeoutMs = timeoutMs;
    this.#slots = Array.from({ length: size }, () => null);
  }

  /** Start every worker and load the objective in each: a module that fails to load is refused before the first trial. */
  async start(): Promise<void> {
    const reasons = await Promise.all(this.#slots.map((_, i) => this.#slot(i).ready));
    const reason = reasons.find((r) => r !== null);
    if (reason) {
      this.stop();
      throw new InvalidArgumentError('objective', { module: this.#url, export: this.#exportName }, reason);
    }
  }

  /** Run a trial in worker `slot`; resolves with what to tell the study (never rejects). */
  async run<D extends Dimensions>(slot: number, trial: AskedTrial<D>): Promise<unknown> {
    const s = this.#slot(slot);
    const reason = await s.ready;
    if (reason) return failure(`objective ${reason}`);
    return new Promise((settle) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: unknown): void => {
        clearTimeout(timer);
        s.child.off('message', onMessage);
        s.child.off('exit', onExit);
        settle(outcome);
      };
      const onMessage = (m: FromWorker): void => {
        if (!('id' in m) || m.id !== trial.id) return;
        if (m.type === 'report') {
          const reply = (prune: boolean, error?: string): void => void (s.alive && s.child.send({ type: 'decision', id: m.id, epoch: m.epoch, prune, ...(error === undefined ? {} : { error }) } satisfies ToWorker));
          trial.report(m.epoch, m.value).then(
            () => reply(false),
            (e: unknown) => (isPruned(e) ? reply(true) : reply(false, e instanceof Error ? `${e.name}: ${e.message}` : String(e))),
          );
        } else if (m.type === 'done') finish(m.value);
        else if (m.type === 'pruned') finish(new TrialPruned(m.epoch));
        else if (m.type === 'failed') finish(failure(m.message, m.name));
      };
      const onExit = (code: number | null, signal: string | null): void => finish(failure(`worker process exited (${signal ? `signal ${signal}` : `code ${code}`}) during the trial`));
      s.child.on('message', onMessage);
      s.child.on('exit', onExit);
      if (this.#timeoutMs !== undefined) {
        timer = setTimeout(() => {
          finish(failure(`timed out after ${this.#timeoutMs} ms; worker process killed`));
          this.#kill(slot);
        }, this.#timeoutMs);
      }
      s.child.send({ type: 'run', id: trial.id, params: { ...trial.params } } satisfies ToWorker);
    });
  }

  stop(): void {
    this.#slots.forEach((_, i) => this.#kill(i));
  }

  #kill(i: number): void {
    const s = this.#slots[i];
    this.#slots[i] = null;
    if (s?.alive) s.child.kill('SIGKILL');
  }

  /** The live worker of a slot, started (and its module loading) if there is none. */
  #slot(i: number): Slot {
    const existing = this.#slots[i];
    if (existing?.alive) return existing;
    const child = fork(CHILD, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('error', () => {}); // a send to a process that just died: its exit event tells the trial
    const slot: Slot = { child, alive: true, ready: Promise.resolve(null) };
    slot.ready = new Promise((settle) => {
      const onMessage = (m: FromWorker): void => {
        if (m.type !== 'loaded' && m.type !== 'load-error') return;
        child.off('message', onMessage);
        settle(m.type === 'loaded' ? null : m.message);
      };
      child.on('message', onMessage);
      child.once('exit', (code, signal) => settle(`worker process exited (${signal ? `signal ${signal}` : `code ${code}`}) while loading the objective`));
    });
    child.once('exit', () => {
      slot.alive = false;
      if (this.#slots[i] === slot) this.#slots[i] = null;
    });
    child.send({ type: 'load', module: this.#url, exportName: this.#exportName } satisfies ToWorker);
    this.#slots[i] = slot;
    return slot;
  }
}
