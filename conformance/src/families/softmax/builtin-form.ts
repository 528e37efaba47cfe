/**
 * A softmax_cross_entropy fixture in the terms of tfjs's built-ins, which take one-hot labels
 * with the classes on the last axis and per-element (not per-class) weights: z and y moved to
 * classes-last, class-index labels turned one-hot, and each element's weight weights[label]
 * (0 where the label is ignoreIndex) gathered from the fixture.
 */
import * as tf from '@tensorflow/tfjs';
import type { InputsOf, OpFixture } from '../op.js';
import type { crossEntropyOp } from './ops.js';

export type XentFixture = OpFixture<typeof crossEntropyOp>;

export interface BuiltinForm {
  /** z with the classes last: [m, C] as is, [N, C, d1, ..., dk] as [N, d1, ..., dk, C]. */
  readonly logits: tf.Tensor;
  /** The labels in z's classes-last layout, one-hot for class indices (a zero row for an out-of-range ignoreIndex). */
  readonly onehot: tf.Tensor;
  /** Per-element weights [N, d1, ..., dk] for tfjs's `weights`, or undefined when every element counts 1. */
  readonly weights: tf.Tensor | undefined;
  /** The mean's divisor: the summed weights of the counted elements (their count without weights). */
  readonly W: number;
}

/** [0, 2, ..., r - 1, 1]: axis 1 (the classes) moved last. */
export const classesLast = (rank: number): number[] => (rank === 2 ? [0, 1] : [0, ...Array.from({ length: rank - 2 }, (_, k) => k + 2), 1]);

/** Per-element weights from the fixture: weights[label], 0 where ignored; null when none applies. */
export function elementWeights(f: XentFixture): Float64Array | null {
  const labels = f.inputs.labels?.data;
  const classWeights = f.inputs.weights?.data;
  const { ignoreIndex } = f.params;
  if (!labels || (!classWeights && ignoreIndex === undefined)) return null;
  return labels.map((v) => (v === ignoreIndex ? 0 : classWeights ? (classWeights[v] as number) : 1));
}

/** Number of elements: N d1 ... dk. */
export const elementCount = (f: XentFixture): number => {
  const shape = f.inputs.z?.shape ?? [1, 1];
  return shape.reduce((a, d) => a * d, 1) / (shape[1] ?? 1);
};

/** Builds tensors: call inside tf.tidy (or dispose what it returns). `z` may be a tensor being differentiated. */
export function builtinForm(i: InputsOf<typeof crossEntropyOp, tf.Tensor>, f: XentFixture, z: tf.Tensor = i.z): BuiltinForm {
  const last = (t: tf.Tensor) => (t.rank === 2 ? t : tf.transpose(t, classesLast(t.rank)));
  const C = z.shape[1] as number;
  const onehot = i.labels ? tf.cast(tf.oneHot(tf.cast(i.labels, 'int32'), C), 'float32') : last(i.y as tf.Tensor);
  const w = elementWeights(f);
  return {
    logits: last(z),
    onehot,
    weights: w ? tf.tensor(Float32Array.from(w), i.labels?.shape) : undefined,
    W: w ? w.reduce((a, v) => a + v, 0) : elementCount(f),
  };
}
