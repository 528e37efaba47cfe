import type { JournalEvent } from '../events.js';
import type { JournalStorage } from './types.js';

/** A journal in this process's memory: ask and tell without files; gone when the process ends. */
export class JournalMemoryStorage implements JournalStorage {
  readonly name = 'memory';
  readonly #events: JournalEvent[] = [];
  #lock: Promise<unknown> = Promise.resolve();

  async open(): Promise<void> {}
  async read(from: number): Promise<JournalEvent[]> {
    return this.#events.slice(from).map((e) => structuredClone(e));
  }
  async append(events: readonly JournalEvent[]): Promise<void> {
    this.#events.push(...events.map((e) => structuredClone(e)));
  }
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }
  async close(): Promise<void> {}
}
