import type { JournalEvent } from '../events.js';

/**
 * Where a study's journal lives: an append-only list of events that several processes may share.
 * `open` checks the place (and creates it) before the first trial; `withLock` runs fn while no
 * other process holding the same storage runs its own; `read(from)` returns the events from
 * index `from` on.
 */
export interface JournalStorage {
  /** For messages: a path, a Redis key. */
  readonly name: string;
  open(): Promise<void>;
  read(from: number): Promise<JournalEvent[]>;
  append(events: readonly JournalEvent[]): Promise<void>;
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const isStorage = (value: unknown): value is JournalStorage =>
  typeof value === 'object' && value !== null && ['open', 'read', 'append', 'withLock', 'close'].every((k) => typeof (value as Record<string, unknown>)[k] === 'function');
