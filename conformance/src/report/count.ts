/** The one place cases are counted: per backend, per family, in total. */
import type { BackendRun, CaseResult } from '../protocol/case-result.js';
import { EXIT, type ExitCode } from './exit-codes.js';
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

/** `explicit`: whether the user named the backend (not starting is then a failure of the run). */
export function summarize(backends: readonly BackendRun[], stale: Report['summary']['staleExpectations'], explicit: (b: BackendRun) => boolean = () => false): Report['summary'] {
  const total = zeroCounts();
  const byBackend: Report['summary']['byBackend'] = {};
  let unexpected = 0;
  const notStarted: string[] = [];
  for (const b of backends) {
    const counts = countCases(b.cases);
    for (const k of Object.keys(total) as Array<keyof Counts>) total[k] += counts[k];
    byBackend[b.name] = { status: b.status, ...counts, maxUlpRelative: worstPassingUlp(b.cases) };
    unexpected += unexpectedCount(counts);
    if (b.status === 'error') unexpected++;
    if (b.status === 'unavailable' && explicit(b)) notStarted.push(b.name);
  }
  // A skip runs nothing; every other status is a case that ran (a broken fixture's error included).
  const ran = total.pass + total.fail + total.xfail + total.xpass + total.error;
  const exitCode: ExitCode = unexpected > 0 ? EXIT.unexpected : notStarted.length > 0 ? EXIT.notStarted : ran === 0 ? EXIT.nothingRan : EXIT.ok;
  return { byBackend, total, unexpected, notStarted, staleExpectations: stale, exitCode, ok: exitCode === EXIT.ok };
}

