/**
 * Test support for the all-or-nothing rule (README, "Typed errors, all or nothing"): a public call
 * either returns, or throws a typed error naming one of its arguments and changes nothing. Shared
 * by every package's property tests; needs fast-check (an optional peer), not tfjs or a test runner.
 */
import fc from 'fast-check';
import { DlspecError } from './errors.js';
import type { Tensor64 } from './tensor.js';

/**
 * Every property test that imports this module runs from one seed, so a CI run is reproducible and
 * a failure can be replayed; set DLSPEC_PROPERTY_SEED to explore other seeds (fast-check prints the
 * seed and the counterexample of any failure).
 */
// @dlspec/core is built without Node's types: the environment is read through globalThis.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
export const PROPERTY_SEED = Number(env.DLSPEC_PROPERTY_SEED ?? 20261122);
fc.configureGlobal({ seed: PROPERTY_SEED });

/** The tfjs backends every package's property tests run on (both work in Node as they are). */
export const TFJS_BACKENDS = ['cpu', 'wasm'] as const;

/** Values that break a numeric argument: NaN, the infinities, signed zeros, negatives, tiny, huge and fractional numbers, and non-numbers. */
export const BAD_NUMBERS: readonly unknown[] = [NaN, Infinity, -Infinity, 0, -0, -1, -0.5, 5e-324, 1e308, 0.5, 1.5, 2 ** 53, '1', null, undefined, true, [], {}];

/** Any value a caller might pass for a number: the bad ones above, any double, and small integers. */
export const anyNumber: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(...BAD_NUMBERS), fc.double(), fc.integer({ min: -4, max: 6 }));

/**
 * Argument records that are all good, or good but for one argument: `good` draws a valid record, and
 * half the time one of the keys `spoil` has arbitraries for (chosen at random) gets a bad value
 * instead. A property then sees both paths, and each failure alone, so the error must name it.
 */
export function allButOne<T extends object>(good: fc.Arbitrary<T>, spoil: (args: T) => { [K in keyof T]?: fc.Arbitrary<unknown> | undefined }): fc.Arbitrary<T> {
  return good.chain((args) => {
    const spoilers = Object.entries(spoil(args)).filter((entry): entry is [string, fc.Arbitrary<unknown>] => entry[1] !== undefined);
    if (spoilers.length === 0) return fc.constant(args);
    return fc.oneof(
      { arbitrary: fc.constant(args), weight: spoilers.length },
      ...spoilers.map(([key, bad]) => ({ arbitrary: bad.map((value) => ({ ...args, [key]: value }) as T), weight: 1 })),
    );
  });
}

/** How to build a tensor argument: shape and values, and how it may be wrong (dtype, disposed, not a tensor at all). */
export interface TensorArg {
  readonly shape: number[];
  readonly values: number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
  readonly disposed: boolean;
  readonly plain: boolean;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Values on a grid of 1/8 in [-scale, scale]: they add up exactly in float32, so a model can be held to a float64 reference. */
export const gridValues = (n: number, scale = 8): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: -8 * scale, max: 8 * scale }).map((k) => k / 8), { minLength: n, maxLength: n });

/** Good tensor arguments: live float32 tensors of the given shape(s), values from `values` (default: grid values). */
export function tensorArg(shape: fc.Arbitrary<number[]> | number[], values: (shape: number[]) => fc.Arbitrary<number[]> = (s) => gridValues(sizeOf(s))): fc.Arbitrary<TensorArg> {
  const shapes = Array.isArray(shape) ? fc.constant(shape) : shape;
  return shapes.chain((s) => values(s).map((v): TensorArg => ({ shape: s, values: v, dtype: 'float32', disposed: false, plain: false })));
}

/** Small shapes of rank 0 to 4, zero dimensions included. */
export const anyShape: fc.Arbitrary<number[]> = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 });

/** A bad version of a tensor argument: int32 or bool, disposed, a plain array, or another shape. */
export function badTensorArg(arg: TensorArg): fc.Arbitrary<TensorArg> {
  return fc.oneof(
    fc.constantFrom<TensorArg>({ ...arg, dtype: 'int32' }, { ...arg, dtype: 'bool' }, { ...arg, disposed: true }, { ...arg, plain: true }),
    tensorArg(anyShape.filter((s) => s.join() !== arg.shape.join())),
  );
}

/** The float64 Tensor64 a tensor argument stands for. */
export const toTensor64 = (arg: TensorArg): Tensor64 => ({ shape: arg.shape, data: Float64Array.from(arg.values) });

/** A bad Tensor64: data one value short or long for its shape, a shape that is not one, data that are not numbers, or no tensor at all. */
export function badTensor64(t: Tensor64): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant({ shape: t.shape, data: Float64Array.from([...t.data, 1]) }),
    fc.constant({ shape: [...t.shape, 2], data: t.data }),
    fc.record({ shape: fc.oneof(anyNumber, fc.array(anyNumber, { minLength: 1, maxLength: 3 })), data: fc.constant(t.data) }),
    fc.constant({ shape: t.shape, data: Array.from(t.data, (v, i) => (i === 0 ? String(v) : v)) }),
    anyNumber,
    tensorArg(anyShape.filter((s) => s.join() !== t.shape.join())).map(toTensor64),
  );
}

/** What buildTensor needs of tfjs: `tf` itself fits. */
export interface TensorFactory<T> {
  tensor(values: number[], shape: number[], dtype: 'float32' | 'int32' | 'bool'): T;
}

/** The argument a TensorArg describes: a tensor (disposed if asked), or the plain values. */
export function buildTensor<T extends { dispose(): void }>(tf: TensorFactory<T>, arg: TensorArg): T {
  if (arg.plain) return arg.values as unknown as T;
  const t = tf.tensor(arg.values, arg.shape, arg.dtype);
  if (arg.disposed) t.dispose();
  return t;
}

/** The argument (or file) a typed error names, if it names one. */
export function namedArgument(error: unknown): string | undefined {
  if (!(error instanceof DlspecError)) return undefined;
  const e = error as DlspecError & { argument?: unknown; file?: unknown };
  return typeof e.argument === 'string' ? e.argument : typeof e.file === 'string' ? e.file : undefined;
}

/** `name` itself, or an element or field of it: `y` names `y[3]` and `y.shape`. */
const names = (name: string, argument: string) => argument === name || argument.startsWith(`${name}[`) || argument.startsWith(`${name}.`);

export type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DlspecError };

function judge(error: unknown, allowed: readonly string[]): DlspecError {
  const argument = namedArgument(error);
  const message = error instanceof Error ? error.message : String(error);
  if (argument === undefined || !allowed.some((name) => names(name, argument)) || !message.startsWith(argument)) {
    const got = error instanceof Error ? `${error.name}: ${message}` : String(error);
    throw new Error(`expected a typed error naming one of ${allowed.join(', ')}; got ${got}`, { cause: error });
  }
  return error as DlspecError;
}

/**
 * Run `call`: it returns, or throws a DlspecError that names one of `allowed` (or an element or
 * field of one) at the start of its message. Any other error fails, saying what was thrown.
 */
export function attempt<T>(call: () => T, allowed: readonly string[]): Attempt<T> {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    return { ok: false, error: judge(error, allowed) };
  }
}

/** attempt for an async call. */
export async function attemptAsync<T>(call: () => Promise<T>, allowed: readonly string[]): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error: judge(error, allowed) };
  }
}
