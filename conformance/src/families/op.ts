/**
 * The typed records a family is made of. An op names its params (as a zod schema: which params
 * exist, their types, ranges and defaults), its input and output tensor keys, whether it has
 * conventions (profiles), and its float64 expectation. Cases and subjects are typed by the op
 * record itself, not by its name: a subject for an op that does not exist does not compile.
 */
import type { Random, Tensor64, Tolerance } from '@dlspec/core';
import type { Fixture } from '@dlspec/fixtures';
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';

/** Tensors keyed by an op's input names: the required ones always there, the optional ones maybe. */
export type Tensors<In extends string, Opt extends string, T> = { readonly [K in In]: T } & { readonly [K in Opt]?: T };

export interface Op<Name extends string = string, S extends AnyParams = AnyParams, In extends string = string, Opt extends string = never, Out extends string = string> {
  readonly name: Name;
  /** One line on what the op computes, for the README and `dlspec ops`. */
  readonly summary: string;
  /** Every param the op takes: unknown, missing, mistyped or out-of-range params are refused at load. */
  readonly params: S;
  readonly inputs: readonly In[];
  readonly optionalInputs: readonly Opt[];
  readonly outputs: readonly Out[];
  /** The conventions (SPEC section 2) the op comes in; empty when it has none, and then a fixture carries no profile. */
  readonly profiles: readonly string[];
  /**
   * A rule on the inputs given together that the key lists cannot say (one of two label forms, an
   * input that needs another): the problem as `inputs.<key> ...: <why>`, or undefined when none.
   * Checked at load, after the keys.
   */
  checkInputs?(inputs: Readonly<Record<string, { readonly shape: readonly number[] }>>, params: z.output<S>): string | undefined;
  /** The float64 expectation of every output, from the family package's spec. */
  expect(inputs: Tensors<In, Opt, Tensor64>, params: z.output<S>, profile: string | undefined): Record<Out, Tensor64>;
}

/** Any op: what a collection of differently typed ops holds (every use site goes through a concrete op). */
export type AnyOp = Op<string, AnyParams, string, string, string>;

/** An op's params: always an object schema, so its param names are known. */
export type AnyParams = z.ZodObject<z.ZodRawShape, z.core.$ZodObjectConfig>;

export type ParamsOf<O extends AnyOp> = O extends Op<string, infer S, string, string, string> ? z.output<S> : never;
export type ParamsInputOf<O extends AnyOp> = O extends Op<string, infer S, string, string, string> ? z.input<S> : never;
export type InputsOf<O extends AnyOp, T> = O extends Op<string, AnyParams, infer In, infer Opt, string> ? Tensors<In, Opt, T> : never;
export type OutputOf<O extends AnyOp> = O extends Op<string, AnyParams, string, string, infer Out> ? Out : never;

export function defineOp<Name extends string, S extends AnyParams, In extends string, Out extends string, Opt extends string = never>(
  op: Omit<Op<Name, S, In, Opt, Out>, 'optionalInputs' | 'profiles'> & { readonly optionalInputs?: readonly Opt[]; readonly profiles?: readonly string[] },
): Op<Name, S, In, Opt, Out> {
  return { ...op, optionalInputs: op.optionalInputs ?? [], profiles: op.profiles ?? [] };
}

/** A fixture whose params were checked against its op and parsed (defaults filled). */
export interface OpFixture<O extends AnyOp = AnyOp> extends Omit<Fixture, 'params'> {
  readonly params: ParamsOf<O>;
}

/** A subject's outputs: tfjs tensors, or float64 data computed in JavaScript (seeded sequences). */
export type Outputs<O extends AnyOp = AnyOp> = Partial<Record<OutputOf<O>, tf.Tensor | Tensor64>>;

/**
 * Something the suite checks: one of our reference models or a tfjs built-in, for one op. `run`
 * returns some of the op's outputs; the runner compares those the fixture holds, reads and
 * disposes every returned tensor, and counts any other tensor left behind as a leak.
 * (Methods, not function properties, so a subject of one op is a subject of `AnyOp` too.)
 */
export interface Subject<O extends AnyOp = AnyOp> {
  readonly name: string;
  readonly op: O;
  readonly kind: 'reference' | 'builtin';
  /** Whether the subject is about this fixture at all (default: every fixture of its op). Not listed when false. */
  appliesTo?(fixture: OpFixture<O>): boolean;
  /** For a fixture it applies to: true when it can run it, otherwise why not (reported as skip). */
  supports?(fixture: OpFixture<O>): true | string;
  run(inputs: InputsOf<O, tf.Tensor>, fixture: OpFixture<O>): Outputs<O> | Promise<Outputs<O>>;
}

/**
 * One golden case, written like ONNX's per-operator case files: what it feeds, which profile it
 * follows and which tier applies. The expected tensors come from the op's float64 expectation,
 * unless the case computes them another way on purpose (`expected`).
 */
export interface Case<O extends AnyOp = AnyOp> {
  readonly name: string;
  readonly op: O;
  readonly description: string;
  /** Only on ops with conventions (op.profiles). */
  readonly profile?: string;
  /** Written into the fixture as given (defaults are not filled in, so the file says what the case chose). */
  readonly params: ParamsInputOf<O>;
  /** Seed of the random numbers `inputs` draws; null when the inputs are written out. */
  readonly seed: number | null;
  inputs(random: Random): InputsOf<O, Tensor64>;
  expected?(inputs: InputsOf<O, Tensor64>): Partial<Record<OutputOf<O>, Tensor64>>;
  readonly tolerance: Tolerance;
  readonly outputTolerance?: Partial<Record<OutputOf<O>, Tolerance>>;
  readonly signedZero?: boolean;
}

/** A typed case of op `op` (the function only fixes the type parameter). */
export const caseOf = <O extends AnyOp>(op: O, c: Omit<Case<O>, 'op'>): Case<O> => ({ op, ...c });

/** A family: one folder under families/, registered by one line in families/index.ts. */
export interface Family {
  readonly name: string;
  /** The package whose spec.ts computes the expectations, for provenance. */
  readonly generator: string;
  readonly ops: readonly AnyOp[];
  readonly cases: readonly Case[];
  readonly subjects: readonly Subject[];
}

/** A typed subject of op `op` (the function only fixes the type parameter). */
export const subjectOf = <O extends AnyOp>(op: O, s: Omit<Subject<O>, 'op'>): Subject<O> => ({ op, ...s });
