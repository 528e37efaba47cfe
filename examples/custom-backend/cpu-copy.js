// A tfjs backend module: cpu's kernels under the name "cpu-copy". `npx dlspec run --backend
// ./cpu-copy.js --expectations expectations.json` gives the same counts as the built-in cpu.
import { registerCpuCopy } from './register-cpu-copy.js';

registerCpuCopy('cpu-copy');

/** Optional: what dlspec should know about this backend (every field may be left out). */
export const dlspec = {
  name: 'cpu-copy',
  // Which copy of tfjs-core this module registered into: its own, when it has its own node_modules
  // (in Node; bundled for the browser page, the bundle holds the copy and import.meta has no resolve).
  facts: () => ({
    kernels: 'tfjs-backend-cpu, re-registered',
    tfjsCore: typeof import.meta.resolve === 'function' ? import.meta.resolve('@tensorflow/tfjs-core') : 'bundled with the module',
  }),
};
