/**
 * A backend is one module behind this interface. The host reads `name`, `host`, `description`
 * and (for Node workers) `environment`; the worker, in its own process or Chromium page, calls
 * `start` to register and activate the tfjs backend and learn what it runs on. How a worker is
 * spawned, streamed, timed out and stopped is the host's business (host/node-process.ts,
 * host/chromium-page.ts), the same for every backend.
 */
/** Environment variables (as process.env holds them), without needing Node's types. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How a worker reads a case's outputs back: 'async' (`await tensor.data()`) or 'sync' (`tensor.dataSync()`). */
export type ReadBack = 'sync' | 'async';

export interface Started {
  /** The name the backend runs under, when only starting tells it (a module backend's registered name). */
  readonly name?: string;
  /** Facts about the device, reported with the run (adapter, renderer, SIMD ...). */
  readonly device: Record<string, unknown>;
  /** Bits of float the backend computes and stores in: 16 widens float32 tiers to the f16 tier. */
  readonly precision: 16 | 32;
  /**
   * How a case's outputs are read back. 'async' (the default): `await tensor.data()`. 'sync':
   * `tensor.dataSync()`, for a backend whose asynchronous read polls the device in a loop that
   * keeps a core busy while the driver works (tfjs-backend-webgl's fence polling), where a blocking
   * read waits in the driver and leaves the core to it. The values read are the same.
   */
  readonly readBack?: ReadBack;
}

export interface Backend {
  readonly name: string;
  readonly description: string;
  /** Where its worker runs: a Node child process, or a headless Chromium page. */
  readonly host: 'node' | 'browser';
  /**
   * How long the whole suite takes here relative to cpu (about 1), for scheduling only: the matrix
   * starts the longest backends first, so the short ones fill in at the end. Default 1.
   */
  readonly cost?: number;
  /** Host side, before anything starts: why it cannot run on this machine, or null (for `dlspec list`; the run itself has the last word). */
  unavailable?(): string | null;
  /** Host side, Node workers only: the worker's environment (set before the process starts). */
  environment?(env: Environment): Environment;
  /**
   * Worker side: a line the backend writes (stderr, console.warn or console.error) when an op fails
   * without throwing and leaves its output unwritten; a case during which it appears fails with it.
   */
  readonly failureLog?: RegExp;
  /** Worker side: register and activate the tfjs backend. Throws BackendUnavailable with the reason it cannot start here. */
  start(): Promise<Started>;
}

/** The backend cannot start on this machine; the message says why. Reported as unavailable, never as a pass. */
export class BackendUnavailable extends Error {
  override readonly name = 'BackendUnavailable';
}
