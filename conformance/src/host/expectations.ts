/**
 * Expected failures, one file per backend (expectations/<backend>.json): findings where the
 * backend or a tfjs built-in departs from the documented math. Each entry names the case and
 * subject, says why, and records the error measured when it was filed. A matching failure
 * becomes xfail; a matching pass becomes xpass (reported, and a non-zero exit: the finding is
 * fixed or the entry is wrong).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FixtureError } from '@dlspec/core';
import type { CaseResult } from '../protocol/case-result.js';

export const EXPECTATIONS_DIR = fileURLToPath(new URL('../../expectations/', import.meta.url));

const entrySchema = z
  .object({
    case: z.string().min(1),
    subject: z.string().min(1),
    reason: z.string().min(10),
    measured: z.string().min(1),
  })
  .strict();

const fileSchema = z.object({ schemaVersion: z.literal(1), backend: z.string(), expected: z.array(entrySchema) }).strict();

export type Expectation = z.infer<typeof entrySchema>;

export async function loadExpectations(backend: string, dir = EXPECTATIONS_DIR): Promise<Expectation[]> {
  const file = join(dir, `${backend}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return []; // no file: nothing expected to fail on this backend
  }
  const parsed = fileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new FixtureError(file, `invalid expectations file: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  if (parsed.data.backend !== backend) throw new FixtureError(file, `is for backend ${parsed.data.backend}, not ${backend}`);
  return parsed.data.expected;
}

/** Apply expectations in place; returns the entries that matched no case (stale ones). */
export function applyExpectations(cases: CaseResult[], expectations: readonly Expectation[]): Expectation[] {
  const used = new Set<Expectation>();
  for (const c of cases) {
    const e = expectations.find((x) => x.case === c.id && x.subject === c.subject);
    if (!e) continue;
    used.add(e);
    if (c.status === 'fail' || c.status === 'error') {
      c.status = 'xfail';
      c.message = `expected: ${e.reason} [filed: ${e.measured}] | now: ${c.message}`;
    } else if (c.status === 'pass') {
      c.status = 'xpass';
      c.message = `expected to fail (${e.reason}) but passed`;
    }
  }
  return expectations.filter((e) => !used.has(e));
}
