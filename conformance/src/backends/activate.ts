import * as tf from '@tensorflow/tfjs';
import { BackendUnavailable } from './types.js';

/** Make a registered tfjs backend the active one, or say why it cannot be. */
export async function activate(name: string): Promise<void> {
  // setBackend resolves false (it does not throw) when the backend's factory fails.
  const ok = await tf.setBackend(name).catch((error: Error) => {
    throw new BackendUnavailable(`tf.setBackend('${name}') threw: ${error.message}`);
  });
  if (!ok || tf.getBackend() !== name) throw new BackendUnavailable(`tf.setBackend('${name}') failed: the backend did not initialize`);
  await tf.ready();
}
