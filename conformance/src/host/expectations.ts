/**
 * Expected failures: findings where a backend or a tfjs built-in departs from the documented
 * math. dlspec ships one file per built-in backend (expectations/<backend>.json); a maintainer
 * brings their own with --expectations. Each entry names the case and subject (exact names, or
 * globs in picomatch syntax), says why, and may record the error measured when it was filed and a
 * link. A matching failure becomes xfail; a matching pass becomes xpass (reported, and a failing
 * exit: the finding is fixed or the entry is wrong).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { z } from 'zod';
import { FixtureError } from '@dlspec/core';
import { DLSPEC_SET, setName } from '@dlspec/fixtures';
import type { CaseResult } from '../protocol/case-result.js';

export const EXPECTATIONS_DIR = fileURLToPath(new URL('../../expectations/', import.meta.url));

/** What `dlspec expectations write` puts where a maintainer must say why; a file still holding it is refused. */
export const TODO_REASON = 'TODO: say why this case fails on this backend (a finding with its numerical reason), or fix the backend';

const entrySchema = z
  .object({
    case: z.string().min(1),
    subject: z.string().min(1),
    reason: z
      .string()
      .min(10, 'a reason says why, in a sentence')
      .refine((r) => r !== TODO_REASON, 'is still the placeholder written by `dlspec expectations write`: say why the case fails'),
    measured: z.string().min(1).optional(),
    link: z.url().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    schemaVersion: z.literal(1),
    /** The backend the entries are about: a name, or a glob of names. */
    backend: z.string().min(1),
    /** The fixture set the entries are about (its manifest's `set`); without it, whatever set runs. */
    set: setName().optional(),
    expected: z.array(entrySchema),
  })
  .strict();

export type Expectation = z.infer<typeof entrySchema>;
export interface ExpectationsFile extends z.infer<typeof fileSchema> {
  readonly file: string;
}

/** Line and column of a character offset, for an error a person can go to. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Read and validate one expectations file; a FixtureError names the file and the position of what is wrong. */
export async function readExpectations(file: string): Promise<ExpectationsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FixtureError(file, `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8 says "at position N" for most errors and nothing for a file cut short (the end of the text).
    const at = /position (\d+)/.exec((error as Error).message);
    throw new FixtureError(file, `is not valid JSON at ${lineColumn(text, at ? Number(at[1]) : text.length)}: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FixtureError(file, `invalid expectations at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return { ...parsed.data, file };
}

/**
 * The built-in expectations of a dlspec backend on a fixture set, or null when it has none:
 * expectations/<backend>.json for dlspec's own set (those files name no set), and
 * expectations/<set>/<backend>.json for a set dlspec knows from elsewhere (an ONNX import), each
 * naming its set. A set without a name has none.
 */
export async function builtinExpectations(backend: string, dir = EXPECTATIONS_DIR, set: string | undefined = DLSPEC_SET): Promise<ExpectationsFile | null> {
  if (set === undefined) return null;
  const file = set === DLSPEC_SET ? join(dir, `${backend}.json`) : join(dir, set, `${backend}.json`);
  let found: ExpectationsFile;
  try {
    found = await readExpectations(file);
  } catch (error) {
    if ((error as Error).message.includes('ENOENT')) return null; // nothing expected to fail on this backend
    throw error;
  }
  if (found.backend !== backend) throw new FixtureError(file, `is for backend ${found.backend}, not ${backend}`);
  if ((found.set ?? DLSPEC_SET) !== set) throw new FixtureError(file, `is for fixture set ${found.set ?? DLSPEC_SET}, not ${set}`);
  return found;
}

/** The files about a backend: those whose `backend` is its name or a glob matching it. */
export const filesFor = (backend: string, files: readonly ExpectationsFile[]) => files.filter((f) => matches(f.backend, backend));

/**
 * The entries about a backend on a fixture set: its built-in file for that set (see
 * builtinExpectations), and each given file that names that set or no set. So a foreign set
 * whose ids collide with dlspec's neither inherits dlspec's entries nor reports them as stale.
 */
export function expectationsFor(backend: string, set: string | undefined, own: ExpectationsFile | null, given: readonly ExpectationsFile[]): Expectation[] {
  const about = (f: ExpectationsFile) => f.set === undefined || f.set === set;
  return [...(own ? [own] : []), ...filesFor(backend, given).filter(about)].flatMap((f) => f.expected);
}

/** An exact name always matches itself (subject names hold brackets and parentheses); otherwise the pattern is a glob. */
export const matches = (pattern: string, value: string): boolean => pattern === value || picomatch.isMatch(value, pattern);


/** Apply expectations in place; returns the entries that matched no case (stale ones). */
export function applyExpectations(cases: CaseResult[], expectations: readonly Expectation[]): Expectation[] {
  const used = new Set<Expectation>();
  for (const c of cases) {
    const e = expectations.find((x) => matches(x.case, c.id) && matches(x.subject, c.subject));
    if (!e) continue;
    used.add(e);
    const filed = [e.measured && `filed: ${e.measured}`, e.link].filter(Boolean).join('; ');
    if (c.status === 'fail' || c.status === 'error') {
      c.status = 'xfail';
      c.message = `expected: ${e.reason}${filed ? ` [${filed}]` : ''} | now: ${c.message}`;
    } else if (c.status === 'pass') {
      c.status = 'xpass';
      c.message = `expected to fail (${e.reason}) but passed`;
    }
  }
  return expectations.filter((e) => !used.has(e));
}
