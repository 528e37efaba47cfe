/** A report saved by the json reporter, read back into a Report (special numbers decoded), for `dlspec report`, `diff` and `expectations write`. */
import { readFile } from 'node:fs/promises';
import { decodeNumber, InvalidArgumentError, type JsonNumber } from '@dlspec/core';
import { decodeCase, type EncodedCase } from '../protocol/encode.js';
import type { Report } from './types.js';

type Saved = Omit<Report, 'backends' | 'summary'> & {
  backends: Array<Omit<Report['backends'][number], 'cases'> & { cases: EncodedCase[] }>;
  summary: Omit<Report['summary'], 'byBackend'> & { byBackend: Record<string, Omit<Report['summary']['byBackend'][string], 'maxUlpRelative'> & { maxUlpRelative: JsonNumber | null }> };
};

/** `option` names the argument in errors (--from, or the positional report). */
export async function readReport(file: string, option: string): Promise<Report> {
  let saved: Saved;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as Saved;
  } catch (error) {
    throw new InvalidArgumentError(option, file, `must be a JSON report written by \`dlspec run --reporter json\`: ${(error as Error).message}`);
  }
  if (saved?.schemaVersion !== 2 || !Array.isArray(saved.backends) || typeof saved.summary !== 'object') {
    throw new InvalidArgumentError(option, file, 'must be a JSON report of schemaVersion 2 (from `dlspec run --reporter json` of this version)');
  }
  const byBackend = Object.fromEntries(Object.entries(saved.summary.byBackend).map(([k, v]) => [k, { ...v, maxUlpRelative: v.maxUlpRelative === null ? null : decodeNumber(v.maxUlpRelative) }]));
  return { ...saved, backends: saved.backends.map((b) => ({ ...b, cases: b.cases.map(decodeCase) })), summary: { ...saved.summary, byBackend } };
}
