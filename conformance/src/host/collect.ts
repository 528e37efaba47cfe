import { decodeCase } from '../protocol/encode.js';
import type { BackendStatus, CaseResult } from '../protocol/case-result.js';
import type { WorkerMessage } from '../protocol/messages.js';

export interface Collected {
  readonly status: BackendStatus;
  /** The name the worker said the backend runs under (a module backend's registered name). */
  readonly name?: string;
  readonly reason?: string;
  readonly device: Record<string, unknown>;
  readonly cases: CaseResult[];
}

/** A running worker as the host sees it, a Node child or a Chromium page alike. */
export interface WorkerHandle {
  onMessage(listener: (m: WorkerMessage) => void): void;
  /** The worker ended (exited, crashed, page closed) before saying done. */
  onExit(listener: (how: string) => void): void;
  /** Its stdout, stderr or console, for the tail shown when it fails. */
  onOutput(listener: (text: string) => void): void;
  /** Send the request; called once every listener is attached, so no message is missed. */
  begin(): void;
  /** Device facts the host knows and the worker cannot (the Chromium version). */
  readonly hostFacts?: Record<string, unknown>;
  /** End the worker, whatever state it is in. */
  stop(): Promise<void>;
}

const TAIL = 2000;

/**
 * Gather a worker's messages until it says done, exits, or runs out of time. Results already
 * received are kept in every case; a worker that dies or hangs mid-run makes the backend `error`.
 * The worker is stopped before this resolves.
 */
export function collect(worker: WorkerHandle, timeoutMs: number, onResult?: (result: CaseResult) => void): Promise<Collected> {
  return new Promise<Collected>((resolve) => {
    let device: Record<string, unknown> = {};
    let name: string | undefined;
    const cases: CaseResult[] = [];
    let output = '';
    let settled = false;
    const finish = (result: Omit<Collected, 'cases' | 'device'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker
        .stop()
        .catch(() => {})
        .then(() => resolve({ ...result, ...(name === undefined ? {} : { name }), device, cases }));
    };
    const timer = setTimeout(() => {
      finish({ status: 'error', reason: `timed out after ${timeoutMs / 1000} s with ${cases.length} results in; output tail: ${output.trim()}` });
    }, timeoutMs);
    worker.onOutput((text) => (output = (output + text).slice(-TAIL)));
    worker.onMessage((m) => {
      if (settled) return;
      if (m.type === 'started') {
        device = { ...m.device, ...worker.hostFacts };
        name = m.name;
      }
      else if (m.type === 'result') {
        const result = decodeCase(m.result);
        cases.push(result);
        onResult?.(result);
      }
      else if (m.type === 'unavailable') finish({ status: 'unavailable', reason: m.reason });
      else if (m.type === 'done') finish({ status: 'ok' });
      else finish({ status: 'error', reason: `the worker sent a message this host does not know: ${JSON.stringify(m).slice(0, 200)}` });
    });
    worker.onExit((how) => finish({ status: 'error', reason: `worker exited (${how}) before finishing; ${cases.length} results in; output tail: ${output.trim() || '(none)'}` }));
    try {
      worker.begin();
    } catch (error) {
      finish({ status: 'error', reason: `the request could not be sent to the worker: ${(error as Error).message}` });
    }
  });
}
