/**
 * The HTML report: one self-contained file (no network, no assets). A heat map of family and op
 * against backend coloured by the worst ULP among passing cases, with failures marked; the device
 * facts of each backend; every case with status filters, its worst element (expected, got, ULPs,
 * the bound) and, for an expected failure, its reason.
 */
import type { BackendRun, CaseResult } from '../protocol/case-result.js';
import { countCases, worstPassingUlp } from './count.js';
import { ulps, worstElement } from './describe.js';
import { escapeMarkup as h } from './escape.js';
import { summaryLine } from './summary-line.js';
import type { Reporter, Report } from './types.js';

const STATUSES = ['fail', 'error', 'xpass', 'xfail', 'skip', 'pass'] as const;

/** Heat: green within a few ULPs, through yellow and orange, to red past 2^16 ULPs (log scale). */
function heat(ulp: number | null): string {
  if (ulp === null) return '#eee';
  const t = Math.min(1, Math.log2(1 + ulp) / 17);
  return `hsl(${Math.round(130 - 130 * t)} 70% ${Math.round(82 - 22 * t)}%)`;
}

function heatCell(cases: readonly CaseResult[], b: BackendRun): string {
  if (b.status === 'unavailable') return '<td class="na" title="unavailable">&mdash;</td>';
  if (cases.length === 0) return '<td class="na"></td>';
  const n = countCases(cases);
  const worst = worstPassingUlp(cases);
  const bad = n.fail + n.error + n.xpass;
  const marks = [bad ? `<b class="bad">${bad}&#x2717;</b>` : '', n.xfail ? `<span class="xf">${n.xfail} xfail</span>` : ''].filter(Boolean).join(' ');
  const title = STATUSES.filter((s) => n[s]).map((s) => `${n[s]} ${s}`).join(', ');
  return `<td style="background:${heat(worst)}"${bad ? ' class="badcell"' : ''} title="${h(title)}">${ulps(worst)}${marks ? `<br>${marks}` : ''}</td>`;
}

function heatMap(report: Report): string {
  const ops = [...new Map(report.backends.flatMap((b) => b.cases).filter((c) => c.op !== '-').map((c) => [`${c.family}/${c.op}`, c] as const)).values()].sort((a, b) => `${a.family}/${a.op}`.localeCompare(`${b.family}/${b.op}`));
  const rows = ops.map((o) => `<tr><th>${h(o.family)}</th><th>${h(o.op)}</th>${report.backends.map((b) => heatCell(b.cases.filter((c) => c.family === o.family && c.op === o.op), b)).join('')}</tr>`);
  return `<table class="heat"><thead><tr><th>family</th><th>op</th>${report.backends.map((b) => `<th>${h(b.name)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="legend">Each cell: the worst float32 ULP error among passing cases of that op (over elements where |expected| &ge; atol/rtol), coloured from green (exact) to red (2<sup>17</sup> ULPs and more); &#x2717; counts unexpected failures, errors and xpasses.</p>`;
}

function devices(report: Report): string {
  return report.backends
    .map((b) => {
      const n = countCases(b.cases);
      const facts = Object.entries(b.device).map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(typeof v === 'string' ? v : JSON.stringify(v))}</dd>`);
      return `<details><summary><b>${h(b.name)}</b> <span class="st-${h(b.status)}">${h(b.status)}</span> &middot; ${n.pass} pass, ${n.xfail} xfail, ${n.fail + n.error + n.xpass} unexpected &middot; ${(b.durationMs / 1000).toFixed(1)} s</summary>${b.reason ? `<p class="reason">${h(b.reason)}</p>` : ''}<dl>${facts.join('')}</dl></details>`;
    })
    .join('\n');
}

function caseRow(b: BackendRun, c: CaseResult): string {
  return `<tr data-status="${c.status}" data-backend="${h(b.name)}"><td>${h(b.name)}</td><td>${h(c.id)}</td><td>${h(c.subject)}</td><td class="st-${c.status}">${c.status}</td><td>${h(c.tier ?? '')}</td><td>${ulps(c.maxUlp)}</td><td>${h(worstElement(c))}</td><td class="msg">${h(c.message)}${c.notCompared.length ? ` <i>(not compared: ${h(c.notCompared.join(', '))})</i>` : ''}</td></tr>`;
}

function cases(report: Report): string {
  const all = report.backends.flatMap((b) => b.cases.map((c) => [b, c] as const));
  // Unexpected first, then expected failures, skips and passes.
  all.sort(([, a], [, b]) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status));
  const total = countCases(all.map(([, c]) => c));
  const boxes = STATUSES.map((s) => `<label><input type="checkbox" name="status" value="${s}"${s === 'pass' ? '' : ' checked'}> <span class="st-${s}">${s}</span> (${total[s]})</label>`).join(' ');
  const backends = `<select name="backend"><option value="">every backend</option>${report.backends.map((b) => `<option>${h(b.name)}</option>`).join('')}</select>`;
  return `<form id="filters">${boxes} ${backends} <input type="search" name="q" placeholder="case or subject"> <output id="shown"></output></form>
<table id="cases"><thead><tr><th>backend</th><th>case</th><th>subject</th><th>status</th><th>tier</th><th>max ULP</th><th>worst element</th><th>message (for xfail: the reason)</th></tr></thead><tbody>${all.map(([b, c]) => caseRow(b, c)).join('\n')}</tbody></table>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}h1{margin:0}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
.heat td{text-align:center;min-width:5.5em}.heat .na{background:#f5f5f5;color:#999}.badcell{outline:2px solid #c00;outline-offset:-2px}.bad{color:#b00}.xf{color:#7a5b00;font-size:90%}
.legend{color:#555;font-size:90%}#cases{font-size:12px;margin-top:.5em}#cases td.msg{max-width:40em}.st-pass,.st-ok{color:#1a7f37}.st-fail,.st-error{color:#b00;font-weight:bold}.st-xpass{color:#a0a;font-weight:bold}
.st-xfail{color:#8a6d00}.st-skip,.st-unavailable{color:#777}dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1em;font-size:12px}dt{font-weight:bold}.reason{color:#b00}#verdict.ok{color:#1a7f37}#verdict.failed{color:#b00}`;

const SCRIPT = `const f=document.getElementById('filters'),rows=[...document.querySelectorAll('#cases tbody tr')];
function apply(){const on=new Set([...f.querySelectorAll('input[name=status]:checked')].map(i=>i.value)),b=f.backend.value,q=f.q.value.toLowerCase();let n=0;
for(const r of rows){const show=on.has(r.dataset.status)&&(!b||r.dataset.backend===b)&&(!q||r.children[1].textContent.toLowerCase().includes(q)||r.children[2].textContent.toLowerCase().includes(q));r.hidden=!show;if(show)n++}
document.getElementById('shown').textContent=n+' of '+rows.length+' cases shown'}
f.addEventListener('input',apply);apply();`;

function htmlReport(report: Report): string {
  const verdict = report.summary.exitCode === 0 ? 'ok' : 'failed';
  const stale = report.summary.staleExpectations.map((e) => `<li>${h(e.backend)}: ${h(e.case)} [${h(e.subject)}]</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dlspec conformance ${h(report.createdAt)}</title><style>${STYLE}</style></head><body>
<h1>dlspec conformance</h1>
<p id="verdict" class="${verdict}"><b>${h(summaryLine(report))}</b></p>
<p>${h(report.tool.name)} ${h(report.tool.version)} &middot; ${h(report.createdAt)} &middot; exit status ${report.summary.exitCode} &middot; families: ${h(report.families.join(', '))}</p>
<h2>Worst ULP by op and backend</h2>
${heatMap(report)}
<h2>Backends</h2>
${devices(report)}
${stale ? `<h2>Stale expectations</h2><ul>${stale}</ul>` : ''}
<h2>Cases</h2>
${cases(report)}
<p class="legend">The bound of a worst element is atol + rtol |expected| of the tolerance its output was held to.</p>
<script>${SCRIPT}</script>
</body></html>
`;
}

export const htmlReporter: Reporter = {
  name: 'html',
  description: 'one self-contained HTML file: heat map by op and backend, device facts, every case with filters',
  fileOption: { flag: '--html-out <file>', description: 'where the html reporter writes', default: 'reports/conformance.html' },
  render: htmlReport,
};
