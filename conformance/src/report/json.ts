import { encodeNumber } from '@dlspec/core';
import { encodeCase } from '../engine/encode.js';
import type { Report } from '../engine/matrix.js';

/** The machine-readable report: special numbers as strings, so any JSON reader takes it. */
export function jsonReport(report: Report): string {
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
