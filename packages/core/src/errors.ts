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

/** Render a value for an error message: short, and unambiguous for NaN, -0 and arrays. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
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
  constructor(argument: string, value: unknown, expectation: string) {
    super('INVALID_ARGUMENT', `${argument} ${expectation}; got ${describeValue(value)}`);
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

/** A golden fixture could not be read, failed validation, or does not match its manifest hash. */
export class FixtureError extends DlspecError {
  readonly file: string;
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super('FIXTURE_INVALID', `${file}: ${reason}`, options);
    this.file = file;
  }
}
