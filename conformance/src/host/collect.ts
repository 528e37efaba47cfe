import type { Readable } from 'node:stream';
import { decodeCase } from '../engine/encode.js';
import type { CaseResult } from '../engine/types.js';
import type { WorkerMessage } from './protocol.js';

export interface Collected {
  readonly status: 'ok' | 'unavailable' | 'error';
  readonly reason?: string;
  readonly device: Record<string, unknown>;
  readonly cases: CaseResult[];
}

export interface WorkerHandle {
  onMessage(listener: (m: WorkerMessage) => void): void;
  onExit(listener: (how: string) => void): void;
  output: Readable[];
  kill(): void;
}

const TAIL = 2000;

/**
 * Gather a worker's messages until it says done, exits, or runs out of time. Results already
 * received are kept in every case; a worker that dies mid-run makes the backend `error`.
 */
export function collect(worker: WorkerHandle, timeoutMs: number): Promise<Collected> {
  return new Promise((resolve) => {
    let device: Record<string, unknown> = {};
    const cases: CaseResult[] = [];
    let output = '';
    let settled = false;
    for (const stream of worker.output) stream.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-TAIL)));
    const finish = (result: Omit<Collected, 'cases' | 'device'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, device, cases });
    };
    const timer = setTimeout(() => {
      worker.kill();
      finish({ status: 'error', reason: `timed out after ${timeoutMs / 1000} s with ${cases.length} results in; output tail: ${output.trim()}` });
    }, timeoutMs);
    worker.onMessage((m) => {
      if (m.type === 'started') device = m.device;
      else if (m.type === 'result') cases.push(decodeCase(m.result));
      else if (m.type === 'unavailable') finish({ status: 'unavailable', reason: m.reason });
      else finish({ status: 'ok' });
    });
    worker.onExit((how) => finish({ status: 'error', reason: `worker exited (${how}) before finishing; ${cases.length} results in; output tail: ${output.trim() || '(none)'}` }));
  });
}
