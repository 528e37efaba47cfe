import type { BackendRun } from '../protocol/case-result.js';
import { plain, type Paint } from './colour.js';
import { countCases, worstPassingUlp } from './count.js';
import { ulps as ulp } from './describe.js';
import { summaryLine } from './summary-line.js';
import type { Reporter, Report } from './types.js';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const ORDER = ['xfail', 'fail', 'error', 'xpass', 'skip'] as const;

/** The backend x family matrix, then what needs a look: unavailable backends, unexpected results, stale expectations. */
function consoleReport(report: Report, paint: Paint): string {
  const lines: string[] = [];
  const families = report.families;
  const header = ['backend', 'status', ...families];
  // Each cell as [text, its colour]: padded first, painted after, so colour codes never upset the columns.
  const rows = report.backends.map((b): Array<[string, Parameters<Paint>[0]]> => [
    [b.name, 'dim'],
    [b.status, b.status === 'ok' ? 'ok' : b.status === 'error' ? 'error' : 'unavailable'],
    ...families.map((f): [string, Parameters<Paint>[0]] => {
      if (b.status === 'unavailable') return ['-', 'unavailable'];
      const cases = b.cases.filter((c) => c.family === f);
      const n = countCases(cases);
      const parts = [`${n.pass} pass`];
      for (const s of ORDER) if (n[s]) parts.push(`${n[s]} ${s}`);
      const worst = n.fail || n.error ? 'fail' : n.xpass ? 'xpass' : n.pass ? 'pass' : 'skip';
      return [`${parts.join(', ')} | max ${ulp(worstPassingUlp(cases))} ULP`, worst];
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i]?.[0] ?? '').length)));
  lines.push(header.map((h, i) => pad(h, widths[i] ?? 0)).join('  '), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) lines.push(r.map(([text, status], i) => (status === 'dim' ? pad(text, widths[i] ?? 0) : paint(status, pad(text, widths[i] ?? 0)))).join('  '));
  lines.push('(max ULP: the worst float32 ULP error among passing cases, over elements where |expected| >= atol/rtol)');
  const notes = (b: BackendRun) => {
    if (b.status !== 'ok') lines.push(`  ${b.name}: ${paint(b.status === 'error' ? 'error' : 'unavailable', b.status)}: ${b.reason ?? ''}`);
    for (const c of b.cases) {
      if (c.status === 'fail' || c.status === 'error' || c.status === 'xpass') lines.push(`  ${b.name} ${paint(c.status, c.status.toUpperCase())} ${c.id} [${c.subject}]: ${c.message}`);
      // Partial fixtures: say what was not compared, so a pass on a subset never reads as a full pass.
      if (c.notCompared.length && c.status !== 'skip') lines.push(`  ${b.name} ${c.id} [${c.subject}]: ${c.status}; not compared (not in the fixture): ${c.notCompared.join(', ')}`);
    }
  };
  lines.push('');
  report.backends.forEach(notes);
  for (const e of report.summary.staleExpectations) lines.push(`  stale expectation on ${e.backend}: ${e.case} [${e.subject}] matched no case`);
  lines.push(summaryLine(report, paint));
  return `${lines.join('\n')}\n`;
}

export const consoleReporter: Reporter = {
  name: 'console',
  description: 'the backend x family matrix and what needs a look, on stdout (coloured on a terminal)',
  render: (report, options) => consoleReport(report, options?.paint ?? plain),
};
