import { encodeNumber } from '@dlspec/core';
import { encodeCase } from '../protocol/encode.js';
import type { Reporter, Report } from './types.js';

/** The machine-readable report: special numbers as strings, so any JSON reader takes it. */
function jsonReport(report: Report): string {
  const byBackend = Object.fromEntries(
    Object.entries(report.summary.byBackend).map(([k, v]) => [k, { ...v, maxUlpRelative: v.maxUlpRelative === null ? null : encodeNumber(v.maxUlpRelative) }]),
  );
  const out = {
    ...report,
    backends: report.backends.map((b) => ({ ...b, cases: b.cases.map(encodeCase) })),
    summary: { ...report.summary, byBackend },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export const jsonReporter: Reporter = {
  name: 'json',
  description: 'the whole report as JSON (schemaVersion 2), special numbers as strings',
  fileOption: { flag: '-o, --out <file>', description: 'where the json reporter writes (default: stdout)' },
  render: jsonReport,
};
