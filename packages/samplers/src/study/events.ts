/**
 * The journal: what happened to a study, one event per line, in order. Every process working on
 * the study reads the same events and so agrees on its state (the strategy's batches, which trial
 * runs where, each reported epoch, each end), as Optuna's journal storage does.
 */
import { decodeNumber, encodeNumber, InvalidArgumentError } from '@dlspec/core';
import type { TrialStatus } from '../strategies/types.js';

export const JOURNAL_VERSION = 1;

/** Who runs a trial: a process on a host, and which study object in it. */
export interface Owner {
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

export type JournalEvent =
  | { op: 'study'; version: number; direction: string; seed: number | null; space: Record<string, unknown>; strategy: Record<string, unknown>; pruner: Record<string, unknown> | null; createdAt: string }
  /** The strategy's batch `batch`: trials first .. first + candidates.length - 1, at these uniform coordinates. */
  | { op: 'batch'; batch: number; first: number; candidates: Array<Record<string, number>> }
  /** A trial (re)started; attempt counts from 1 (a trial whose process died is started again). */
  | { op: 'start'; trial: number; attempt: number; owner: Owner; at: string }
  | { op: 'report'; trial: number; attempt: number; epoch: number; value: number; params?: Record<string, unknown> }
  | { op: 'end'; trial: number; attempt: number; status: TrialStatus; value: number | null; error?: string; durationMs: number };

/** One line of JSON; non-finite values as "NaN", "Infinity", "-Infinity" so none reads back as null. */
export const encodeEvent = (event: JournalEvent): string => JSON.stringify(event, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? encodeNumber(v) : v));

const OPS = new Set(['study', 'batch', 'start', 'report', 'end']);

/** A line read back; `where` names it in the error when it is not an event. */
export function decodeEvent(line: string, where: string): JournalEvent {
  let event: { op?: unknown; value?: unknown };
  try {
    event = JSON.parse(line) as typeof event;
  } catch (error) {
    throw new InvalidArgumentError(where, line.slice(0, 80), 'must be a line of JSON (a journal event)', { cause: error });
  }
  if (typeof event !== 'object' || event === null || !OPS.has(event.op as string)) throw new InvalidArgumentError(where, line.slice(0, 80), `must be a journal event (op one of ${[...OPS].join(', ')})`);
  if ((event.op === 'report' || event.op === 'end') && event.value !== null) event.value = decodeNumber(event.value, `${where}.value`);
  return event as JournalEvent;
}
