/**
 * The bench's command line, checked before anything runs or is written: a bad value is an
 * InvalidArgumentError naming the option and the value, printed as one line (exit 2), as
 * `dlspec` does. parseArgs's own errors (an unknown option, a missing value) get the same line.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DlspecError, InvalidArgumentError } from '@dlspec/core';

const DEFAULT_BACKENDS = ['cpu', 'wasm', 'wasm-nosimd', 'webgpu', 'webgl2', 'webgl1', 'webgl-f16'];
const CONFORMANCE_MODES = ['report', 'run', 'none'];

/** An option's text as a whole number above 0. */
export function positiveInteger(option, text) {
  const n = Number(text);
  if (!(Number.isSafeInteger(n) && n > 0)) throw new InvalidArgumentError(option, text, 'must be a whole number above 0');
  return n;
}

/** A comma-separated option as its names, each one of `known`. */
function listOf(option, text, known) {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new InvalidArgumentError(option, text, 'must be a comma-separated list without empty names');
  for (const n of names) if (!known.includes(n)) throw new InvalidArgumentError(option, n, `must be one of ${known.join(', ')}`);
  return names;
}

/**
 * @param {string[]} argv the arguments after the script
 * @param {{ backends: string[], families: string[] }} known what this bench has
 */
export function benchArgs(argv, known) {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string' },
      family: { type: 'string' },
      quick: { type: 'boolean', default: false },
      // Only rows of these shapes (e.g. 10M): a bench module's rows filtered by their shape label.
      shape: { type: 'string' },
      // Conformance timings: from the matrix's own JSON report (default), timed again per backend (run), or none.
      conformance: { type: 'string', default: 'report' },
      'conformance-report': { type: 'string', default: fileURLToPath(new URL('../../reports/conformance.json', import.meta.url)) },
      'no-conformance': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '600' },
      // Backends measured side by side: 1 (default) gives each the machine to itself; 2 halves a
      // full run's time on 2 cores, but the two share memory bandwidth (the 10M rows and the copy
      // limit's shares read lower) and the ratios' spread grows.
      jobs: { type: 'string', default: '1' },
    },
  });
  const timeout = Number(values.timeout);
  if (!(Number.isFinite(timeout) && timeout > 0)) throw new InvalidArgumentError('--timeout', values.timeout, 'must be a positive number of seconds per backend');
  if (!CONFORMANCE_MODES.includes(values.conformance)) throw new InvalidArgumentError('--conformance', values.conformance, `must be one of ${CONFORMANCE_MODES.join(', ')}`);
  if (values.shape !== undefined && values.shape.split(',').some((s) => s.trim() === '')) throw new InvalidArgumentError('--shape', values.shape, 'must be a comma-separated list of shape labels (e.g. 1M,10M)');
  return {
    backends: values.backend === undefined ? DEFAULT_BACKENDS : listOf('--backend', values.backend, known.backends),
    // Whether the user chose the backends: then one that does not run fails the run.
    backendsNamed: values.backend !== undefined,
    families: values.family === undefined ? undefined : listOf('--family', values.family, known.families),
    quick: values.quick,
    shape: values.shape,
    conformance: values['no-conformance'] ? 'none' : values.conformance,
    conformanceReport: values['conformance-report'],
    timeoutMs: timeout * 1000,
    jobs: positiveInteger('--jobs', values.jobs),
  };
}

/** Run `parse`; a usage error ends the process with one line and exit 2, before anything starts. */
export function orUsageExit(parse) {
  try {
    return parse();
  } catch (error) {
    const usage = error instanceof DlspecError || error?.code?.startsWith?.('ERR_PARSE_ARGS');
    if (!usage) throw error;
    process.stderr.write(`bench: ${error.message.replace(/\s*\n\s*/g, " ")}\n`);
    process.exit(2);
  }
}
