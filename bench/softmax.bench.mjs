/**
 * Softmax, log-softmax, and the cross-entropy forward + backward (the loss and dz) on a
 * [512, 1000] batch of logits: ours against tf.softmax, tf.logSoftmax and
 * tf.losses.softmaxCrossEntropy differentiated by tf.grad. Ours runs the fused softmax kernel where
 * registerSoftmaxKernels() has one for the backend (wasm, webgl, webgpu), the composed ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { logSoftmax, registerSoftmaxKernels, softmax, softmaxCrossEntropy } from '@dlspec/softmax';

export const family = 'softmax';

const [m, C] = [512, 1000];

export async function rows() {
  await registerSoftmaxKernels();
  const setup = () => ({
    z: tf.randomNormal([m, C], 0, 3, 'float32', 1),
    y: tf.tidy(() => tf.oneHot(tf.randomUniformInt([m], 0, C, { seed: 2 }), C).toFloat()),
  });
  const teardown = (c) => tf.dispose([c.z, c.y]);
  const shape = `${m}x${C}`;
  return [
    { name: 'softmax', shape, setup, teardown, builtin: (c) => tf.softmax(c.z), ours: (c) => softmax(c.z) },
    { name: 'logSoftmax', shape, setup, teardown, builtin: (c) => tf.logSoftmax(c.z), ours: (c) => logSoftmax(c.z) },
    {
      name: 'cross-entropy fwd+bwd (loss, dz)',
      shape,
      setup,
      teardown,
      builtin: (c) => tf.tidy(() => [tf.losses.softmaxCrossEntropy(c.y, c.z), tf.grad((l) => tf.losses.softmaxCrossEntropy(c.y, l))(c.z)]),
      ours: (c) => Object.values(softmaxCrossEntropy(c.z, c.y)),
    },
  ];
}
