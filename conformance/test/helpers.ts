import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { sha256 } from '@dlspec/fixtures/node';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const FIXTURES_ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** A private copy of the committed fixtures (data/ and manifest.json) to damage in a test. */
export async function copyFixtures(): Promise<{ dataDir: string; manifestFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dlspec-fixtures-'));
  await cp(join(FIXTURES_ROOT, 'data'), join(dir, 'data'), { recursive: true });
  await cp(join(FIXTURES_ROOT, 'manifest.json'), join(dir, 'manifest.json'));
  return { dataDir: join(dir, 'data'), manifestFile: join(dir, 'manifest.json') };
}

export function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Edit one fixture of a private copy as JSON and re-hash it in the manifest, so only its content is wrong. */
export async function editFixture(dir: { dataDir: string; manifestFile: string }, file: string, edit: (fixture: Record<string, any>) => void): Promise<void> {
  const path = join(dir.dataDir, file);
  const fixture = JSON.parse(await readFile(path, 'utf8'));
  edit(fixture);
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  await writeFile(path, text);
  const manifest = JSON.parse(await readFile(dir.manifestFile, 'utf8'));
  manifest.files[file] = sha256(text);
  await writeFile(dir.manifestFile, JSON.stringify(manifest));
}
