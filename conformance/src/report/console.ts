import type { BackendRun } from '../protocol/case-result.js';
import { countCases, worstPassingUlp } from './count.js';
import type { Reporter, Report } from './types.js';

const ulp = (x: number | null) => (x === null ? '-' : x === Infinity ? 'inf' : String(x));
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The backend x family matrix, then what needs a look: unavailable backends, unexpected results, stale expectations. */
function consoleReport(report: Report): string {
  const lines: string[] = [];
  const families = report.families;
  const header = ['backend', 'status', ...families];
  const rows = report.backends.map((b) => [
    b.name,
    b.status,
    ...families.map((f) => {
      const cases = b.cases.filter((c) => c.family === f);
      if (b.status === 'unavailable') return '-';
      const n = countCases(cases);
      const parts = [`${n.pass} pass`];
      for (const s of ['xfail', 'fail', 'error', 'xpass', 'skip'] as const) if (n[s]) parts.push(`${n[s]} ${s}`);
      return `${parts.join(', ')} | max ${ulp(worstPassingUlp(cases))} ULP`;
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => pad(c, widths[i] ?? 0)).join('  ');
  lines.push(fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt));
  lines.push('(max ULP: the worst float32 ULP error among passing cases, over elements where |expected| >= atol/rtol)');
  const notes = (b: BackendRun) => {
    if (b.status !== 'ok') lines.push(`  ${b.name}: ${b.status}: ${b.reason ?? ''}`);
    for (const c of b.cases) {
      if (c.status === 'fail' || c.status === 'error' || c.status === 'xpass') lines.push(`  ${b.name} ${c.status.toUpperCase()} ${c.id} [${c.subject}]: ${c.message}`);
      // Partial fixtures: say what was not compared, so a pass on a subset never reads as a full pass.
      if (c.notCompared.length && c.status !== 'skip') lines.push(`  ${b.name} ${c.id} [${c.subject}]: ${c.status}; not compared (not in the fixture): ${c.notCompared.join(', ')}`);
    }
  };
  lines.push('');
  report.backends.forEach(notes);
  for (const e of report.summary.staleExpectations) lines.push(`  stale expectation on ${e.backend}: ${e.case} [${e.subject}] matched no case`);
  const t = report.summary.total;
  lines.push(
    `${report.summary.ok ? 'OK' : 'FAILED'}: ${t.pass} pass, ${t.xfail} xfail, ${t.skip} skip, ${t.fail} fail, ${t.error} error, ${t.xpass} xpass ` +
      `on ${report.backends.filter((b) => b.status === 'ok').length} of ${report.backends.length} backends`,
  );
  return `${lines.join('\n')}\n`;
}

export const consoleReporter: Reporter = {
  name: 'console',
  description: 'the backend x family matrix and what needs a look, on stdout',
  render: consoleReport,
};
