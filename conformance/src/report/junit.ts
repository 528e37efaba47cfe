import type { BackendRun, CaseResult } from '../protocol/case-result.js';
import { countCases } from './count.js';
import { worstElement } from './describe.js';
import { escapeMarkup } from './escape.js';
import type { Reporter, Report } from './types.js';

const xml = escapeMarkup;
/** An attribute holds one line: the first 500 characters of the message, the whole of it in the body. */
const attr = (s: string) => xml(s.replace(/\s+/g, ' ').slice(0, 500));

function caseBody(c: CaseResult): string {
  const measured = [c.message, worstElement(c)].filter(Boolean).join(' | worst: ');
  if (c.status === 'fail' || c.status === 'xpass') return `<failure message="${attr(`${c.status}: ${measured}`)}" type="${c.status}">${xml(measured)}</failure>`;
  if (c.status === 'error') return `<error message="${attr(c.message)}" type="error">${xml(c.message)}</error>`;
  if (c.status === 'skip' || c.status === 'xfail') return `<skipped message="${attr(`${c.status}: ${c.message}`)}"/>`;
  return '';
}

/** A backend that did not start or did not finish is an error of that backend (or a skip, when "all" let it be unavailable). */
function backendCase(b: BackendRun, report: Report): string | null {
  if (b.status === 'ok') return null;
  const named = report.summary.notStarted.includes(b.name);
  const what = b.status === 'error' ? `${b.name} did not finish` : `${b.name} did not start`;
  const tag = b.status === 'error' || named ? 'error' : 'skipped';
  return `    <testcase classname="${xml(b.name)}" name="${xml(what)}"><${tag} message="${attr(`${b.status}: ${b.reason ?? ''}`)}"${tag === 'error' ? ` type="${b.status}"` : ''}/></testcase>`;
}

/** JUnit XML for CI dashboards: a testsuite per backend, a testcase per case and subject. */
function junitReport(report: Report): string {
  const suites = report.backends.map((b) => {
    const cases = b.cases.map((c) => `    <testcase classname="${xml(`${b.name}.${c.family}`)}" name="${xml(`${c.id} [${c.subject}]`)}" time="${(c.durationMs / 1000).toFixed(3)}">${caseBody(c)}</testcase>`);
    const own = backendCase(b, report);
    if (own) cases.push(own);
    const n = countCases(b.cases);
    const backendError = own?.includes('<error') ? 1 : 0;
    const backendSkip = own && !backendError ? 1 : 0;
    return `  <testsuite name="${xml(b.name)}" tests="${cases.length}" failures="${n.fail + n.xpass}" errors="${n.error + backendError}" skipped="${n.skip + n.xfail + backendSkip}" time="${(b.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dlspec">\n${suites.join('\n')}\n</testsuites>\n`;
}

export const junitReporter: Reporter = {
  name: 'junit',
  description: 'JUnit XML for CI dashboards: a testsuite per backend, a testcase per case and subject',
  fileOption: { flag: '--junit-out <file>', description: 'where the junit reporter writes', default: 'reports/conformance.junit.xml' },
  render: junitReport,
};
