/**
 * As people installing from npm meet dlspec: the packed tarballs installed into an empty project
 * outside the workspace. First alone (cpu runs; every other backend says what to install), then
 * with the optional backends, a maintainer's backend modules (copied in with their own
 * node_modules, so they register into a different copy of @tensorflow/tfjs-core than dlspec's),
 * and a TypeScript file importing every entry point, checked with skipLibCheck off.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
/** The version the workspace has, so the consumer installs what we test (from npm's cache). */
const versionOf = async (pkg: string) => (JSON.parse(await readFile(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const WORKSPACES = ['@dlspec/core', '@dlspec/fixtures', '@dlspec/softmax', '@dlspec/batchnorm', '@dlspec/optimizers', '@dlspec/samplers', '@dlspec/conformance'];

interface Case { id: string; subject: string; status: string; message?: string }
interface Report { backends: Array<{ name: string; status: string; device: Record<string, unknown>; cases: Case[] }>; summary: { byBackend: Record<string, Record<string, unknown>>; exitCode: number } }

let project: string;
/** `dlspec run --backend cpu` in the consumer project, what a backend module is compared with. */
let cpu: Report;

/**
 * A copy of cpu gives cpu's result case by case, except dlspec's fused optimizer kernels: they are
 * registered for the backends named cpu, wasm, webgl and webgpu, so a copy under another name skips them, saying so.
 */
function expectSameAsCpu(cases: Case[]): void {
  const fused = (c: Case) => c.subject.endsWith('(fused kernel)');
  const statuses = (cs: Case[]) => Object.fromEntries(cs.filter((c) => !fused(c)).map((c) => [`${c.id} [${c.subject}]`, c.status]));
  expect(statuses(cases)).toEqual(statuses(cpu.backends[0]!.cases));
  const skippedFused = cases.filter(fused);
  expect(skippedFused.length).toBeGreaterThan(10);
  for (const c of skippedFused) expect(c).toMatchObject({ status: 'skip', message: expect.stringContaining('no fused kernel for cpu-copy') });
}

/** `npx dlspec ...` in the consumer project: exit code and the JSON report it wrote. */
async function dlspec(args: string[]): Promise<{ code: number; stdout: string; report: Report }> {
  const out = join(project, `report-${Math.random().toString(36).slice(2)}.json`);
  let code = 0;
  let stdout = '';
  try {
    ({ stdout } = await run('npx', ['--no-install', 'dlspec', ...args, '--reporter', 'console,json', '--out', out], { cwd: project, maxBuffer: 64 << 20 }));
  } catch (error) {
    const e = error as { code: number; stdout: string };
    code = e.code;
    stdout = e.stdout;
  }
  return { code, stdout, report: JSON.parse(await readFile(out, 'utf8')) as Report };
}

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'dlspec-consumer-'));
  const tarballs = join(work, 'tarballs');
  await mkdir(tarballs);
  for (const w of WORKSPACES) await run('npm', ['pack', '-w', w, '--pack-destination', tarballs], { cwd: ROOT });
  project = join(work, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const files = (await readdir(tarballs)).map((f) => join(tarballs, f));
  await run('npm', ['install', '--no-audit', '--no-fund', ...files], { cwd: project, maxBuffer: 64 << 20 });
}, 600_000);

describe('@dlspec/conformance installed alone', () => {
  it('runs cpu, and every other backend says what to install', async () => {
    expect((await dlspec(['run', '--backend', 'cpu', '--family', 'samplers'])).code).toBe(0);
    const { code, report } = await dlspec(['run', '--backend', 'wasm,webgpu,webgl2', '--family', 'samplers']);
    expect(code).toBe(3);
    const reason = (name: string) => report.backends.find((b) => b.name === name) as unknown as { status: string; reason: string };
    expect(reason('wasm')).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('install @tensorflow/tfjs-backend-wasm') });
    expect(reason('webgpu')).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('install webgpu') });
    expect(reason('webgl2')).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('install playwright-core') });
  });
});

describe('with the optional backends installed', () => {
  beforeAll(async () => {
    const pkgs = await Promise.all(['@tensorflow/tfjs-backend-wasm', 'playwright-core', 'esbuild', 'typescript'].map(async (p) => `${p}@${await versionOf(p)}`));
    await run('npm', ['install', '--no-audit', '--no-fund', ...pkgs], { cwd: project, maxBuffer: 64 << 20 });
    // The examples bring their own @tensorflow/tfjs-core and tfjs-backend-cpu, installed beside them.
    await cp(join(ROOT, 'examples', 'custom-backend'), join(project, 'custom-backend'), { recursive: true, filter: (f) => !f.includes('node_modules') });
    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: join(project, 'custom-backend') });
  }, 600_000);

  it('runs cpu and wasm with the json, junit and html reporters', async () => {
    const files = ['r.xml', 'r.html'].map((f) => join(project, f));
    const { code, report } = await dlspec(['run', '--backend', 'cpu,wasm', '--reporter', 'junit,html', '--junit-out', files[0]!, '--html-out', files[1]!]);
    expect(code).toBe(0);
    expect(report.backends.map((b) => b.status)).toEqual(['ok', 'ok']);
    expect(await readFile(files[0]!, 'utf8')).toMatch(/<testsuite name="wasm" tests="\d+"/);
    expect(await readFile(files[1]!, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('compiles a TypeScript file that imports every entry point, with skipLibCheck off', async () => {
    const entries = ['@dlspec/core', '@dlspec/fixtures', '@dlspec/fixtures/node', '@dlspec/softmax', '@dlspec/batchnorm', '@dlspec/optimizers', '@dlspec/samplers', '@dlspec/samplers/distributions', '@dlspec/conformance', '@dlspec/conformance/vitest'];
    await writeFile(join(project, 'entries.ts'), `${entries.map((e, i) => `import * as m${i} from '${e}';`).join('\n')}\nexport const all = [${entries.map((_, i) => `m${i}`).join(', ')}];\n`);
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['entries.ts'] }));
    const tsc = await run(join(project, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: project, maxBuffer: 64 << 20 }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    // Our declarations must be clean. tfjs 4.22's own are not under strict with skipLibCheck off
    // (tfjs-layers' config types against their index signatures, tfjs-core's Long): a finding
    // about tfjs, listed in the README, and left out here.
    const ours = tsc.split('\n').filter((l) => /error TS/.test(l) && !l.startsWith('node_modules/@tensorflow/'));
    expect(ours).toEqual([]);
  });
});

describe('a backend module, from the packed tarballs', () => {
  beforeAll(async () => {
    // Needs what the previous describe installed (vitest runs the blocks of a file in order).
    ({ report: cpu } = await dlspec(['run', '--backend', 'cpu']));
  });

  it('runs cpu re-registered from its own copy of tfjs-core, with the result of cpu case by case', async () => {
    const { code, report } = await dlspec(['run', '--backend', './custom-backend/cpu-copy.js', '--expectations', 'custom-backend/expectations.json']);
    expect(code).toBe(0);
    const copy = report.backends[0]!;
    expect(copy).toMatchObject({ name: 'cpu-copy', status: 'ok' });
    expect(String(copy.device.tfjsCore)).toContain('/custom-backend/node_modules/@tensorflow/tfjs-core/');
    expectSameAsCpu(report.backends[0]!.cases);
  });

  it('runs the same module in the Chromium page (browser:), bundled with its own tfjs-core', async () => {
    const { code, report } = await dlspec(['run', '--backend', 'browser:./custom-backend/cpu-copy.js', '--expectations', 'custom-backend/expectations.json']);
    expect(code).toBe(0);
    expect(report.backends[0]!.device).toMatchObject({ tfjsCore: 'bundled with the module', chromium: expect.any(String) });
    expectSameAsCpu(report.backends[0]!.cases);
  });

  it('fails exactly the cases whose subjects run Softmax, with exit status 1', async () => {
    const { code, report, stdout } = await dlspec(['run', '--backend', './custom-backend/wrong-softmax.js', '--expectations', 'custom-backend/expectations.json']);
    expect(code).toBe(1);
    const failing = report.backends[0]!.cases.filter((c) => c.status === 'fail').map((c) => `${c.id} [${c.subject}]`);
    // tf.softmax runs the Softmax kernel, and so does log(tf.softmax) under tf.grad; nothing else does.
    const usesSoftmax = cpu.backends[0]!.cases.filter((c) => c.status === 'pass' && ['tf.softmax', 'tf.grad(tf.softmax)'].includes(c.subject)).map((c) => `${c.id} [${c.subject}]`);
    expect(failing.sort()).toEqual(usesSoftmax.sort());
    expect(failing.length).toBeGreaterThan(10);
    expect(report.backends[0]!.cases.filter((c) => ['error', 'xpass'].includes(c.status))).toEqual([]);
    expect(stdout).toMatch(/^wrong-softmax\s+ok/m);
  });
});
