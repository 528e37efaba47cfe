/**
 * @dlspec/conformance/vitest: the suite as tests of your own Vitest run, one per case and
 * subject, under the same expectations as `dlspec run`. In a test file (top-level await):
 *
 *   import { conformanceTests } from '@dlspec/conformance/vitest';
 *   await conformanceTests({ backends: ['./my-backend.js'], expectations: ['./expectations.json'] });
 *
 * pass is a passing test, xfail a `test.fails` (it passes while the finding stands), skip a
 * skipped test; fail, error and xpass fail with the measured error. A backend that was named and
 * did not start, or crashed, is a failing test; a selection that ran no case is a failing test.
 */
import { describe, test } from 'vitest';
import { runConformance, type ConformanceOptions } from './api.js';
import type { BackendRun, CaseResult } from './protocol/case-result.js';
import type { Report } from './report/types.js';

function caseTest(c: CaseResult): void {
  const name = `${c.id} [${c.subject}]`;
  if (c.status === 'skip') test.skip(`${name}: ${c.message}`, () => {});
  else if (c.status === 'xfail') test.fails(name, () => {
      throw new Error(c.message);
    });
  else test(name, () => {
      if (c.status !== 'pass') throw new Error(`${c.status}: ${c.message}`);
    });
}

function backendTests(b: BackendRun, report: Report): void {
  describe(b.name, () => {
    if (b.status === 'error' || report.summary.notStarted.includes(b.name)) {
      test(`${b.name} starts and finishes`, () => {
        throw new Error(`${b.status}: ${b.reason ?? ''}`);
      });
    } else if (b.status === 'unavailable') test.skip(`${b.name}: unavailable: ${b.reason ?? ''}`, () => {});
    b.cases.forEach(caseTest);
  });
}

/** Run the suite now (during collection) and declare its results as tests; returns the Report too. */
export async function conformanceTests(options: ConformanceOptions & { readonly name?: string } = {}): Promise<Report> {
  const report = await runConformance(options);
  describe(options.name ?? 'dlspec conformance', () => {
    for (const b of report.backends) backendTests(b, report);
    if (report.summary.exitCode === 4) {
      test('the selection runs at least one case', () => {
        throw new Error('no case ran: check the backends, --family, --case and --subject');
      });
    }
  });
  return report;
}
