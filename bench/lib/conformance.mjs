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
