/**
 * Which ONNX release a test-data folder comes from, for the fixtures' provenance: as given, else
 * the VERSION_NUMBER of the onnx source tree the folder lies in, else the version of the Debian
 * package that installed it (libonnx-testdata).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { InvalidArgumentError } from '@dlspec/core';

const VERSION = /^\d+\.\d+(\.\d+)?([.-][0-9A-Za-z.]+)?$/;

function fromSourceTree(folder: string): string | undefined {
  for (let dir = folder; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'VERSION_NUMBER');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  }
  return undefined;
}

async function fromDebianPackage(folder: string): Promise<string | undefined> {
  const run = promisify(execFile);
  try {
    const owner = (await run('dpkg-query', ['-S', folder])).stdout.split(':')[0]?.trim();
    if (!owner) return undefined;
    const version = (await run('dpkg-query', ['-W', '-f=${Version}', owner])).stdout.trim();
    // 1.12.0-2: the upstream version, before Debian's revision (and after any epoch).
    return version.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  } catch {
    return undefined; // not a Debian system, or not a packaged folder
  }
}

export async function onnxVersion(folder: string, given?: string): Promise<string> {
  if (given !== undefined) {
    if (!VERSION.test(given)) throw new InvalidArgumentError('--onnx-version', given, 'must be a version such as 1.12.0');
    return given;
  }
  const found = fromSourceTree(folder) ?? (await fromDebianPackage(folder));
  if (found === undefined || !VERSION.test(found)) {
    throw new InvalidArgumentError('--onnx-version', undefined, `is needed: ${folder} lies in no onnx source tree (VERSION_NUMBER) and no Debian package says which ONNX it comes from`);
  }
  return found;
}
