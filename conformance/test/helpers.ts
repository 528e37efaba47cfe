import { execFile } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
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
