/**
 * runConformance and the Vitest helper against the command line: the same options give the same
 * counts. Also what the API refuses before starting anything, the expectations a maintainer writes
 * from a run, a corrupt built-in expectations file, and `dlspec list`.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@dlspec/core';
import { runConformance, TODO_REASON } from '../dist/index.js';
import { FAMILIES } from '../src/families/index.js';
import { runCli } from './helpers.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlspec-api-'));
});

async function cliReport(args: string[]) {
  const out = join(dir, `cli-${Math.random().toString(36).slice(2)}.json`);
  const { code } = await runCli(['run', ...args, '--reporter', 'json', '--out', out]);
  return { code, report: JSON.parse(await readFile(out, 'utf8')) };
}

describe('runConformance', () => {
  it('gives the counts the command line gives', async () => {
    const { code, report: cli } = await cliReport(['--backend', 'cpu', '--family', 'softmax,samplers']);
    const api = await runConformance({ backends: ['cpu'], families: ['softmax', 'samplers'] });
    expect(api.summary.byBackend).toEqual(cli.summary.byBackend);
    expect(api.summary.exitCode).toBe(code);
  });

  it('refuses a bad option with a typed error naming it, before anything starts', async () => {
    await expect(runConformance({ backends: ['tpu'] })).rejects.toThrow(InvalidArgumentError);
    await expect(runConformance({ backends: ['cpu'], timeoutSeconds: 0 })).rejects.toThrow(/--timeout must be a whole number from 1 to 2147483; got 0/);
    await expect(runConformance({ backends: ['cpu'], families: ['vision'] })).rejects.toThrow(/--family must be one of/);
  });
});

describe('the Vitest helper', () => {
  it("turns every case into a test of the maintainer's own Vitest run, with the command line's counts", async () => {
    const json = join(dir, 'vitest.json');
    await run(process.execPath, [join(HERE, '../../node_modules/vitest/vitest.mjs'), 'run', '--root', join(HERE, 'vitest-helper'), '--reporter', 'json', '--outputFile', json], {
      cwd: join(HERE, 'vitest-helper'),
      maxBuffer: 64 << 20,
    });
    const vitest = JSON.parse(await readFile(json, 'utf8'));
    const { report: cli } = await cliReport(['--backend', 'cpu', '--family', 'softmax,samplers']);
    const t = cli.summary.total;
    // pass is a passing test, xfail a passing test.fails, skip a skipped test.
    expect({ passed: vitest.numPassedTests, skipped: vitest.numPendingTests, failed: vitest.numFailedTests }).toEqual({ passed: t.pass + t.xfail, skipped: t.skip, failed: 0 });
  });
});

describe('expectations', () => {
  it('writes the failures of a saved run for a maintainer to explain, and holds the run to them once explained', async () => {
    const args = ['--backend', '../examples/custom-backend/wrong-softmax.js', '--case', 'softmax/random-*'];
    const { code, report } = await cliReport(args);
    expect(code).toBe(1);
    const saved = join(dir, 'wrong.json');
    await writeFile(saved, JSON.stringify(report));
    const file = join(dir, 'expectations.json');
    expect((await runCli(['expectations', 'write', '--from', saved, '--out', file])).code).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8'));
    const failing = report.backends[0].cases.filter((c: { status: string }) => c.status === 'fail');
    expect(written.backend).toBe('wrong-softmax');
    expect(written.expected).toHaveLength(failing.length);
    expect(written.expected[0]).toMatchObject({ reason: TODO_REASON, measured: expect.stringMatching(/values outside f32-op .* maxAbs [\d.e-]+, maxRel [\d.e-]+ \(\d{4}-\d{2}-\d{2}\)$/) });
    // Unexplained, the file is refused by name.
    const unexplained = await runCli(['run', ...args, '--expectations', file]);
    expect(unexplained.code).toBe(2);
    expect(unexplained.stderr).toMatch(/--expectations must be a valid expectations file: .*invalid expectations at expected\.0\.reason: is still the placeholder/);
    // Explained (and with a glob for the subject), the failures are expected: exit 0.
    written.expected = written.expected.map((e: object) => ({ ...e, subject: 'tf.softmax*', reason: 'The Softmax kernel of this example divides by 1.001 times the sum, on purpose.' }));
    await writeFile(file, JSON.stringify(written));
    const explained = await runCli(['run', ...args, '--expectations', file]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(new RegExp(`${failing.length} xfail`));
  });

  it("fails only the backend whose own expectations file is corrupt, naming the file and the position", async () => {
    const expectationsDir = join(dir, 'expectations');
    await cp(join(HERE, '../expectations'), expectationsDir, { recursive: true });
    const text = await readFile(join(expectationsDir, 'cpu.json'), 'utf8');
    await writeFile(join(expectationsDir, 'cpu.json'), text.slice(0, 300)); // cut short mid-write
    const report = await runConformance({ backends: ['cpu', 'wasm'], families: ['samplers'], expectationsDir });
    const [cpu, wasm] = report.backends;
    expect(cpu).toMatchObject({ name: 'cpu', status: 'error', cases: [] });
    expect(cpu!.reason).toMatch(/cpu\.json: is not valid JSON at line \d+, column \d+/);
    expect(wasm).toMatchObject({ name: 'wasm', status: 'ok' });
    expect(wasm!.cases.length).toBe(14);
    expect(report.summary.exitCode).toBe(1);
  });
});

describe('dlspec list', () => {
  it('lists families, ops, cases, subjects and backends, each backend with whether it can run here', async () => {
    const { code, stdout } = await runCli(['list', '--json']);
    expect(code).toBe(0);
    const l = JSON.parse(stdout);
    const softmax = l.families.find((f: { name: string }) => f.name === 'softmax');
    expect(softmax.ops.find((o: { name: string }) => o.name === 'softmax')).toMatchObject({ params: ['axis'], inputs: ['z'], outputs: ['a'], profiles: [] });
    // Every case of every family (the count moves as families gain cases).
    expect(l.cases.length).toBe(FAMILIES.reduce((n, f) => n + f.cases.length, 0));
    expect(l.cases.length).toBeGreaterThan(100);
    const by = Object.fromEntries(l.backends.map((b: { name: string }) => [b.name, b]));
    expect(by.cpu).toMatchObject({ available: true });
    expect(by.webgl2).toMatchObject({ available: true, host: 'browser' });
    const text = await runCli(['list']);
    expect(text.stdout).toMatch(/^ {2}cpu {10}can run here/m);
  });
});
