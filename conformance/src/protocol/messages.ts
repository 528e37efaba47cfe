import type { ModuleRef } from '../backends/module.js';
import type { OpFixture } from '../families/op.js';
import type { EncodedCase } from './encode.js';

/**
 * What the host sends to a worker (a Node child or a Chromium page): the backend's name and the
 * fixtures, already read, hash-checked, decoded and checked against their ops by the host (a
 * fixture is decoded once; typed arrays cross both boundaries bit for bit).
 */
export interface WorkerRequest {
  /** A built-in backend's name, or a backend module the host found. */
  readonly backend: string | ModuleRef;
  readonly fixtures: readonly OpFixture[];
  /** Only subjects whose name contains one of these. */
  readonly subjects?: readonly string[];
}

/** What a worker answers, one message at a time, as results come in. */
export type WorkerMessage =
  | { readonly type: 'started'; readonly name?: string; readonly device: Record<string, unknown> }
  | { readonly type: 'unavailable'; readonly reason: string }
  | { readonly type: 'result'; readonly result: EncodedCase }
  | { readonly type: 'done' };

declare global {
  /** Set by the browser bundle (worker/browser-main.ts) in the page; the host calls run(request). */
  var __dlspec: { run(request: WorkerRequest): Promise<void> };
  /** Exposed by the host on the page (Playwright's exposeFunction): one message as JSON text. */
  function __dlspecSend(json: string): Promise<void>;
}
