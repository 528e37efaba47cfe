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
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { BACKENDS } from '@dlspec/conformance';
import { conformanceFromReport, timeConformance } from './lib/conformance.mjs';
import { copyBandwidth, machine } from './lib/machine.mjs';
import { bundle, runInPage } from './lib/page.mjs';
import { writeResults } from './lib/report.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_BACKENDS = ['cpu', 'wasm', 'wasm-nosimd', 'webgpu', 'webgl2', 'webgl1', 'webgl-f16'];
const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: DEFAULT_BACKENDS.join(',') },
    family: { type: 'string' },
    quick: { type: 'boolean', default: false },
    // Only rows of these shapes (e.g. 10M): a bench module's rows filtered by their shape label.
    shape: { type: 'string' },
    // Conformance timings: from the matrix's own JSON report (default), timed again per backend (run), or none.
    conformance: { type: 'string', default: 'report' },
    'conformance-report': { type: 'string', default: fileURLToPath(new URL('../reports/conformance.json', import.meta.url)) },
    'no-conformance': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
  },
});
const backends = values.backend.split(',').filter(Boolean);
for (const b of backends) if (!BACKENDS.some((x) => x.name === b)) throw new Error(`--backend: unknown backend ${b} (one of ${BACKENDS.map((x) => x.name).join(', ')})`);
const timeoutMs = Number(values.timeout) * 1000;
if (!['report', 'run', 'none'].includes(values.conformance)) throw new Error(`--conformance: ${values.conformance} is not one of report, run, none`);
const conformanceMode = values['no-conformance'] ? 'none' : values.conformance;
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

// Bench modules (export rows) and stand-alone bench scripts.
const files = readdirSync(HERE).filter((f) => f.endsWith('.bench.mjs')).sort().map((f) => `${HERE}${f}`);
const isModule = (f) => /export\s+(function|const|async function)\s+rows\b/.test(readFileSync(f, 'utf8'));
const familyOf = (f) => /export\s+const\s+family\s*=\s*['"]([\w-]+)['"]/.exec(readFileSync(f, 'utf8'))?.[1] ?? f.split('/').at(-1).replace('.bench.mjs', '');
const wanted = (f) => !values.family || values.family.split(',').includes(familyOf(f));
const modules = files.filter((f) => isModule(f) && wanted(f));
const scripts = files.filter((f) => !isModule(f) && wanted(f));

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
      log(`${backend} ${r.family} ${r.name} ${r.shape}: ${r.error ? `error ${r.error}` : `tfjs ${r.tfjsMs.toFixed(3)} ms, ours ${r.dlspecMs.toFixed(3)} ms, ratio ${r.ratio.toFixed(2)}`}${r.leakedTensors ? `, LEAKED ${r.leakedTensors}` : ''}`);
    }
  };
  return { run, onMessage };
};

function runNode(name) {
  const { run, onMessage } = collector(name);
  const backend = BACKENDS.find((b) => b.name === name);
  const env = backend.environment ? backend.environment(process.env) : process.env;
  return new Promise((resolve) => {
    const child = fork(`${HERE}lib/node-worker.mjs`, [name, values.quick ? '1' : '0', values.shape ?? '', ...modules], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const timer = setTimeout(() => {
      onMessage({ type: 'error', reason: `timed out after ${timeoutMs / 1000} s` });
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (run.numTensorsAtEnd === undefined && run.status === 'ok') Object.assign(run, { status: 'error', reason: `worker exited (${signal ?? code}) before it was done` });
      resolve(run);
    });
  });
}

let pageScript = null;
async function runBrowser(name) {
  const { run, onMessage } = collector(name);
  try {
    pageScript ??= await bundle(modules);
  } catch (error) {
    return Object.assign(run, { status: 'error', reason: `the bench modules could not be bundled for the page: ${error.message.split('\n').slice(0, 4).join(' ')}` });
  }
  try {
    const facts = await runInPage(pageScript, name, { quick: values.quick, shape: values.shape }, onMessage, timeoutMs);
    run.device = { ...run.device, ...facts };
  } catch (error) {
    Object.assign(run, { status: 'unavailable', reason: error.message.split('\n')[0] });
  }
  return run;
}

if (modules.length) {
  for (const name of backends) {
    const t0 = performance.now();
    log(`${name}: starting`);
    const run = BACKENDS.find((b) => b.name === name).host === 'node' ? await runNode(name) : await runBrowser(name);
    run.seconds = +((performance.now() - t0) / 1000).toFixed(1);
    log(`${name}: ${run.status}${run.reason ? ` (${run.reason})` : ''}, ${run.rows.length} rows in ${run.seconds} s`);
  }
}

const scriptRuns = [];
for (const file of scripts) {
  log(`script ${file}`);
  const t0 = performance.now();
  const code = await new Promise((resolve) => {
    const child = fork(file, values.quick ? ['--quick'] : [], { stdio: 'inherit', cwd: HERE });
    child.on('exit', (c, s) => resolve(s ?? c));
  });
  scriptRuns.push({ file: file.slice(HERE.length), exitCode: code, seconds: +((performance.now() - t0) / 1000).toFixed(1) });
}

const conformance = [];
let conformanceError = null;
if (conformanceMode === 'report') {
  const file = values['conformance-report'];
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
if (conformanceMode === 'run') {
  for (const name of backends) {
    log(`conformance on ${name}`);
    const c = await timeConformance(name);
    log(`conformance on ${name}: ${c.status}, ${c.cases ?? 0} cases in ${c.seconds} s (${c.casesPerSecond ?? 0}/s)`);
    conformance.push(c);
  }
}

const elapsed = (Date.now() - started.getTime()) / 1000;
const written = writeResults({ dir: HERE, startedAt: started.toISOString(), elapsedSeconds: +elapsed.toFixed(1), quick: values.quick, machine: host, bandwidth, runs, scriptRuns, conformance });
log(`wrote ${written.join(', ')} (${elapsed.toFixed(0)} s)`);
const leaks = runs.flatMap((r) => r.rows.filter((x) => x.leakedTensors).map((x) => `${r.backend} ${x.family} ${x.name} ${x.shape}: ${x.leakedTensors}`));
// A backend named on the command line that did not run is a failure of the run, as in `dlspec run`.
const errors = runs.flatMap((r) => [...(r.status !== 'ok' && (values.backend !== DEFAULT_BACKENDS.join(',') || r.status === 'error') ? [`${r.backend}: ${r.status}: ${r.reason}`] : []), ...r.rows.filter((x) => x.error).map((x) => `${r.backend} ${x.name} ${x.shape}: ${x.error}`)]);
if (conformanceError) errors.push(conformanceError);
for (const line of [...leaks.map((l) => `leaked tensors: ${l}`), ...errors]) log(line);
process.exitCode = leaks.length || errors.length || scriptRuns.some((s) => s.exitCode !== 0) ? 1 : 0;
