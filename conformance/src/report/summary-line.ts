import { plain, type Paint } from './colour.js';
import type { Report } from './types.js';

/** The run in one line, printed whatever reporters were chosen: the verdict, the counts, and why the exit status is what it is. */
export function summaryLine(report: Report, paint: Paint = plain): string {
  const { total: t, exitCode, notStarted } = report.summary;
  const verdict = exitCode === 0 ? paint('ok', 'OK') : paint('fail', 'FAILED');
  const why = exitCode === 3 ? ` (exit 3: ${notStarted.join(', ')} did not start)` : exitCode === 4 ? ' (exit 4: the selection ran no case)' : exitCode === 1 ? ' (exit 1)' : '';
  const counts = `${paint('pass', `${t.pass} pass`)}, ${t.xfail} xfail, ${t.skip} skip, ${paint(t.fail ? 'fail' : 'dim', `${t.fail} fail`)}, ${paint(t.error ? 'error' : 'dim', `${t.error} error`)}, ${paint(t.xpass ? 'xpass' : 'dim', `${t.xpass} xpass`)}`;
  return `${verdict}: ${counts} on ${report.backends.filter((b) => b.status === 'ok').length} of ${report.backends.length} backends${why}`;
}
