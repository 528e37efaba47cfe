/**
 * Typed errors. Every error names the argument (or file) and the offending value, so a
 * caller can report it without parsing the message.
 */
export class DlspecError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A tfjs tensor or variable, as far as an error message needs to know (core does not import tfjs). */
interface TensorSketch {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly isDisposed: boolean;
  readonly name?: unknown;
  readonly trainable?: unknown;
}

const isTensorSketch = (value: object): value is TensorSketch =>
  Array.isArray((value as TensorSketch).shape) && typeof (value as TensorSketch).dtype === 'string' && typeof (value as TensorSketch).isDisposed === 'boolean';

/** Render a value for an error message: short, and unambiguous for NaN, -0, arrays and tensors. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object' && value !== null && isTensorSketch(value)) {
    const kind = typeof value.trainable === 'boolean' ? `variable ${JSON.stringify(String(value.name))}` : 'tensor';
    return `${value.isDisposed ? 'disposed ' : ''}${value.dtype} ${kind} [${value.shape.join(', ')}]`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.slice(0, 8).map(describeValue).join(', ')}${value.length > 8 ? ', ...' : ''}]`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (value === undefined || value === null) return String(value);
  try {
    return JSON.stringify(value).slice(0, 120);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** An argument has a value outside its domain (a non-positive epsilon, an unknown axis ...). */
export class InvalidArgumentError extends DlspecError {
  readonly argument: string;
  readonly value: unknown;
  constructor(argument: string, value: unknown, expectation: string, options?: ErrorOptions) {
    super('INVALID_ARGUMENT', `${argument} ${expectation}; got ${describeValue(value)}`, options);
    this.argument = argument;
    this.value = value;
  }
}

/** An argument's shape does not fit (mismatched shapes, an empty batch ...). */
export class ShapeError extends DlspecError {
  readonly argument: string;
  readonly shape: readonly number[];
  constructor(argument: string, shape: readonly number[], expectation: string) {
    super('SHAPE_MISMATCH', `${argument} ${expectation}; got shape [${shape.join(', ')}]`);
    this.argument = argument;
    this.shape = shape;
  }
}

/** A tensor, variable or model was used after `dispose()`: its memory is gone. */
export class DisposedError extends DlspecError {
  readonly argument: string;
  readonly value: unknown;
  constructor(argument: string, value?: unknown) {
    super('DISPOSED', `${argument} has been disposed${value === undefined ? '' : `; got ${describeValue(value)}`}`);
    this.argument = argument;
    this.value = value;
  }
}

/** A golden fixture could not be read, failed validation, or does not match its manifest hash. */
export class FixtureError extends DlspecError {
  readonly file: string;
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super('FIXTURE_INVALID', `${file}: ${reason}`, options);
    this.file = file;
  }
}
