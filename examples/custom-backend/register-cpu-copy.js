// Shared by both examples: register tfjs-backend-cpu's backend and every kernel under a new name,
// the way a backend package registers itself when it is imported.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export function registerCpuCopy(name) {
  tf.registerBackend(name, () => new MathBackendCPU(), /* priority */ 0);
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: name });
}
