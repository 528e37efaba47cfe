/** How numbers and a case's worst element read in the human reports (console, HTML, Markdown, JUnit). */
import type { CaseResult } from '../protocol/case-result.js';

export const num = (x: number) => (Object.is(x, -0) ? '-0' : Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));

export const ulps = (x: number | null) => (x === null ? '-' : x === Infinity ? 'inf' : String(x));

/** "a[3]: got 0.1, expected 0.2, 12 ULP; bound 1e-6 + 1e-5 |expected| = 3e-6" */
export function worstElement(c: CaseResult): string {
  const w = c.worst;
  if (!w) return '';
  const bound = w.atol + w.rtol * Math.abs(w.expected);
  return `${w.output}[${w.index}]: got ${num(w.got)}, expected ${num(w.expected)}, ${ulps(w.ulp)} ULP; bound ${num(w.atol)} + ${num(w.rtol)} |expected| = ${num(bound)}`;
}
