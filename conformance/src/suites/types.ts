import type { Random, Tensor64, Tolerance } from '@dlspec/core';
import type { ParamValue } from '@dlspec/fixtures';

/**
 * One golden case, written like ONNX's per-operator case files: what it feeds, which profile it
 * follows and which tier applies. The expected tensors come from the family's float64 spec for
 * the op (`expect`), unless the case computes them another way on purpose (`expected`).
 */
export interface CaseDefinition {
  readonly name: string;
  readonly op: string;
  readonly description: string;
  readonly profile?: string;
  readonly params: Record<string, ParamValue>;
  /** Seed of the random numbers `inputs` draws; null when the inputs are written out. */
  readonly seed: number | null;
  readonly inputs: (random: Random) => Record<string, Tensor64>;
  readonly expected?: (inputs: Record<string, Tensor64>) => Record<string, Tensor64>;
  readonly tolerance: Tolerance;
  readonly outputTolerance?: Record<string, Tolerance>;
  readonly signedZero?: boolean;
}

export interface FamilySuite {
  readonly family: string;
  /** The package whose spec.ts computes the expectations, for provenance. */
  readonly generator: string;
  readonly cases: readonly CaseDefinition[];
  /** float64 expectations for each op of the family. */
  readonly expect: (op: string, inputs: Record<string, Tensor64>, params: Record<string, ParamValue>, profile?: string) => Record<string, Tensor64>;
}
