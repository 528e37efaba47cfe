/**
 * A study: the strategy's candidates handed out by `ask()` and their outcomes taken back by
 * `tell()`, every step written to a journal first. The journal is the study's only state: a
 * process that reads it (a resumed search, a second worker machine) replays the strategy's
 * batches with the same seed and gets the same candidates, so a killed search goes on where it
 * stopped and several processes share one study without running a trial twice.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkFunction, checkInteger, checkNumber, checkObject, checkOneOf, checkPositiveInteger, InvalidArgumentError } from '@dlspec/core';
import type { Dimensions, Params, SearchSpace } from '../space.js';
import { checkSpace } from '../strategies/check.js';
import type { Pruner } from '../strategies/pruners.js';
import { DIRECTIONS, ranked, statusOf, type Direction, type Strategy, type Trial } from '../strategies/types.js';
import { JOURNAL_VERSION, type JournalEvent, type Owner } from './events.js';
import { isPruned, TrialPruned } from './pruned.js';
import { JournalFileStorage } from './storage/file.js';
import { JournalMemoryStorage } from './storage/memory.js';
import { isStorage, type JournalStorage } from './storage/types.js';

export interface StudyOptions<D extends Dimensions> {
  readonly space: SearchSpace<D>;
  readonly strategy: Strategy<D>;
  readonly direction?: Direction;
  /** Stops trials early from their reports (successiveHalving, hyperband). */
  readonly pruner?: Pruner;
  /** Stored in the journal and the record. */
  readonly seed?: number;
  /** A JSONL journal path, a JournalStorage (JournalRedisStorage ...), or none: in memory. */
  readonly storage?: string | JournalStorage;
  /** Continue (or join) the study already in the storage; without it the storage must hold none. */
  readonly resume?: boolean;
  /** How often to look for other processes' progress while waiting for a batch to finish, ms. Default 50. */
  readonly pollMs?: number;
}

/** A trial handed out by ask(): run it, report its epochs, then tell the study how it ended. */
export interface AskedTrial<D extends Dimensions> {
  readonly id: number;
  readonly batch: number;
  readonly params: Params<D>;
  readonly u: Trial<D>['u'];
  /**
   * Record an epoch's value; throws TrialPruned when the pruner stops the trial (let it propagate
   * to tell). `params`: the hyperparameters in force during the epoch, if babysitting changed them.
   */
  report(epoch: number, value: number, params?: Params<D>): Promise<void>;
}

type State<D extends Dimensions> = Trial<D> & { phase: 'waiting' | 'running' | 'ended'; attempt: number; owner: Owner | null };

const WAIT = Symbol('wait');

/** The owner tokens of the studies open in this process: a trial of a closed one is nobody's. */
const OPEN = new Set<string>();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export class Study<D extends Dimensions> {
  readonly space: SearchSpace<D>;
  readonly strategy: Strategy<D>;
  readonly direction: Direction;
  readonly pruner: Pruner | null;
  readonly seed: number | null;
  readonly storage: JournalStorage;
  readonly #owner: Owner = { host: hostname(), pid: process.pid, token: randomUUID() };
  readonly #trials: State<D>[] = [];
  readonly #started = new Map<number, number>();
  readonly #pollMs: number;
  #read = 0;
  #batches = 0;
  #done = false;
  #createdAt = '';
  #changed: Promise<void>;
  #signal!: () => void;

  private constructor(options: StudyOptions<D>, storage: JournalStorage) {
    this.space = options.space;
    this.strategy = options.strategy;
    this.direction = options.direction ?? 'minimize';
    this.pruner = options.pruner ?? null;
    this.seed = options.seed ?? null;
    this.storage = storage;
    this.#pollMs = options.pollMs ?? 50;
    this.#changed = this.#nextChange();
  }

  /** Checks every option and the storage, writes the study's first event or checks the stored one. */
  static async create<D extends Dimensions>(options: StudyOptions<D>): Promise<Study<D>> {
    const storage = Study.check(options);
    await storage.open();
    const study = new Study(options, storage);
    OPEN.add(study.#owner.token);
    try {
      await storage.withLock(async () => {
        const events = await storage.read(0);
        const head = study.#head();
        if (events.length === 0) {
          await storage.append([head]);
          return;
        }
        if (!options.resume) throw new InvalidArgumentError('storage', storage.name, 'already holds a study; pass resume: true to continue it');
        const first = events[0] as JournalEvent;
        if (first.op !== 'study' || first.version !== JOURNAL_VERSION) throw new InvalidArgumentError('storage', storage.name, `must start with a version ${JOURNAL_VERSION} study event`);
        for (const k of ['direction', 'seed', 'space', 'strategy', 'pruner'] as const) {
          if (JSON.stringify(first[k]) !== JSON.stringify(head[k])) throw new InvalidArgumentError(k, head[k], `must be the journal's ${JSON.stringify(first[k])} to resume it`);
        }
      });
      await study.#sync();
    } catch (error) {
      await study.close();
      throw error;
    }
    return study;
  }

  /** The options, checked; the storage they name (not yet opened). */
  static check<D extends Dimensions>(options: StudyOptions<D>): JournalStorage {
    checkObject('options', options);
    checkSpace(options.space);
    if (typeof options.strategy !== 'object' || options.strategy === null) throw new InvalidArgumentError('strategy', options.strategy, 'must be a Strategy (gridSearch, randomSearch, ...)');
    checkFunction('strategy.next', options.strategy.next);
    checkFunction('strategy.describe', options.strategy.describe);
    checkOneOf('direction', options.direction ?? 'minimize', DIRECTIONS);
    if (options.pruner !== undefined && (typeof options.pruner !== 'object' || options.pruner === null || typeof options.pruner.prune !== 'function')) {
      throw new InvalidArgumentError('pruner', options.pruner, 'must be a Pruner (successiveHalving, hyperband)');
    }
    if (options.seed !== undefined) checkInteger('seed', options.seed);
    if (options.resume !== undefined && typeof options.resume !== 'boolean') throw new InvalidArgumentError('resume', options.resume, 'must be a boolean');
    if (options.pollMs !== undefined) checkPositiveInteger('pollMs', options.pollMs);
    const { storage } = options;
    if (storage === undefined) return new JournalMemoryStorage();
    if (typeof storage === 'string' && storage.length > 0) return new JournalFileStorage(storage);
    if (isStorage(storage)) return storage;
    throw new InvalidArgumentError('storage', storage, 'must be a journal file path or a JournalStorage (JournalRedisStorage ...)');
  }

  /**
   * The next trial to run, or null when the strategy has no more and every trial has ended. Waits
   * while the current batch's last trials run (here or in another process): coarse to fine needs
   * their results for its next round.
   */
  async ask(): Promise<AskedTrial<D> | null> {
    for (;;) {
      const changed = this.#changed;
      const got = await this.storage.withLock(async () => {
        await this.#sync();
        for (;;) {
          const t = this.#trials.find((s) => s.phase === 'waiting' || (s.phase === 'running' && this.#orphaned(s.owner)));
          if (t) {
            await this.#append({ op: 'start', trial: t.id, attempt: t.attempt + 1, owner: this.#owner, at: new Date().toISOString() });
            return this.#handle(t);
          }
          if (this.#done) return this.#trials.every((s) => s.phase === 'ended') ? null : WAIT;
          if (this.#trials.some((s) => s.phase !== 'ended')) return WAIT;
          const candidates = this.strategy.next(this.trials());
          if (candidates.length === 0) {
            this.#done = true;
            return null;
          }
          const batch: JournalEvent = { op: 'batch', batch: this.#batches, first: this.#trials.length, candidates: candidates.map((c) => ({ ...c.u })) };
          await this.storage.append([batch]);
          this.#read++;
          this.#addBatch(candidates.map((c) => c.u), this.#batches++);
        }
      });
      if (got !== WAIT) return got;
      await Promise.race([changed, sleep(this.#pollMs)]);
    }
  }

  /**
   * How a trial ended: its value (a number; non-finite ones get status nan, +inf or -inf), or what
   * it threw (TrialPruned: pruned, with its last reported value; anything else: error).
   */
  async tell(trial: AskedTrial<D>, outcome: unknown): Promise<Trial<D>> {
    const t = this.#mine(trial);
    const attempt = t.attempt;
    const durationMs = Date.now() - (this.#started.get(t.id) ?? Date.now());
    let end: Extract<JournalEvent, { op: 'end' }>;
    if (typeof outcome === 'number') end = { op: 'end', trial: t.id, attempt, status: statusOf(outcome), value: outcome, durationMs };
    else if (isPruned(outcome)) end = { op: 'end', trial: t.id, attempt, status: 'pruned', value: t.history.at(-1)?.value ?? null, error: `pruned at epoch ${outcome.epoch}`, durationMs };
    else {
      const error = outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : `objective result must be a number; got ${JSON.stringify(outcome) ?? String(outcome)}`;
      end = { op: 'end', trial: t.id, attempt, status: 'error', value: null, error, durationMs };
    }
    await this.storage.withLock(async () => {
      await this.#sync();
      this.#mine(trial);
      await this.#append(end);
    });
    this.#started.delete(t.id);
    this.#signal();
    return this.#public(t);
  }

  /** Every ended trial, by id: the history a strategy is shown. */
  trials(): Trial<D>[] {
    return this.#trials.filter((t) => t.phase === 'ended').map((t) => this.#public(t));
  }

  /** Every trial proposed so far, in id order, with the ones not yet ended included as they stand. */
  allTrials(): Array<Trial<D> & { phase: State<D>['phase'] }> {
    return this.#trials.map((t) => ({ ...this.#public(t), phase: t.phase }));
  }

  best(): Trial<D> | null {
    return ranked(this.trials(), this.direction)[0] ?? null;
  }

  get createdAt(): string {
    return this.#createdAt;
  }

  /** Read what other processes wrote (without waiting); ask and tell do this themselves. */
  async refresh(): Promise<void> {
    await this.#sync();
  }

  async close(): Promise<void> {
    OPEN.delete(this.#owner.token);
    await this.storage.close();
  }

  #head(): Extract<JournalEvent, { op: 'study' }> {
    return {
      op: 'study',
      version: JOURNAL_VERSION,
      direction: this.direction,
      seed: this.seed,
      space: this.space.describe(),
      strategy: this.strategy.describe(),
      pruner: this.pruner?.describe() ?? null,
      createdAt: new Date().toISOString(),
    };
  }

  async #report(t: State<D>, attempt: number, epoch: number, value: number, params?: Params<D>): Promise<void> {
    checkPositiveInteger('epoch', epoch);
    checkNumber('value', value);
    if (params !== undefined) for (const name of Object.keys(checkObject('params', params))) this.space.dimension(name);
    const last = t.history.at(-1);
    if (last && epoch <= last.epoch) throw new InvalidArgumentError('epoch', epoch, `must be after the last reported epoch ${last.epoch}`);
    const prune = await this.storage.withLock(async () => {
      await this.#sync();
      if (t.attempt !== attempt || t.phase !== 'running') throw new InvalidArgumentError('trial', t.id, 'is not running here (told already, or taken over)');
      await this.#append({ op: 'report', trial: t.id, attempt, epoch, value, ...(params ? { params: { ...params } } : {}) });
      return this.pruner?.prune(this.#public(t), this.#trials.filter((s) => s.history.length > 0).map((s) => this.#public(s)), this.direction) ?? false;
    });
    if (prune) throw new TrialPruned(epoch);
  }

  #handle(t: State<D>): AskedTrial<D> {
    const attempt = t.attempt;
    this.#started.set(t.id, Date.now());
    return { id: t.id, batch: t.batch, params: { ...t.params }, u: { ...t.u }, report: (epoch, value, params) => this.#report(t, attempt, epoch, value, params) };
  }

  /** The state of a trial this study object handed out and has not been told about. */
  #mine(trial: AskedTrial<D>): State<D> {
    const t = typeof trial === 'object' && trial !== null ? this.#trials[trial.id] : undefined;
    if (!t || !this.#started.has(t.id)) throw new InvalidArgumentError('trial', trial, 'must be a trial this study handed out with ask() and not yet told');
    if (t.phase !== 'running' || t.owner?.token !== this.#owner.token) throw new InvalidArgumentError('trial', t.id, 'was taken over by another process (this one was thought dead)');
    return t;
  }

  /**
   * A trial's runner is gone: a process of this host that no longer exists, or a study of this
   * process that was closed (its search failed). Other hosts' trials are never taken over.
   */
  #orphaned(owner: Owner | null): boolean {
    if (owner === null || owner.host !== this.#owner.host) return false;
    return owner.pid === process.pid ? !OPEN.has(owner.token) : !alive(owner.pid);
  }

  #public(t: State<D>): Trial<D> {
    const { phase: _p, attempt: _a, owner: _o, ...trial } = t;
    return { ...trial, history: [...t.history] };
  }

  async #append(event: JournalEvent): Promise<void> {
    await this.storage.append([event]);
    this.#read++;
    this.#apply(event);
  }

  async #sync(): Promise<void> {
    const events = await this.storage.read(this.#read);
    for (const event of events) {
      this.#read++;
      this.#apply(event);
    }
    if (events.length > 0) this.#signal();
  }

  #addBatch(us: ReadonlyArray<Record<string, number>>, batch: number): void {
    for (const u of us) {
      const c = this.space.at(u);
      this.#trials.push({ id: this.#trials.length, batch, params: c.params, u: c.u, status: 'error', value: null, history: [], durationMs: 0, phase: 'waiting', attempt: 0, owner: null });
    }
  }

  /** One journal event, written here or read back. */
  #apply(event: JournalEvent): void {
    switch (event.op) {
      case 'study':
        this.#createdAt = event.createdAt;
        return;
      case 'batch': {
        // Replay: the strategy proposes this batch from the same history, and must give the same points.
        if (event.batch !== this.#batches || event.first !== this.#trials.length) throw new InvalidArgumentError('storage', this.storage.name, `has batch ${event.batch} from trial ${event.first} where batch ${this.#batches} from trial ${this.#trials.length} was due`);
        const candidates = this.strategy.next(this.trials());
        const same = candidates.length === event.candidates.length && candidates.every((c, i) => this.space.names.every((n) => c.u[n] === event.candidates[i]?.[n]));
        if (!same) throw new InvalidArgumentError('strategy', this.strategy.name, `must propose the journal's batch ${event.batch} again (the same strategy, options and seed as the journal's)`);
        this.#addBatch(event.candidates, this.#batches++);
        return;
      }
      case 'start': {
        const t = this.#trial(event.trial);
        Object.assign(t, { phase: 'running', attempt: event.attempt, owner: event.owner, status: 'error', value: null });
        delete t.error;
        t.history.length = 0;
        return;
      }
      case 'report': {
        const t = this.#trial(event.trial);
        if (t.attempt === event.attempt) t.history.push({ epoch: event.epoch, value: event.value, params: (event.params ?? t.params) as Params<D> });
        return;
      }
      case 'end': {
        const t = this.#trial(event.trial);
        if (t.attempt !== event.attempt) return;
        Object.assign(t, { phase: 'ended', status: event.status, value: event.value, durationMs: event.durationMs });
        if (event.error !== undefined) t.error = event.error;
        return;
      }
    }
  }

  #trial(id: number): State<D> {
    const t = this.#trials[id];
    if (!t) throw new InvalidArgumentError('storage', this.storage.name, `names trial ${id}, which no batch proposed`);
    return t;
  }

  #nextChange(): Promise<void> {
    return new Promise((resolve) => {
      this.#signal = () => {
        this.#changed = this.#nextChange();
        resolve();
      };
    });
  }
}

export const createStudy = <D extends Dimensions>(options: StudyOptions<D>): Promise<Study<D>> => Study.create(options);
