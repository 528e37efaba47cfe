// The objective: train the lecture's batch-norm network (packages/optimizers BatchNormNetwork: two
// linear layers, each followed by our BatchNorm, ReLU between, softmax cross-entropy) with Adam on
// the spirals, and report the validation cost after every epoch. Loaded by module path in each
// worker process, which has its own tfjs engine on the cpu backend.
// The full package: its cpu backend and the gradients our models' training needs.
import * as tf from '@tensorflow/tfjs';
import { BatchNormNetwork, Optimizer } from '@dlspec/optimizers';
import { CLASSES, train, validation } from './data.mjs';

export const EPOCHS = 9;
/** Full-batch Adam steps per epoch. */
const STEPS = 2;

let data = null;

/** params: learningRate (alpha), beta1 (Adam's momentum term), hidden (units of the first layer). */
export async function trainNetwork(params, trial) {
  if (!data) {
    await tf.setBackend('cpu');
    const [t, v] = [train(), validation()];
    data = { X: tf.tensor2d(t.X), Y: tf.tensor2d(t.Y), Xv: tf.tensor2d(v.X), Yv: tf.tensor2d(v.Y) };
  }
  const n1 = params.hidden;
  // He initialisation from a fixed seed: a trial's result depends only on its hyperparameters.
  const init = tf.tidy(() => ({
    W1: tf.randomNormal([2, n1], 0, 1, 'float32', 1),
    gamma1: tf.ones([n1]),
    beta1: tf.zeros([n1]),
    W2: tf.randomNormal([n1, CLASSES], 0, Math.sqrt(2 / n1), 'float32', 2),
    gamma2: tf.ones([CLASSES]),
    beta2: tf.zeros([CLASSES]),
  }));
  const net = new BatchNormNetwork(init, { epsilon: 1e-5 });
  tf.dispose(Object.values(init));
  const optimizer = new Optimizer({ optimizer: 'adam', learningRate: params.learningRate, beta1: params.beta1, beta2: 0.999, epsilon: 1e-8 });
  try {
    let value = NaN;
    for (let epoch = 1; epoch <= EPOCHS; epoch++) {
      tf.dispose(net.train(data.X, data.Y, optimizer, STEPS));
      // The network has training-mode batch norm only: the validation batch is normalised by its own mu and sigma2.
      const cost = net.cost(data.Xv, data.Yv);
      value = (await cost.data())[0];
      cost.dispose();
      await trial.report(epoch, value);
    }
    return value;
  } finally {
    net.dispose();
    optimizer.dispose();
  }
}
