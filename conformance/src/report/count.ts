/** The one place cases are counted: per backend, per family, in total. */
import type { BackendRun, CaseResult } from '../protocol/case-result.js';
import type { Counts, Report } from './types.js';

const zeroCounts = (): Counts => ({ pass: 0, fail: 0, xfail: 0, xpass: 0, skip: 0, error: 0 });

export function countCases(cases: readonly CaseResult[]): Counts {
  const counts = zeroCounts();
  for (const c of cases) counts[c.status]++;
  return counts;
}

/** The worst ULP error among passing cases: how close a backend comes where it conforms. */
export function worstPassingUlp(cases: readonly CaseResult[]): number | null {
  let worst: number | null = null;
  for (const c of cases) if (c.status === 'pass' && c.maxUlpRelative !== null) worst = Math.max(worst ?? 0, c.maxUlpRelative);
  return worst;
}

/** Results that fail a run: fail, error and xpass. */
const unexpectedCount = (counts: Counts) => counts.fail + counts.error + counts.xpass;

export function summarize(backends: readonly BackendRun[], stale: Report['summary']['staleExpectations'], required: readonly string[] = []): Report['summary'] {
  const total = zeroCounts();
  const byBackend: Report['summary']['byBackend'] = {};
  let unexpected = 0;
  for (const b of backends) {
    const counts = countCases(b.cases);
    for (const k of Object.keys(total) as Array<keyof Counts>) total[k] += counts[k];
    byBackend[b.name] = { status: b.status, ...counts, maxUlpRelative: worstPassingUlp(b.cases) };
    unexpected += unexpectedCount(counts);
    if (b.status === 'error' || (b.status === 'unavailable' && required.includes(b.name))) unexpected++;
  }
  return { byBackend, total, unexpected, staleExpectations: stale, ok: unexpected === 0 };
}

