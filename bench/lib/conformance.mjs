/** The conformance suite per backend, timed: the CLI run alone on each (one job), its JSON report read back. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../conformance/dist/cli.js', import.meta.url));

export async function timeConformance(backend, timeoutMs = 600_000) {
  const dir = mkdtempSync(join(tmpdir(), 'dlspec-bench-'));
  const out = join(dir, 'report.json');
  const started = performance.now();
  const code = await new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'run', '--backend', backend, '--reporter', 'json', '--out', out], { timeout: timeoutMs, maxBuffer: 1 << 26 }, (error) =>
      resolve(error ? (error.code ?? 'killed') : 0),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const run = report.backends[0];
    const cases = run.cases.length;
    const ran = run.cases.filter((c) => c.status !== 'skip').length;
    return { backend, exitCode: code, status: run.status, seconds: +seconds.toFixed(2), backendSeconds: +(run.durationMs / 1000).toFixed(2), cases, casesRun: ran, casesPerSecond: +(cases / seconds).toFixed(1) };
  } catch (error) {
    return { backend, exitCode: code, status: 'error', seconds: +seconds.toFixed(2), reason: `no report: ${error.message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The conformance timings of a matrix run already made (`npm run conformance` writes
 * reports/conformance.json): each backend's own seconds within that run, which ran two backends
 * at a time. Timing the suite again per backend would take longer than every bench row together.
 */
export function conformanceFromReport(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(report?.backends)) throw new Error(`${file} is not a dlspec JSON report (no backends list)`);
  return report.backends
    .filter((run) => run.status !== 'unavailable')
    .map((run) => {
      const seconds = run.durationMs / 1000;
      const cases = run.cases.length;
      return {
        backend: run.name,
        status: run.status,
        seconds: +seconds.toFixed(2),
        cases,
        casesRun: run.cases.filter((c) => c.status !== 'skip').length,
        casesPerSecond: +(cases / seconds).toFixed(1),
        source: `matrix report of ${report.createdAt}`,
        measuredAt: report.createdAt,
      };
    });
}
