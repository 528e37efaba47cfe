import type * as tf from '@tensorflow/tfjs';
import type { Tensor64 } from '@dlspec/core';
import type { Fixture } from '@dlspec/fixtures';

/**
 * A subject's outputs by expected key: tfjs tensors, or float64 data computed in JavaScript
 * (seeded sequences, compared bit for bit).
 */
export type Outputs = Record<string, tf.Tensor | Tensor64>;

/** Input tensors of a fixture, created float32 on the backend under test. */
export type InputTensors = Readonly<Record<string, tf.Tensor>>;

/**
 * Something the suite checks: one of our reference models or a tfjs built-in, for one op.
 * `run` returns tensors named by the fixture's expected keys; the engine reads and disposes them
 * and counts every other tensor left behind as a leak.
 */
export interface Subject {
  readonly name: string;
  readonly op: string;
  readonly kind: 'reference' | 'builtin';
  /** Whether the subject is about this fixture at all (default: every fixture of its op). Not listed when false. */
  readonly appliesTo?: (fixture: Fixture) => boolean;
  /** For a fixture it applies to: true when it can run it, otherwise the reason it cannot (reported as skip). */
  readonly supports?: (fixture: Fixture) => true | string;
  readonly run: (inputs: InputTensors, fixture: Fixture) => Outputs | Promise<Outputs>;
}

export const numberParam = (fixture: Fixture, key: string, fallback: number): number => {
  const v = fixture.params[key];
  return typeof v === 'number' ? v : fallback;
};
