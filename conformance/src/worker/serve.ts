/**
 * A worker's whole job, the same in a Node child and in a Chromium page: start the backend, say
 * what it runs on, run the fixtures and send every result as soon as it exists, then say done.
 */
import { moduleBackend } from '../backends/module.js';
import type { Backend } from '../backends/types.js';
import { BackendUnavailable } from '../backends/types.js';
import { backendFacts } from '../backends/facts.js';
import { encodeCase } from '../protocol/encode.js';
import type { WorkerMessage, WorkerRequest } from '../protocol/messages.js';
import { runFixtures } from './run-cases.js';

export type Send = (message: WorkerMessage) => void | Promise<void>;

/** `backends`: the built-ins this worker can start; `module`: how it starts a backend module (the page loads its bundle). */
export async function serve(backends: readonly Backend[], request: WorkerRequest, send: Send, module = moduleBackend): Promise<void> {
  const backend = typeof request.backend === 'string' ? backends.find((b) => b.name === request.backend) : module(request.backend);
  if (!backend) {
    await send({ type: 'unavailable', reason: `this worker cannot start backend ${JSON.stringify(request.backend)} (it has ${backends.map((b) => b.name).join(', ')})` });
    return;
  }
  let started;
  try {
    started = await backend.start();
  } catch (error) {
    const reason = error instanceof BackendUnavailable ? error.message : `failed to start: ${(error as Error).stack ?? String(error)}`;
    await send({ type: 'unavailable', reason });
    return;
  }
  await send({ type: 'started', ...(started.name === undefined ? {} : { name: started.name }), device: { ...started.device, floatPrecision: started.precision, ...backendFacts() } });
  await runFixtures(request.fixtures, {
    precision: started.precision,
    ...(backend.failureLog ? { failureLog: backend.failureLog } : {}),
    ...(started.readBack ? { readBack: started.readBack } : {}),
    ...(request.subjects ? { subjects: request.subjects } : {}),
    onResult: (result) => send({ type: 'result', result: encodeCase(result) }),
  });
  await send({ type: 'done' });
}
