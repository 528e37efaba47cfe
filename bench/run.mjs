/**
 * `npm run bench`: every bench/*.bench.mjs on every backend, as ratios of ours to the tfjs
 * built-in measured interleaved in one process per backend; then the machine's copy bandwidth,
 * the conformance suite timed per backend, bench/results/<family>.json and bench/RESULTS.md.
 *
 *   npm run bench -- [--backend cpu,wasm,...] [--family optimizers,...] [--shape 10M,...] [--quick] [--no-conformance]
 *
 * A bench module exports `family` and `rows()` (see optimizers.bench.mjs) and runs on every
 * backend, the WebGL ones in the page too; a *.bench.mjs without `rows` is a script of its own,
 * run once with --quick passed on, writing its own results/<name>.json.
 */
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BACKENDS } from '@dlspec/conformance';
import { pool } from '@dlspec/core';
import { benchArgs, orUsageExit } from './lib/args.mjs';
import { conformanceFromReport, timeConformance } from './lib/conformance.mjs';
import { copyBandwidth, machine } from './lib/machine.mjs';
import { bundle, runInPage } from './lib/page.mjs';
import { writeResults } from './lib/report.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
// Every *.bench.mjs, read once: its family, and whether it is a bench module (exports rows) or a script of its own.
const benches = readdirSync(HERE).filter((f) => f.endsWith('.bench.mjs')).sort().map((name) => {
  const text = readFileSync(`${HERE}${name}`, 'utf8');
  const family = /export\s+const\s+family\s*=\s*['"]([\w-]+)['"]/.exec(text)?.[1] ?? name.replace('.bench.mjs', '');
  return { file: `${HERE}${name}`, family, isModule: /export\s+(function|const|async function)\s+rows\b/.test(text) };
});
const args = orUsageExit(() => benchArgs(process.argv.slice(2), { backends: BACKENDS.map((b) => b.name), families: [...new Set(benches.map((b) => b.family)), 'conformance'] }));
const { backends, timeoutMs } = args;
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

// Bench modules (export rows) and stand-alone bench scripts.
const wanted = benches.filter((b) => !args.families || args.families.includes(b.family));
const modules = wanted.filter((b) => b.isModule).map((b) => b.file);
const scripts = wanted.filter((b) => !b.isModule).map((b) => b.file);
const moduleFamilies = wanted.filter((b) => b.isModule).map((b) => b.family);

const started = new Date();
const host = machine();
log(`${host.cpu}, ${host.cores} cores, load ${host.loadAverage.join(' ')}; ${modules.length} modules, ${scripts.length} scripts, backends ${backends.join(', ')}`);
const bandwidth = copyBandwidth();
log(`copy bandwidth: ${(bandwidth.bytesPerSecond / 1e9).toFixed(1)} GB/s (read + write, ${bandwidth.bytes / 1e6} MB in ${bandwidth.ms} ms)`);

const runs = [];
/** What a worker sends, gathered into one backend's run. */
const collector = (backend) => {
  const run = { backend, status: 'ok', device: {}, rows: [] };
  runs.push(run);
  const onMessage = (m) => {
    if (m.type === 'started') run.device = m.device;
    else if (m.type === 'unavailable') Object.assign(run, { status: 'unavailable', reason: m.reason });
    else if (m.type === 'error') Object.assign(run, { status: 'error', reason: m.reason });
    else if (m.type === 'output') log(`${backend}: ${m.text}`);
    else if (m.type === 'done') run.numTensorsAtEnd = m.numTensors;
    else if (m.type === 'row') {
      run.rows.push(m.row);
      const r = m.row;
      log(`${backend} ${r.family} ${r.name} ${r.shape}: ${r.error ? `error ${r.error}` : `tfjs ${r.tfjsMs.toFixed(3)} ms, ours ${r.dlspecMs.toFixed(3)} ms, ratio ${r.ratio.toFixed(2)}`}${r.leakedTensors ? `, LEAKED ${r.leakedTensors}` : ''} (${(r.wallMs / 1000).toFixed(1)} s)`);
    }
  };
  return { run, onMessage };
};

/** Node workers still running, stopped with the run when it is interrupted. */
const children = new Set();
// Interrupted (Ctrl-C, a CI job's timeout): stop the workers (playwright closes its browser on
// these signals itself) and write nothing, so results/ and RESULTS.md stay as they were.
// Once the results are being written, the write finishes first (its files are renamed into place
// one after another) and the run then stops with the same exit code.
let writing = false;
let interrupted = 0;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    if (writing) {
      log(`${signal}: interrupted while writing the results; finishing the write, then stopping`);
      interrupted = code;
      return;
    }
    log(`${signal}: interrupted; results not written`);
    process.exit(code);
  });
}

function runNode(name) {
  const { run, onMessage } = collector(name);
  const backend = BACKENDS.find((b) => b.name === name);
  const env = backend.environment ? backend.environment(process.env) : process.env;
  return new Promise((resolve) => {
    const child = fork(`${HERE}lib/node-worker.mjs`, [name, args.quick ? '1' : '0', args.shape ?? '', ...modules], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const timer = setTimeout(() => {
      onMessage({ type: 'error', reason: `timed out after ${timeoutMs / 1000} s` });
      child.kill('SIGKILL');
    }, timeoutMs);
    children.add(child);
    child.on('message', onMessage);
    child.on('exit', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      if (run.numTensorsAtEnd === undefined && run.status === 'ok') Object.assign(run, { status: 'error', reason: `worker exited (${signal ?? code}) before it was done` });
      resolve(run);
    });
  });
}

/** The bench modules bundled for the page, once for every page backend (a promise: pages may start side by side). */
let pageScript = null;
async function runBrowser(name) {
  const { run, onMessage } = collector(name);
  let script;
  try {
    script = await (pageScript ??= bundle(modules));
  } catch (error) {
    return Object.assign(run, { status: 'error', reason: `the bench modules could not be bundled for the page: ${error.message.split('\n').slice(0, 4).join(' ')}` });
  }
  try {
    const facts = await runInPage(script, name, { quick: args.quick, shape: args.shape }, onMessage, timeoutMs);
    run.device = { ...run.device, ...facts };
  } catch (error) {
    Object.assign(run, { status: 'unavailable', reason: error.message.split('\n')[0] });
  }
  return run;
}

if (modules.length) {
  // Backends in the order given, `--jobs` at a time (pairing a Node backend with a page keeps both cores busy).
  await pool(backends, args.jobs, async (name) => {
    const t0 = performance.now();
    log(`${name}: starting`);
    const run = BACKENDS.find((b) => b.name === name).host === 'node' ? await runNode(name) : await runBrowser(name);
    run.seconds = +((performance.now() - t0) / 1000).toFixed(1);
    log(`${name}: ${run.status}${run.reason ? ` (${run.reason})` : ''}, ${run.rows.length} rows in ${run.seconds} s`);
  });
}

const scriptRuns = [];
for (const file of scripts) {
  log(`script ${file}`);
  const t0 = performance.now();
  const code = await new Promise((resolve) => {
    const child = fork(file, args.quick ? ['--quick'] : [], { stdio: 'inherit', cwd: HERE });
    children.add(child);
    child.on('exit', (c, s) => {
      children.delete(child);
      resolve(s ?? c);
    });
  });
  scriptRuns.push({ file: file.slice(HERE.length), exitCode: code, seconds: +((performance.now() - t0) / 1000).toFixed(1) });
}

const conformance = [];
let conformanceError = null;
if (args.conformance === 'report') {
  const file = args.conformanceReport;
  if (!existsSync(file)) log(`conformance: no matrix report at ${file} (run \`npm run conformance\` first, or pass --conformance run); not timed`);
  else {
    try {
      const rows = conformanceFromReport(file).filter((c) => backends.includes(c.backend));
      log(`conformance: ${rows.length} backends' timings from ${file} (${rows[0]?.source ?? 'no backend of this run'})`);
      conformance.push(...rows);
    } catch (error) {
      conformanceError = `conformance: ${file} could not be read: ${error.message}`;
    }
  }
}
if (args.conformance === 'run') {
  for (const name of backends) {
    log(`conformance on ${name}`);
    const c = await timeConformance(name);
    log(`conformance on ${name}: ${c.status}, ${c.cases ?? 0} cases in ${c.seconds} s (${c.casesPerSecond ?? 0}/s)`);
    conformance.push(c);
  }
}

const elapsed = (Date.now() - started.getTime()) / 1000;
// A selection that ran nothing (e.g. a --shape no row has) measured nothing: it fails, and writes nothing.
const empty = runs.filter((r) => r.status === 'ok' && r.rows.length === 0).map((r) => `${r.backend}: no row ran${args.shape ? ` (no row of shape ${args.shape} in ${moduleFamilies.join(', ')})` : ''}`);
if (modules.length + scripts.length > 0 && runs.every((r) => r.rows.length === 0) && scriptRuns.length === 0) {
  for (const line of empty) log(line);
  log('nothing was measured; results not written');
  process.exit(1);
}
writing = true;
const written = await writeResults({ dir: HERE, startedAt: started.toISOString(), elapsedSeconds: +elapsed.toFixed(1), quick: args.quick, machine: host, bandwidth, runs, scriptRuns, conformance });
writing = false;
log(`wrote ${written.join(', ')} (${elapsed.toFixed(0)} s)`);
if (interrupted) process.exit(interrupted);
const leaks = runs.flatMap((r) => r.rows.filter((x) => x.leakedTensors).map((x) => `${r.backend} ${x.family} ${x.name} ${x.shape}: ${x.leakedTensors}`));
// A backend named on the command line that did not run is a failure of the run, as in `dlspec run`.
const errors = runs.flatMap((r) => [...(r.status !== 'ok' && (args.backendsNamed || r.status === 'error') ? [`${r.backend}: ${r.status}: ${r.reason}`] : []), ...r.rows.filter((x) => x.error).map((x) => `${r.backend} ${x.name} ${x.shape}: ${x.error}`)]);
if (conformanceError) errors.push(conformanceError);
errors.push(...empty);
for (const line of [...leaks.map((l) => `leaked tensors: ${l}`), ...errors]) log(line);
process.exitCode = leaks.length || errors.length || scriptRuns.some((s) => s.exitCode !== 0) ? 1 : 0;
