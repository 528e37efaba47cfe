import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { copyFixtures, runCli } from './helpers.js';

describe('dlspec command line', () => {
  it('refuses an unknown family and reporter', async () => {
    expect((await runCli(['run', '--backend', 'cpu', '--family', 'vision'])).stderr).toMatch(/--family must be one of softmax, batchnorm, optimizers, samplers; got "vision"/);
    expect((await runCli(['run', '--backend', 'cpu', '--reporter', 'pdf'])).stderr).toMatch(/--reporter must be one of console, json, junit, html, markdown; got "pdf"/);
    expect((await runCli(['run', '--timeout', '-3'])).stderr).toMatch(/--timeout must be a whole number from 1 to 2147483; got -3/);
  });

  it('runs cpu and writes the JSON report of the README, and JUnit beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dlspec-cli-'));
    const out = join(dir, 'report.json');
    const junit = join(dir, 'report.xml');
    const { code, stdout } = await runCli(['run', '--backend', 'cpu', '--family', 'softmax', '--reporter', 'json,junit,console', '--out', out, '--junit-out', junit]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^cpu\s+ok\s+\d+ pass, \d+ xfail/m);
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report.schemaVersion).toBe(2);
    expect(report.backends).toHaveLength(1);
    const cpu = report.backends[0];
    expect(cpu).toMatchObject({ name: 'cpu', status: 'ok' });
    for (const c of cpu.cases) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'family', 'subject', 'status', 'maxAbsError', 'maxRelError', 'maxUlp', 'leakedTensors', 'notCompared', 'message']));
      expect(['pass', 'xfail', 'skip']).toContain(c.status);
      if (c.status !== 'skip') expect(c.leakedTensors).toBe(0);
    }
    // Infinity cannot be a JSON number: NaN-vs-number mismatches read back as strings.
    expect(cpu.cases.some((c: { maxUlp: unknown }) => c.maxUlp === 'Infinity')).toBe(true);
    expect(report.summary).toMatchObject({ ok: true, unexpected: 0 });
    const xml = await readFile(junit, 'utf8');
    expect(xml.match(/<testcase /g)?.length).toBe(cpu.cases.length);
  });

  it('fails a corrupted fixture as its own case, by name, and runs the others', async () => {
    const dir = await copyFixtures();
    await writeFile(join(dir.dataDir, 'samplers/transform-beta.json'), '{ "schemaVersion": 1, "id": "samplers/transform-beta", "trunc');
    const out = join(dir.dataDir, '..', 'report.json');
    const { code } = await runCli(['run', '--backend', 'cpu', '--family', 'samplers', '--fixtures', dir.dataDir, '--reporter', 'json', '--out', out]);
    expect(code).toBe(1);
    const report = JSON.parse(await readFile(out, 'utf8'));
    const cases = report.backends[0].cases;
    const broken = cases.filter((c: { status: string }) => c.status === 'error');
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ id: 'samplers/transform-beta', kind: 'fixture' });
    expect(broken[0].message).toMatch(/transform-beta\.json: content hash .* differs from manifest\.json/);
    expect(cases.filter((c: { status: string }) => c.status === 'pass').length).toBe(13);
  });

  it('fails a required backend that cannot start, with exit status 3', async () => {
    const { code, stdout } = await runCli(['run', '--backend', 'tensorflow', '--require', 'tensorflow']);
    expect(code).toBe(3);
    expect(stdout).toMatch(/tensorflow: unavailable: neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node can be loaded/);
  });
});
