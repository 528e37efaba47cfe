/**
 * What changed between two runs: new failures, fixed cases, ULP errors that moved by more than a
 * factor, backends that stopped running, cases that appeared or went. A maintainer changing a
 * kernel runs the suite before and after and reads this.
 */
import type { CaseResult } from '../protocol/case-result.js';
import { ulps } from './describe.js';
import { markdownCell as cell } from './escape.js';
import type { Report } from './types.js';

export interface DiffOptions {
  /** A ULP error counts as moved when it grew or shrank by more than this factor (default 2). */
  readonly factor?: number;
  /** ... and the larger of the two is at least this many ULPs (default 4): a move from 1 to 3 ULPs is noise. */
  readonly minUlp?: number;
}

export interface Change {
  readonly backend: string;
  readonly id: string;
  readonly subject: string;
  readonly from: string;
  readonly to: string;
  readonly detail: string;
}

export interface Diff {
  readonly regressions: Change[];
  readonly improvements: Change[];
  readonly added: Change[];
  readonly removed: Change[];
}

const BAD = new Set(['fail', 'error', 'xpass']);
const key = (backend: string, c: CaseResult) => `${backend}\u0000${c.id}\u0000${c.subject}`;

export function diffReports(base: Report, head: Report, options: DiffOptions = {}): Diff {
  const factor = options.factor ?? 2;
  const minUlp = options.minUlp ?? 4;
  const before = new Map(base.backends.flatMap((b) => b.cases.map((c) => [key(b.name, c), { backend: b.name, c }] as const)));
  const d: Diff = { regressions: [], improvements: [], added: [], removed: [] };
  for (const hb of head.backends) {
    const bb = base.backends.find((b) => b.name === hb.name);
    if (bb && bb.status === 'ok' && hb.status !== 'ok') d.regressions.push({ backend: hb.name, id: '-', subject: '-', from: bb.status, to: hb.status, detail: hb.reason ?? '' });
    if (bb && bb.status !== 'ok' && hb.status === 'ok') d.improvements.push({ backend: hb.name, id: '-', subject: '-', from: bb.status, to: hb.status, detail: 'the backend runs now' });
    for (const c of hb.cases) {
      const k = key(hb.name, c);
      const was = before.get(k)?.c;
      before.delete(k);
      const change = (detail: string): Change => ({ backend: hb.name, id: c.id, subject: c.subject, from: was?.status ?? '(none)', to: c.status, detail });
      if (!was) {
        (BAD.has(c.status) ? d.regressions : d.added).push(change(BAD.has(c.status) ? `new case, ${c.message}` : 'new case'));
      } else if (BAD.has(c.status) && !BAD.has(was.status)) d.regressions.push(change(c.message));
      else if (!BAD.has(c.status) && BAD.has(was.status)) d.improvements.push(change(`was: ${was.message}`));
      else if (c.status === 'pass' && was.status === 'pass' && c.maxUlpRelative !== null && was.maxUlpRelative !== null) {
        const [a, b] = [was.maxUlpRelative, c.maxUlpRelative];
        if (Math.max(a, b) >= minUlp) {
          const ratio = Math.max(b, 1) / Math.max(a, 1);
          const moved = `max ${ulps(a)} -> ${ulps(b)} ULP`;
          if (ratio > factor) d.regressions.push(change(`${moved} (x${ratio.toPrecision(3)})`));
          else if (ratio < 1 / factor) d.improvements.push(change(`${moved} (x${ratio.toPrecision(3)})`));
        }
      }
    }
  }
  for (const { backend, c } of before.values()) d.removed.push({ backend, id: c.id, subject: c.subject, from: c.status, to: '(none)', detail: 'not in the new run' });
  return d;
}

const row = (c: Change) => `${c.backend} ${c.id} [${c.subject}]: ${c.from} -> ${c.to}${c.detail ? `; ${c.detail}` : ''}`;

export function diffText(d: Diff): string {
  const section = (title: string, changes: Change[]) => (changes.length ? [`${title} (${changes.length})`, ...changes.map((c) => `  ${row(c)}`)] : []);
  const lines = [...section('Regressions', d.regressions), ...section('Improvements', d.improvements), ...section('New cases', d.added), ...section('Cases gone', d.removed)];
  lines.push(d.regressions.length ? `REGRESSED: ${d.regressions.length} regression(s), ${d.improvements.length} improvement(s)` : `NO REGRESSION: ${d.improvements.length} improvement(s), ${d.added.length} new and ${d.removed.length} gone case(s)`);
  return `${lines.join('\n')}\n`;
}

export function diffMarkdown(d: Diff): string {
  const table = (title: string, changes: Change[]) =>
    changes.length ? [`### ${title} (${changes.length})`, '', '| backend | case | subject | from | to | detail |', '|---|---|---|---|---|---|', ...changes.map((c) => `| ${cell(c.backend)} | \`${c.id}\` | ${cell(c.subject)} | ${c.from} | ${c.to} | ${cell(c.detail)} |`), ''] : [];
  return `${[`## dlspec diff: ${d.regressions.length ? `**${d.regressions.length} regression(s)**` : 'no regression'}`, '', ...table('Regressions', d.regressions), ...table('Improvements', d.improvements), ...table('New cases', d.added), ...table('Cases gone', d.removed)].join('\n')}\n`;
}
