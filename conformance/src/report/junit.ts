import { countCases } from './count.js';
import type { Reporter, Report } from './types.js';

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

/** JUnit XML for CI dashboards: a testsuite per backend, a testcase per case and subject. */
function junitReport(report: Report): string {
  const suites = report.backends.map((b) => {
    const cases = b.cases.map((c) => {
      const name = `${c.id} [${c.subject}]`;
      const body =
        c.status === 'fail' || c.status === 'xpass'
          ? `<failure message="${xml(c.status)}">${xml(c.message)}</failure>`
          : c.status === 'error'
            ? `<error message="error">${xml(c.message)}</error>`
            : c.status === 'skip' || c.status === 'xfail'
              ? `<skipped message="${xml(`${c.status}: ${c.message}`)}"/>`
              : '';
      return `    <testcase classname="${xml(`${b.name}.${c.family}`)}" name="${xml(name)}" time="${(c.durationMs / 1000).toFixed(3)}">${body}</testcase>`;
    });
    if (b.status !== 'ok') {
      cases.push(`    <testcase classname="${xml(b.name)}" name="backend start"><${b.status === 'error' ? 'error' : 'skipped'} message="${xml(`${b.status}: ${b.reason ?? ''}`)}"/></testcase>`);
    }
    const n = countCases(b.cases);
    return `  <testsuite name="${xml(b.name)}" tests="${cases.length}" failures="${n.fail + n.xpass}" errors="${n.error + (b.status === 'error' ? 1 : 0)}" skipped="${n.skip + n.xfail + (b.status === 'unavailable' ? 1 : 0)}" time="${(b.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dlspec">\n${suites.join('\n')}\n</testsuites>\n`;
}

export const junitReporter: Reporter = {
  name: 'junit',
  description: 'JUnit XML for CI dashboards: a testsuite per backend, a testcase per case and subject',
  fileOption: { flag: '--junit-out <file>', description: 'where the junit reporter writes', default: 'reports/conformance.junit.xml' },
  render: junitReport,
};
