import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../backends/types.js';
import type { WorkerRequest } from '../protocol/messages.js';
import type { WorkerHandle } from './collect.js';

const WORKER = fileURLToPath(new URL('../worker/node-main.js', import.meta.url));

/** A forked child as collect() sees it; `request` is sent when collect() begins. */
export function workerHandle(child: ChildProcess, request?: WorkerRequest): WorkerHandle {
  return {
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => {
      child.on('exit', (code, signal) => listener(signal ? `signal ${signal}` : `code ${code}`));
      // Spawning or messaging failed (EAGAIN, a closed channel): the backend errs, the run goes on.
      child.on('error', (error) => listener(`error: ${error.message}`));
    },
    onOutput: (listener) => {
      for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => listener(chunk.toString()));
    },
    begin: () => {
      if (request) child.send(request);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** A Node backend in a child process of its own, its environment set by the backend module. */
export function startNodeWorker(backend: Backend, request: WorkerRequest): WorkerHandle {
  const env = backend.environment ? backend.environment(process.env) : process.env;
  // 'advanced' serialization: the fixtures' Float64Arrays cross bit for bit (NaN, -0 included).
  const child = fork(WORKER, [], { env, serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return workerHandle(child, request);
}
