/**
 * A Markdown summary for $GITHUB_STEP_SUMMARY and pull-request comments: the verdict, a table per
 * backend and family, and what needs a look (unexpected results first, at most 50 of them).
 */
import { countCases, worstPassingUlp } from './count.js';
import { ulps } from './describe.js';
import { markdownCell as cell } from './escape.js';
import { summaryLine } from './summary-line.js';
import type { Reporter, Report } from './types.js';

const LIMIT = 50;

function markdownReport(report: Report): string {
  const lines = [`## dlspec conformance: ${report.summary.exitCode === 0 ? 'OK' : 'FAILED'}`, '', summaryLine(report), ''];
  lines.push(`| backend | status | ${report.families.join(' | ')} |`, `|---|---|${report.families.map(() => '---|').join('')}`);
  for (const b of report.backends) {
    const cells = report.families.map((f) => {
      if (b.status === 'unavailable') return '-';
      const cases = b.cases.filter((c) => c.family === f);
      const n = countCases(cases);
      const bad = n.fail + n.error + n.xpass;
      return `${n.pass} pass${n.xfail ? `, ${n.xfail} xfail` : ''}${bad ? `, **${bad} unexpected**` : ''}${n.skip ? `, ${n.skip} skip` : ''} · max ${ulps(worstPassingUlp(cases))} ULP`;
    });
    lines.push(`| ${cell(b.name)} | ${b.status === 'ok' ? 'ok' : `**${b.status}**`} | ${cells.join(' | ')} |`);
  }
  const problems = report.backends.flatMap((b) => [
    ...(b.status === 'ok' ? [] : [`- \`${b.name}\` **${b.status}**: ${cell(b.reason ?? '')}`]),
    ...b.cases.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'xpass').map((c) => `- \`${b.name}\` **${c.status}** \`${c.id}\` [${cell(c.subject)}]: ${cell(c.message)}`),
  ]);
  if (problems.length) {
    lines.push('', `### Needs a look (${problems.length})`, '', ...problems.slice(0, LIMIT));
    if (problems.length > LIMIT) lines.push(`- … and ${problems.length - LIMIT} more (see the JSON or HTML report)`);
  }
  const stale = report.summary.staleExpectations;
  if (stale.length) lines.push('', `### Stale expectations (${stale.length})`, '', ...stale.map((e) => `- \`${e.backend}\` \`${e.case}\` [${cell(e.subject)}] matched no case`));
  return `${lines.join('\n')}\n`;
}

export const markdownReporter: Reporter = {
  name: 'markdown',
  description: 'a Markdown summary for $GITHUB_STEP_SUMMARY and pull-request comments',
  fileOption: { flag: '--markdown-out <file>', description: 'where the markdown reporter writes (default: stdout)' },
  render: markdownReport,
};
