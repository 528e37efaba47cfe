/**
 * The numbers a step's ops take, as scalar tensors: a JavaScript number operand becomes a new scalar
 * tensor at every op, on a GPU an upload and a buffer each. The config's numbers (beta, 1 - beta,
 * epsilon, ...) are made once and kept across steps, as tf.train keeps its constants; the step's
 * own (alpha, the bias corrections, which move with t and the schedule) once per step, shared by
 * every variable and freed with the step's tidy. tf.scalar rounds to float32 exactly as an op's own
 * conversion of the number does, so the values are the same bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A number operand as a scalar tensor. */
export type ScalarOf = (x: number) => tf.Scalar;

/** +0 and -0 kept apart (a Map would merge them), every other number as itself. */
const keyOf = (x: number): number | string => (Object.is(x, -0) ? '-0' : x);

/** Scalars by value, made on first use by `make`. */
const cached = (map: Map<number | string, tf.Scalar>, make: (x: number) => tf.Scalar): ScalarOf => (x) => {
  const key = keyOf(x);
  let s = map.get(key);
  if (!s) {
    s = make(x);
    map.set(key, s);
  }
  return s;
};

export class KeptScalars {
  #kept = new Map<number | string, tf.Scalar>();
  #backend: string | undefined;

  /** The config's numbers, kept until dispose() (or a change of backend: the next step makes them again there). */
  readonly constant: ScalarOf = cached(this.#kept, (x) => tf.keep(tf.scalar(x, 'float32')));

  /** Call inside the step's tidy: the step's own numbers, made at most once each in this step. */
  forStep(): ScalarOf {
    const backend = tf.getBackend();
    if (backend !== this.#backend) this.dispose();
    this.#backend = backend;
    return cached(new Map(), (x) => tf.scalar(x, 'float32'));
  }

  dispose(): void {
    tf.dispose([...this.#kept.values()]);
    this.#kept.clear();
  }
}
