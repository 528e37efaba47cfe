/**
 * Entry point of the child process that runs one Node backend. One process per backend keeps
 * flags (wasm SIMD on/off) apart and keeps a crash in native code (Dawn, libtensorflow) from
 * taking the whole run down.
 */
import { backendFacts } from '../backends/facts.js';
import { BackendUnavailable, startNodeBackend } from '../backends/node-init.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';
import { runRequest } from './worker-core.js';

const send = (message: WorkerMessage): Promise<void> =>
  new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));

process.once('message', async (request: WorkerRequest) => {
  const pending: Promise<void>[] = [];
  try {
    let started;
    try {
      started = await startNodeBackend(request.backend);
    } catch (error) {
      const reason = error instanceof BackendUnavailable ? error.message : `failed to start: ${(error as Error).stack ?? error}`;
      await send({ type: 'unavailable', reason });
      process.exit(0);
    }
    await send({ type: 'started', device: { ...started.device, ...backendFacts() } });
    await runRequest(request, started.precision, (m) => pending.push(send(m)));
    await Promise.all(pending);
    process.exit(0);
  } catch (error) {
    console.error((error as Error).stack ?? error);
    process.exit(1);
  }
});
