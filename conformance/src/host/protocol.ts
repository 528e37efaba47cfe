import type { EncodedCase } from '../engine/encode.js';
import type { BackendSpec } from '../backends/registry.js';

/** What the host sends to a worker (Node child or browser page). */
export interface WorkerRequest {
  readonly backend: BackendSpec;
  /** Raw fixture JSON, already hash-checked by the host; the worker validates and decodes it. */
  readonly fixtures: readonly unknown[];
  readonly subjects?: readonly string[];
}

/** What a worker answers. */
export type WorkerMessage =
  | { readonly type: 'started'; readonly device: Record<string, unknown> }
  | { readonly type: 'unavailable'; readonly reason: string }
  | { readonly type: 'result'; readonly result: EncodedCase }
  | { readonly type: 'done' };
