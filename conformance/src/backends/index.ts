/**
 * Every built-in backend. A new backend is one module (copy backends/cpu.ts) and one line: here
 * for a Node backend, in browser.ts for one that runs in a Chromium page.
 */
import { InvalidArgumentError } from '@dlspec/core';
import { cpu } from './cpu.js';
import { tensorflow } from './tensorflow.js';
import type { Backend } from './types.js';
import { wasm, wasmNoSimd } from './wasm.js';
import { BROWSER_BACKENDS } from './browser.js';
import { webgpu } from './webgpu.js';

export const BACKENDS: readonly Backend[] = [cpu, wasm, wasmNoSimd, webgpu, ...BROWSER_BACKENDS, tensorflow];

export const BACKEND_NAMES = BACKENDS.map((b) => b.name);

/** Resolve "all" or a comma/space separated list of names, refusing unknown ones by name. */
export function resolveBackends(names: readonly string[], argument = '--backend'): Backend[] {
  const wanted = names.flatMap((n) => n.split(/[\s,]+/)).filter(Boolean);
  if (wanted.length === 0 || wanted.includes('all')) return [...BACKENDS];
  return [...new Set(wanted)].map((name) => {
    const backend = BACKENDS.find((b) => b.name === name);
    if (!backend) throw new InvalidArgumentError(argument, name, `must be "all" or one of ${BACKEND_NAMES.join(', ')}`);
    return backend;
  });
}
