import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFixtures, sha256 } from '@dlspec/fixtures/node';
import { checkFixtures, generateFixtures } from '../src/generate.js';
import { copyFixtures } from './helpers.js';

describe('golden fixtures', () => {
  it('the committed fixtures match what the float64 spec generates, byte for byte', async () => {
    const { checked, problems } = await checkFixtures();
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('generate writes the same bytes into an empty folder', async () => {
    const target = await copyFixtures();
    await rm(target.dataDir, { recursive: true });
    await rm(target.manifestFile);
    const written = await generateFixtures(target);
    const committed = await copyFixtures();
    expect(await readFile(target.manifestFile, 'utf8')).toBe(await readFile(committed.manifestFile, 'utf8'));
    expect((await checkFixtures(target)).problems).toEqual([]);
    expect(written).toBe((await checkFixtures()).checked);
  });

  it('check names a tampered file, a missing file and a stray file', async () => {
    const dir = await copyFixtures();
    const tampered = join(dir.dataDir, 'softmax/lecture-4-class.json');
    await writeFile(tampered, (await readFile(tampered, 'utf8')).replace('0.8420335723974581', '0.8420335723974582'));
    await rm(join(dir.dataDir, 'softmax/random-8x10.json'));
    await writeFile(join(dir.dataDir, 'softmax/stray.json'), '{}');
    const { problems } = await checkFixtures(dir);
    const files = problems.map((p) => p.file);
    expect(files).toContain('softmax/lecture-4-class.json');
    expect(problems.find((p) => p.file === 'softmax/lecture-4-class.json')?.problem).toMatch(/drift at byte/);
    expect(problems.find((p) => p.file === 'softmax/random-8x10.json')?.problem).toMatch(/missing/);
    expect(problems.find((p) => p.file === 'softmax/stray.json')?.problem).toMatch(/no case definition/);
  });

  it("check insists that dlspec's manifest names its set, which carries the built-in expectations", async () => {
    const dir = await copyFixtures();
    const manifest = JSON.parse(await readFile(dir.manifestFile, 'utf8'));
    expect(manifest.set).toBe('dlspec');
    delete manifest.set;
    await writeFile(dir.manifestFile, JSON.stringify(manifest));
    const { problems } = await checkFixtures(dir);
    expect(problems).toEqual([{ file: 'manifest.json', problem: 'names no set, not "dlspec": run `dlspec fixtures generate`' }]);
  });

  it('check flags any stray file in the data folder, a temporary file of an interrupted write included', async () => {
    const dir = await copyFixtures();
    await writeFile(join(dir.dataDir, 'softmax/lecture-4-class.json.12345.tmp'), '{');
    await writeFile(join(dir.dataDir, 'notes.txt'), 'scratch');
    const { problems } = await checkFixtures(dir);
    expect(problems.map((p) => p.file).sort()).toEqual(['notes.txt', 'softmax/lecture-4-class.json.12345.tmp']);
    expect(problems.find((p) => p.file.endsWith('.tmp'))?.problem).toMatch(/temporary file of an interrupted write/);
  });

  it('generate leaves no temporary file behind when a write fails', async () => {
    const dir = await copyFixtures();
    await rm(join(dir.dataDir, 'softmax/lecture-4-class.json'));
    await mkdir(join(dir.dataDir, 'softmax/lecture-4-class.json')); // a folder where a fixture should go
    await expect(generateFixtures(dir)).rejects.toThrow();
    const left = (await readdir(dir.dataDir, { recursive: true })).map(String);
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`generate interrupted by ${signal} leaves no temporary file behind`, async () => {
      const dir = await copyFixtures();
      const hang = fileURLToPath(new URL('../../fixtures/test/hang-writes.mjs', import.meta.url));
      const generate = fileURLToPath(new URL('../dist/generate.js', import.meta.url));
      const child = spawn(process.execPath, [hang, generate, 'generateFixtures', JSON.stringify(dir)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('written') && resolve()));
      const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
      child.kill(signal);
      expect(await exit).toBe(signal);
      const left = (await readdir(dir.dataDir, { recursive: true })).map(String);
      expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect((await checkFixtures(dir)).problems).toEqual([]); // nothing half-written either
    }, 30_000);
  }

  it('the loader isolates a corrupted fixture as an error of its own and keeps the rest', async () => {
    const dir = await copyFixtures();
    const file = join(dir.dataDir, 'softmax/random-64x5.json');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 500)); // truncated mid-write
    const manifest = JSON.parse(await readFile(dir.manifestFile, 'utf8'));
    // Also one whose hash is right but whose content breaks the schema.
    const bad = join(dir.dataDir, 'softmax/single-class.json');
    const text = (await readFile(bad, 'utf8')).replace('"tolerance": "f32-op"', '"tolerance": "close-enough"');
    await writeFile(bad, text);
    manifest.files['softmax/single-class.json'] = sha256(text);
    await writeFile(dir.manifestFile, JSON.stringify(manifest));
    const { fixtures, errors } = await loadFixtures(dir);
    expect(errors.map((e) => e.id).sort()).toEqual(['softmax/random-64x5', 'softmax/single-class']);
    expect(errors.find((e) => e.id === 'softmax/random-64x5')?.error.message).toMatch(/content hash .* differs from manifest.json/);
    expect(errors.find((e) => e.id === 'softmax/single-class')?.error.message).toMatch(/invalid fixture at tolerance/);
    expect(fixtures.length).toBe((await checkFixtures()).checked - 2);
  });

  it('every input is float32-exact and every special value survives the round trip', async () => {
    const { fixtures, errors } = await loadFixtures();
    expect(errors).toEqual([]);
    const nan = fixtures.find((f) => f.id === 'softmax/nan-and-infinity');
    expect(Array.from(nan!.inputs.z!.data.slice(0, 9))).toEqual([NaN, 1, 2, 3, Infinity, 1, 2, 3, -Infinity]);
    for (const f of fixtures) for (const t of Object.values(f.inputs)) for (const v of t.data) expect(Object.is(Math.fround(v), v) || Number.isNaN(v)).toBe(true);
  });
});
