/**
 * runConformance: the programmatic form of `dlspec run`, with the same options. Every option is
 * checked before any backend starts; a bad one throws InvalidArgumentError naming the command-line
 * option and the value (the command turns it into exit status 2).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import { InvalidArgumentError } from '@dlspec/core';
import { FAMILIES, FAMILY_NAMES } from './families/index.js';
import { readExpectations } from './host/expectations.js';
import { fixtureFolder, type FixtureFolder } from './host/fixtures-folder.js';
import { runMatrix } from './host/matrix.js';
import { planFixtures } from './host/plan.js';
import { selectBackends, splitList } from './host/select-backends.js';
import type { BackendRun, CaseResult } from './protocol/case-result.js';
import type { Report } from './report/types.js';

export interface ConformanceOptions {
  /** "all" (the default), built-in backend names, and backend modules (paths or package names; `browser:` before one meant for the page). */
  readonly backends?: readonly string[];
  /** Backends that must start (added to the run): not starting gives exit status 3. */
  readonly require?: readonly string[];
  /** Only these families. */
  readonly families?: readonly string[];
  /** Only fixtures whose id matches one of these (exact ids or globs, e.g. "softmax/xent-*"). */
  readonly cases?: readonly string[];
  /** Only subjects whose name contains one of these. */
  readonly subjects?: readonly string[];
  /** Expectations files (expected failures) for the backends they name. */
  readonly expectations?: readonly string[];
  /** A fixture set: its folder (manifest.json beside data/) or its data folder with manifest.json one level up (default: @dlspec/fixtures's). */
  readonly fixtures?: string;
  /** Time limit per backend, in seconds (default 900). */
  readonly timeoutSeconds?: number;
  /** Backends run at once (default 1). */
  readonly jobs?: number;
  /** Where paths and package names are resolved from (default: the process's working folder). */
  readonly cwd?: string;
  /** Called as each backend starts (under the name it was selected by), as each result comes in, and as it finishes. */
  readonly onStart?: (backend: string) => void;
  readonly onResult?: (backend: string, result: CaseResult) => void;
  readonly onBackend?: (run: BackendRun) => void;
  /** The built-in expectations folder (for tests). */
  readonly expectationsDir?: string;
}

/** setTimeout holds a signed 32-bit count of milliseconds: longer limits fire at once. */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
const MAX_JOBS = 64;

function positiveInt(option: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new InvalidArgumentError(option, value, `must be a whole number from 1 to ${max}`);
  return value;
}

function names(option: string, values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const list = splitList(values);
  if (list.length === 0) throw new InvalidArgumentError(option, values.join(','), 'is empty');
  return list;
}

function fixturesFolder(dir: string | undefined, cwd: string): FixtureFolder | undefined {
  if (dir === undefined) return undefined;
  const folder = fixtureFolder('--fixtures', dir, cwd);
  if (!existsSync(folder.manifestFile)) {
    throw new InvalidArgumentError('--fixtures', dir, `needs a manifest.json (looked for ${folder.manifestFile}): write one with \`dlspec fixtures manifest ${dir}\``);
  }
  return folder;
}

export async function runConformance(options: ConformanceOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const selected = selectBackends(options.backends, options.require ?? [], cwd);
  const families = names('--family', options.families);
  for (const f of families ?? []) if (!FAMILY_NAMES.includes(f)) throw new InvalidArgumentError('--family', f, `must be one of ${FAMILY_NAMES.join(', ')}`);
  const cases = names('--case', options.cases);
  for (const c of cases ?? []) {
    try {
      picomatch(c);
    } catch (error) {
      throw new InvalidArgumentError('--case', c, `is not a glob: ${(error as Error).message}`);
    }
  }
  const subjects = names('--subject', options.subjects);
  const timeoutSeconds = positiveInt('--timeout', options.timeoutSeconds, 900, MAX_TIMEOUT_SECONDS);
  const jobs = positiveInt('--jobs', options.jobs, 1, MAX_JOBS);
  const folder = fixturesFolder(options.fixtures, cwd);
  const expectations = [];
  for (const file of options.expectations ?? []) {
    try {
      expectations.push(await readExpectations(resolve(cwd, file)));
    } catch (error) {
      throw new InvalidArgumentError('--expectations', file, `must be a valid expectations file: ${(error as Error).message}`);
    }
  }
  const plan = await planFixtures(FAMILIES, { ...folder, ...(families ? { families } : {}) }, cases);
  return runMatrix({
    selected,
    plan,
    expectations,
    ...(options.expectationsDir ? { expectationsDir: options.expectationsDir } : {}),
    ...(subjects ? { subjects } : {}),
    partial: Boolean(cases || subjects),
    ...(families ? { families } : {}),
    timeoutMs: timeoutSeconds * 1000,
    jobs,
    ...(options.onBackend ? { onBackend: options.onBackend } : {}),
    ...(options.onStart ? { onStart: options.onStart } : {}),
    ...(options.onResult ? { onResult: options.onResult } : {}),
  });
}
