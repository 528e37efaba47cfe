/** Messages between the search process and a trial worker process (structured clone: NaN and Infinity survive). */
export type ToWorker =
  | { type: 'load'; module: string; exportName: string }
  | { type: 'run'; id: number; params: Record<string, unknown> }
  | { type: 'decision'; id: number; epoch: number; prune: boolean; error?: string };

export type FromWorker =
  | { type: 'loaded' }
  | { type: 'load-error'; message: string }
  | { type: 'report'; id: number; epoch: number; value: number }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'pruned'; id: number; epoch: number }
  | { type: 'failed'; id: number; name: string; message: string };
