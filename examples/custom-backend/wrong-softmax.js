// A tfjs backend module with a bug to find: cpu's kernels, but a Softmax kernel that divides by
// 1.001 times the sum of exponentials. dlspec fails exactly the cases whose subjects run Softmax.
import * as tf from '@tensorflow/tfjs-core';
import { registerCpuCopy } from './register-cpu-copy.js';

const NAME = 'wrong-softmax';
registerCpuCopy(NAME);

const softmax = tf.getKernel('Softmax', 'cpu');
tf.unregisterKernel('Softmax', NAME);
tf.registerKernel({
  kernelName: 'Softmax',
  backendName: NAME,
  kernelFunc: (args) => {
    const out = softmax.kernelFunc(args);
    // The bug: every probability 0.1% too small, so no row sums to 1.
    const values = args.backend.readSync(out.dataId);
    for (let i = 0; i < values.length; i++) values[i] /= 1.001;
    return out;
  },
});

export const dlspec = { name: NAME };
