/**
 * Batch norm forward + backward in training mode, on [256, 1024] and on a channels-last
 * [32, 32, 32, 64] batch: our BatchNorm layer against tf.layers.batchNormalization (each
 * differentiated by tfjs for dz, dgamma, dbeta), and our batchNormTrain + batchNormBackward
 * against tf.moments + tf.batchNorm under tf.grads. Same epsilon (1e-3, Keras's) everywhere.
 */
import * as tf from '@tensorflow/tfjs';
import { BatchNorm, batchNormBackward, batchNormTrain } from '@dlspec/batchnorm';

export const family = 'batchnorm';

const epsilon = 1e-3;
const SHAPES = [[256, 1024], [32, 32, 32, 64]];

const inputs = (shape) => ({ z: tf.randomNormal(shape, 1, 2, 'float32', 3), dy: tf.randomNormal(shape, 0, 1, 'float32', 4) });

/** zTilde and its gradients with respect to z, gamma and beta, through tfjs's autodiff of f(z). */
const forwardBackward = (f, z, dy, gamma, beta) =>
  tf.tidy(() => {
    const { value, grads } = tf.valueAndGrads((x, _g, _b) => f(x))([z, gamma, beta], dy);
    return [value, ...grads];
  });

export function rows() {
  return SHAPES.flatMap((shape) => {
    const n = shape.at(-1);
    const reduce = shape.slice(0, -1).map((_, d) => d);
    return [
      {
        name: 'layer train fwd+bwd (BatchNorm vs tf.layers.batchNormalization)',
        shape: shape.join('x'),
        setup: () => {
          const ours = new BatchNorm({ size: n, epsilon, momentum: 0.99, profile: 'keras' });
          const layer = tf.layers.batchNormalization({ axis: -1, epsilon, momentum: 0.99 });
          layer.build(shape);
          return { ...inputs(shape), ours, layer };
        },
        builtin: (c) => forwardBackward((x) => c.layer.apply(x, { training: true }), c.z, c.dy, c.layer.gamma.read(), c.layer.beta.read()),
        ours: (c) => forwardBackward((x) => c.ours.apply(x, { training: true }), c.z, c.dy, c.ours.gamma, c.ours.beta),
        teardown: (c) => {
          c.ours.dispose();
          // Layer.dispose() refuses a layer applied only to concrete tensors: free its weights.
          for (const w of c.layer.weights) w.dispose();
          tf.dispose([c.z, c.dy]);
        },
      },
      {
        name: 'functions fwd+bwd (batchNormTrain + batchNormBackward vs tf.moments + tf.batchNorm under tf.grads)',
        shape: shape.join('x'),
        setup: () => ({ ...inputs(shape), gamma: tf.randomUniform([n], 0.5, 1.5, 'float32', 5), beta: tf.randomNormal([n], 0, 1, 'float32', 6) }),
        builtin: (c) =>
          tf.tidy(() => {
            const { value, grads } = tf.valueAndGrads((z, gamma, beta) => {
              const { mean, variance } = tf.moments(z, reduce);
              return tf.batchNorm(z, mean, variance, beta, gamma, epsilon);
            })([c.z, c.gamma, c.beta], c.dy);
            return [value, ...grads];
          }),
        ours: (c) => {
          const fwd = batchNormTrain(c.z, c.gamma, c.beta, { epsilon });
          // The forward's zNorm and variance passed on, as a training step would.
          const bwd = batchNormBackward(c.z, c.gamma, c.dy, { epsilon }, fwd);
          tf.dispose([fwd.mean, fwd.variance, fwd.zNorm]);
          return [fwd.zTilde, bwd.dz, bwd.dgamma, bwd.dbeta];
        },
        teardown: (c) => tf.dispose([c.z, c.dy, c.gamma, c.beta]),
      },
    ];
  });
}
