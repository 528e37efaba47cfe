/**
 * Entry point of the child process that runs one Node backend. One process per backend keeps
 * flags (wasm SIMD on/off) apart and keeps a crash in native code (Dawn, libtensorflow) from
 * taking the whole run down.
 */
import { BACKENDS } from '../backends/index.js';
import type { WorkerMessage, WorkerRequest } from '../protocol/messages.js';
import { serve } from './serve.js';

const send = (message: WorkerMessage): Promise<void> =>
  new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));

process.once('message', (request: WorkerRequest) => {
  serve(BACKENDS, request, send).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error((error as Error).stack ?? error);
      process.exit(1);
    },
  );
});
