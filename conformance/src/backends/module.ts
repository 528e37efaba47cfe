/**
 * A backend a user brings: a module that registers a tfjs backend the way backend packages do
 * (tf.registerBackend and its kernels, on import), run in its own worker like the built-ins. It
 * may export `dlspec` (a BackendModuleInfo) for its name, setup, device facts and float precision.
 * The module may bring its own copy of @tensorflow/tfjs-core: tfjs keeps its engine and kernel
 * registry on globalThis, so every copy in the process registers into the same one.
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from './activate.js';
import { BackendUnavailable, type Backend, type ReadBack, type Started } from './types.js';

/** What a backend module may export as `dlspec` (every field optional). */
export interface BackendModuleInfo {
  /** The name it registered with tf.registerBackend (default: the one backend the import registered). */
  readonly name?: string;
  /** Where it runs: 'node' (default), or 'browser' for a module meant for the Chromium page. */
  readonly host?: 'node' | 'browser';
  /** Run after the import and before the backend is activated (flags, adapters, a warm-up ...). */
  setup?(): void | Promise<void>;
  /** Facts about the device, reported with the run. */
  facts?(): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Bits of float it stores; default: what the backend's floatPrecision() says. */
  readonly precision?: 16 | 32;
  /** How outputs are read back: 'async' (default, `await data()`) or 'sync' (`dataSync()`, where polling for the device keeps a core busy). */
  readonly readBack?: ReadBack;
}

/** Where the host found the module: its URL to import, and what the user wrote. */
export interface ModuleRef {
  readonly url: string;
  readonly specifier: string;
  readonly host: 'node' | 'browser';
  /** For the page: the module bundled into one script that sets globalThis.__dlspecModule. */
  readonly code?: string;
}

const registered = () => Object.keys(tf.engine().registryFactory);

/** The worker side of a module backend: import it, find what it registered, set it up, activate it. */
export async function startModule(ref: ModuleRef, load: () => Promise<Record<string, unknown>> = () => import(ref.url)): Promise<Started> {
  const before = new Set(registered());
  let exports: Record<string, unknown>;
  try {
    exports = await load();
  } catch (error) {
    throw new BackendUnavailable(`backend module ${ref.specifier} failed to load: ${(error as Error).message.split('\n')[0]}`);
  }
  const info = (exports.dlspec ?? {}) as BackendModuleInfo;
  const added = registered().filter((n) => !before.has(n));
  const name = info.name ?? (added.length === 1 ? added[0] : undefined);
  if (name === undefined) {
    throw new BackendUnavailable(
      `backend module ${ref.specifier} registered ${added.length ? `${added.length} backends (${added.join(', ')})` : 'no tfjs backend'} on import; register one with tf.registerBackend, or export dlspec = { name } to say which`,
    );
  }
  if (!registered().includes(name)) throw new BackendUnavailable(`backend module ${ref.specifier} names backend ${JSON.stringify(name)}, which is not registered (registered: ${registered().join(', ')})`);
  try {
    await info.setup?.();
  } catch (error) {
    throw new BackendUnavailable(`backend module ${ref.specifier}: dlspec.setup() threw: ${(error as Error).message}`);
  }
  await activate(name);
  let facts: Record<string, unknown> = {};
  try {
    facts = (await info.facts?.()) ?? {};
  } catch (error) {
    throw new BackendUnavailable(`backend module ${ref.specifier}: dlspec.facts() threw: ${(error as Error).message}`);
  }
  return { name, device: { module: ref.specifier, ...facts }, precision: info.precision ?? (tf.backend().floatPrecision() === 16 ? 16 : 32), ...(info.readBack ? { readBack: info.readBack } : {}) };
}

/** A module backend as the worker's Backend: named by its specifier until it has started. */
export function moduleBackend(ref: ModuleRef): Backend {
  return { name: ref.specifier, description: `backend module ${ref.specifier}`, host: ref.host, start: () => startModule(ref) };
}
