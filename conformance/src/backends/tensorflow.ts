import * as tf from '@tensorflow/tfjs';
import { activate } from './activate.js';
import { hostFacts } from './host-facts.js';
import { missingPackage } from './packages.js';
import { BackendUnavailable, type Backend } from './types.js';

/** tfjs-node-gpu (CUDA) or tfjs-node (CPU), whichever is installed; both need libtensorflow. */
export const tensorflow: Backend = {
  name: 'tensorflow',
  description: 'tfjs-node (libtensorflow, CPU) or tfjs-node-gpu (CUDA), when installed',
  host: 'node',
  unavailable: () => missingPackage('@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'),
  async start() {
    const reasons: string[] = [];
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        await import(pkg);
        await activate('tensorflow');
        const backend = tf.backend() as { isUsingGpuDevice?: boolean; binding?: { TF_Version?: string } };
        return { device: { ...hostFacts(), package: pkg, libtensorflow: backend.binding?.TF_Version ?? 'unknown', gpu: backend.isUsingGpuDevice ?? false }, precision: 32 };
      } catch (error) {
        reasons.push(`${pkg}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    throw new BackendUnavailable(
      `neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node can be loaded (both download libtensorflow when installed, ` +
        `which needs internet access beyond the npm registry). ${reasons.join('; ')}`,
    );
  },
};
