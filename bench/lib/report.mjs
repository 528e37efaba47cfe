/**
 * bench/results/<family>.json (every backend's rows of that family), results/conformance.json,
 * and bench/RESULTS.md: the ratio tables, the optimizer steps against the copy bandwidth, the
 * conformance suite per backend, and NOTES.md (why a row is above 1.0, and the fix).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFilesAtomic } from '@dlspec/fixtures/node';

const fmtMs = (x) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
/** Above 1.0 in most rounds (its lower quartile too): ▲; a median above 1.0 whose rounds also went below: ~ (within the machine's noise). */
const above = (r) => !r.error && r.ratio > 1;
const consistentlyAbove = (r) => above(r) && (r.ratioQ1 ?? r.ratio) > 1;
const cell = (r) => (!r ? '' : r.error ? 'error' : `${r.ratio.toFixed(2)}${consistentlyAbove(r) ? ' ▲' : above(r) ? ' ~' : ''}`);
const spread = (r) => (r.warmUpOnly ? 'the warm-up pair alone: a call takes longer than the row budget' : r.ratioQ1 === undefined || r.rounds < 3 ? `${r.rounds ?? '?'} round(s), too few for a spread` : `quartiles ${r.ratioQ1.toFixed(2)} to ${r.ratioQ3.toFixed(2)} over ${r.rounds} rounds`);
const table = (head, lines) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');

/** Rows keyed by name and shape, in first-seen order, with each backend's result. */
function grid(rows) {
  const keys = new Map();
  for (const r of rows) {
    const key = `${r.name}\u0000${r.shape}`;
    if (!keys.has(key)) keys.set(key, { name: r.name, shape: r.shape, by: {} });
    keys.get(key).by[r.backend] = r;
  }
  // Grouped by shape (in the order shapes first appear), a row's variants (fused) after the plain rows.
  const all = [...keys.values()];
  const shapes = [...new Set(all.map((r) => r.shape))];
  const rank = (r) => shapes.indexOf(r.shape) * 2 + (/ \(fused\)$/.test(r.name) ? 1 : 0);
  return all.map((r, i) => [r, i]).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([r]) => r);
}

function familySection(family, rows, backends, bandwidth) {
  const g = grid(rows);
  const out = [`## ${family}`, '', 'ours / tfjs built-in (median of interleaved rounds; ▲ above 1.0 in most rounds, its lower quartile too; ~ median above 1.0 but rounds on both sides of it, within the noise):', ''];
  out.push(table(['row', 'shape', ...backends], g.map((x) => [x.name, x.shape, ...backends.map((b) => cell(x.by[b]))])));
  out.push('', '<details><summary>milliseconds (tfjs / ours)</summary>', '');
  out.push(table(['row', 'shape', ...backends], g.map((x) => [x.name, x.shape, ...backends.map((b) => (x.by[b] && !x.by[b].error ? `${fmtMs(x.by[b].tfjsMs)} / ${fmtMs(x.by[b].dlspecMs)}` : ''))])));
  out.push('', '</details>', '');
  if (rows.some((r) => r.bytesPerCall)) {
    const gbs = bandwidth.bytesPerSecond / 1e9;
    out.push(`Share of the copy-bandwidth limit (${gbs.toFixed(1)} GB/s read + write): the least bytes a step moves / bandwidth, over the measured time; ours (tfjs):`, '');
    const share = (r, ms) => `${((100 * r.bytesPerCall) / bandwidth.bytesPerSecond / (ms / 1000)).toFixed(1)} %`;
    out.push(table(['row', 'shape', 'MB / step', ...backends], g.map((x) => {
      const any = Object.values(x.by)[0];
      return [x.name, x.shape, (any.bytesPerCall / 1e6).toFixed(0), ...backends.map((b) => (x.by[b] && !x.by[b].error ? `${share(x.by[b], x.by[b].dlspecMs)} (${share(x.by[b], x.by[b].tfjsMs)})` : ''))];
    })));
    out.push('');
  }
  return out.join('\n');
}

/** Results another bench script wrote (results/<name>.json with a rows array), shown as they are. */
function foreignSection(name, json) {
  const rows = Array.isArray(json.rows) ? json.rows : [];
  if (!rows.length) return `## ${name}\n\n(results/${name}.json holds no rows)\n`;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const show = (v) => (typeof v === 'number' ? String(+v.toFixed(4)) : typeof v === 'object' ? JSON.stringify(v) : String(v ?? ''));
  return [`## ${name}`, '', `From results/${name}.json (${json.createdAt ?? 'no date'}), written by its own script:`, '', table(keys, rows.map((r) => keys.map((k) => show(r[k])))), ''].join('\n');
}

/** A results file as it is, or null. */
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

/**
 * Write this run's results, keeping what earlier runs measured on backends this one did not run
 * (a run of --backend cpu replaces cpu's rows only), then write RESULTS.md from every file in results/.
 */
export async function writeResults({ dir, startedAt, elapsedSeconds, quick, machine, bandwidth, runs, scriptRuns, conformance }) {
  const resultsDir = `${dir}results/`;
  // Every file of the run is staged, then all are renamed into place together (writeFilesAtomic):
  // a run killed while writing leaves the old files whole, never a half-written RESULTS.md.
  const staged = new Map(); // file -> its JSON object
  const stage = (file, json) => staged.set(file, json);
  const written = [];
  const ran = new Set(runs.map((r) => r.backend));
  const rows = runs.flatMap((r) => r.rows.map((x) => ({ ...x, measuredAt: startedAt, quick })));
  const header = { createdAt: startedAt, quick, machine, copyBandwidth: bandwidth };
  const devices = Object.fromEntries(runs.map((r) => [r.backend, { status: r.status, ...(r.reason ? { reason: r.reason } : {}), seconds: r.seconds, device: r.device, measuredAt: startedAt }]));
  // Every run also keeps its own file, so that runs side by side lose nothing.
  stage(`${resultsDir}runs/${startedAt.replace(/[:.]/g, '-')}-${[...ran].join('-')}.json`, { ...header, backends: devices, rows });
  for (const family of [...new Set(rows.map((r) => r.family))]) {
    const file = `${resultsDir}${family}.json`;
    const before = readJson(file);
    // Per row (backend, name, shape), the newer measurement wins: runs side by side may finish in
    // any order, and a run of some sizes or families keeps the other rows.
    const key = (r) => `${r.backend}\u0000${r.name}\u0000${r.shape}`;
    const previous = new Map((before?.rows ?? []).map((r) => [key(r), r]));
    const fresh = rows.filter((r) => r.family === family && !((previous.get(key(r))?.measuredAt ?? '') > startedAt));
    const freshKeys = new Set(fresh.map(key));
    const kept = (before?.rows ?? []).filter((r) => !freshKeys.has(key(r)));
    const newer = (b) => (before?.backends?.[b]?.measuredAt ?? '') > startedAt;
    const keptDevices = Object.fromEntries(Object.entries(before?.backends ?? {}).filter(([b]) => !ran.has(b) || newer(b)));
    const freshDevices = Object.fromEntries(Object.entries(devices).filter(([b]) => !newer(b)));
    stage(file, { ...header, family, backends: { ...keptDevices, ...freshDevices }, rows: [...kept, ...fresh] });
    written.push(`results/${family}.json`);
  }
  if (conformance.length) {
    const file = `${resultsDir}conformance.json`;
    const timed = new Set(conformance.map((c) => c.backend));
    const kept = (readJson(file)?.rows ?? []).filter((c) => !timed.has(c.backend));
    stage(file, { ...header, rows: [...kept, ...conformance.map((c) => ({ ...c, measuredAt: c.measuredAt ?? startedAt }))] });
    written.push('results/conformance.json');
  }
  const md = markdown(dir, staged, { startedAt, elapsedSeconds, quick, machine, bandwidth, scriptRuns });
  written.push('RESULTS.md');
  await writeFilesAtomic([...[...staged].map(([file, json]) => [file, `${JSON.stringify(json, null, 2)}\n`]), [`${dir}RESULTS.md`, md]]);
  return written;
}

/** RESULTS.md from every results/*.json: bench families, the conformance timings, other scripts' files. */
function markdown(dir, staged, { startedAt, elapsedSeconds, quick, machine, bandwidth, scriptRuns }) {
  const resultsDir = `${dir}results/`;
  // The files as this run leaves them: its staged ones over those already there.
  const onDisk = existsSync(resultsDir) ? readdirSync(resultsDir).map((f) => `${resultsDir}${f}`) : [];
  const files = [...new Set([...onDisk, ...staged.keys()])].filter((f) => f.startsWith(resultsDir) && !f.slice(resultsDir.length).includes('/') && f.endsWith('.json')).sort();
  const json = Object.fromEntries(files.map((f) => [f.slice(resultsDir.length).replace(/\.json$/, ''), staged.has(f) ? staged.get(f) : readJson(f)]));
  const families = Object.entries(json).filter(([, j]) => j?.family && Array.isArray(j.rows));
  const order = ['cpu', 'wasm', 'wasm-nosimd', 'webgpu', 'webgl2', 'webgl1', 'webgl-f16', 'tensorflow'];
  const backendsOf = (j) => Object.keys(j.backends ?? {}).sort((a, b) => (order.indexOf(a) + 99) % 99 - (order.indexOf(b) + 99) % 99);
  const allDevices = Object.assign({}, ...families.map(([, j]) => j.backends ?? {}));
  const allRows = families.flatMap(([, j]) => j.rows);
  const md = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (last run ${startedAt}${quick ? ', --quick' : ''}, ${elapsedSeconds} s). Ratios are ours / the tfjs built-in, each the`,
    'median over rounds in which both ran one after the other in the same process (tinybench p50 per',
    'task and round), outputs read back so that GPU work is counted; every row checks that no tensor',
    'is left behind. Compare ratios, not times: the machine was shared with other work. A run of some',
    'backends or families replaces their rows and keeps the rest (each row says when it was measured).',
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}, load average ${machine.loadAverage.join(' / ')} at the start; commit ${machine.commit}.`,
    `Versions: ${Object.entries(machine.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `Copy bandwidth, this run: ${(bandwidth.bytesPerSecond / 1e9).toFixed(1)} GB/s (read + write; an ${bandwidth.bytes / 2e6} MB Float32Array copied in ${bandwidth.ms} ms); the shares below use the best of all runs.`,
    '',
    table(['backend', 'status', 'seconds', 'slowest rows (s)', 'measured', 'device'], Object.entries(allDevices).map(([b, r]) => [b, r.status + (r.reason ? `: ${r.reason}` : ''), String(r.seconds ?? ''), slowestRows(allRows, b), r.measuredAt ?? '', deviceLine(r.device)])),
    '',
  ];
  // The limit: the best copy bandwidth any run measured (a loaded machine only lowers it).
  const best = [bandwidth, ...families.map(([, j]) => j.copyBandwidth).filter(Boolean)].reduce((a, b) => (b.bytesPerSecond > a.bytesPerSecond ? b : a));
  for (const [family, j] of families) md.push(familySection(family, j.rows, backendsOf(j), best));
  const line = (r) => `- ${r.backend} · ${r.family} · ${r.name} · ${r.shape}: ${r.ratio.toFixed(2)} (${spread(r)})`;
  md.push('## Rows above 1.0', '', 'In most rounds (▲):', '');
  md.push(allRows.filter(consistentlyAbove).map(line).join('\n') || 'None.');
  md.push('', 'Median above 1.0, with rounds at or below it (~):', '');
  md.push(allRows.filter((r) => above(r) && !consistentlyAbove(r)).map(line).join('\n') || 'None.');
  md.push('');
  if (existsSync(`${dir}NOTES.md`)) md.push(readFileSync(`${dir}NOTES.md`, 'utf8').trim(), '');
  const conformance = json.conformance?.rows ?? [];
  if (conformance.length) {
    const sources = [...new Set(conformance.map((c) => c.source ?? 'each backend alone (`dlspec run --backend <b> --reporter json`, one job), wall-clock seconds including start-up'))];
    md.push('## Conformance suite per backend', '', `Timed from: ${sources.join('; ')}. A matrix report gives each backend's own seconds within \`npm run conformance\`, two backends at a time on this machine.`, '');
    md.push(table(['backend', 'status', 'seconds', 'cases', 'cases / s', 'measured'], conformance.map((c) => [c.backend, c.status, String(c.seconds), String(c.cases ?? ''), String(c.casesPerSecond ?? ''), c.measuredAt ?? ''])));
    md.push(`\nSum: ${conformance.reduce((s, c) => s + c.seconds, 0).toFixed(1)} s.`, '');
  }
  for (const [name, j] of Object.entries(json)) {
    if (name === 'conformance' || (j?.family && Array.isArray(j.rows))) continue;
    md.push(j ? foreignSection(name, j) : `## ${name}\n\n(results/${name}.json is unreadable)\n`);
  }
  if (scriptRuns.length) md.push(`Bench scripts run: ${scriptRuns.map((s) => `${s.file} (exit ${s.exitCode}, ${s.seconds} s)`).join(', ')}.`, '');
  return `${md.join('\n')}\n`;
}

/** A backend's three longest rows by wall time (set-up to teardown), where its seconds go. */
function slowestRows(rows, backend) {
  const timed = rows.filter((r) => r.backend === backend && typeof r.wallMs === 'number').sort((a, b) => b.wallMs - a.wallMs);
  return timed.slice(0, 3).map((r) => `${r.family} ${r.name.split(' (')[0]} ${r.name.includes('(fused') ? '(fused) ' : ''}${r.shape} ${(r.wallMs / 1000).toFixed(1)}`).join('; ') || '-';
}

/** The device facts that say what ran: adapter, renderer, SIMD. */
function deviceLine(d = {}) {
  const parts = [];
  if (d.adapter) parts.push(`${d.adapter.vendor} ${d.adapter.architecture} ${d.adapter.description ?? ''}`.trim());
  if (d.renderer) parts.push(String(d.renderer));
  if (d.simd !== undefined) parts.push(`SIMD ${d.simd}`);
  if (d.chromium) parts.push(`Chromium ${d.chromium}`);
  return parts.join('; ').replace(/\|/g, '\\|') || '-';
}
