import * as tf from '@tensorflow/tfjs';
import { activate } from './activate.js';
import { hostFacts } from './host-facts.js';
import { missingPackage } from './packages.js';
import { BackendUnavailable, type Backend } from './types.js';

/** tfjs-backend-wasm with `flags` set before it initializes (WASM_HAS_SIMD_SUPPORT picks the build). */
function wasmBackend(name: string, description: string, flags: Record<string, boolean>): Backend {
  return {
    name,
    description,
    host: 'node',
    unavailable: () => missingPackage('@tensorflow/tfjs-backend-wasm'),
    // XNNPACK ops it cannot set up (above rank 6) are only logged, their outputs left unwritten.
    failureLog: /XNN status .* is not successful/,
    async start() {
      const missing = missingPackage('@tensorflow/tfjs-backend-wasm');
      if (missing) throw new BackendUnavailable(missing);
      await import('@tensorflow/tfjs-backend-wasm');
      for (const [flag, value] of Object.entries(flags)) tf.env().set(flag, value);
      await activate('wasm');
      const device = { ...hostFacts(), simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') };
      return { device, precision: 32 };
    },
  };
}

export const wasm = wasmBackend('wasm', 'tfjs-backend-wasm with SIMD (XNNPACK), threads off in Node', {});
export const wasmNoSimd = wasmBackend('wasm-nosimd', 'tfjs-backend-wasm, plain (non-SIMD) build', { WASM_HAS_SIMD_SUPPORT: false });
