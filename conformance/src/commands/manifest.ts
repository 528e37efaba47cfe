/**
 * `dlspec fixtures manifest <folder>`: hash a fixture set that is not dlspec's own (one converted
 * from another suite, or written by hand) into its manifest.json. Every file is checked first, as a
 * run would check it; a manifest vouches for its files, so with any problem nothing is written.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FixtureError, InvalidArgumentError } from '@dlspec/core';
import { checkSetName, SET_PATTERN, SET_RULE } from '@dlspec/fixtures';
import { DATA_DIR, listJson, manifestText, readFixture, readManifest, sha256, writeFileAtomic } from '@dlspec/fixtures/node';
import { checkFixture } from '../families/check.js';
import { FAMILIES } from '../families/index.js';
import { fixtureFolder, type FixtureFolder } from '../host/fixtures-folder.js';

export interface ManifestResult {
  readonly folder: FixtureFolder;
  readonly set: string;
  /** Files hashed (when no problem) or checked. */
  readonly files: number;
  /** One line per bad file; non-empty means nothing was written. */
  readonly problems: string[];
}

/** The set's name: as given, else the one its manifest has, else its folder's name. */
async function setName(given: string | undefined, folder: FixtureFolder): Promise<string> {
  if (given !== undefined) return checkSetName('--set', given);
  if (existsSync(folder.manifestFile)) {
    const old = await readManifest(folder.manifestFile).catch(() => undefined);
    if (old?.set !== undefined) return old.set;
  }
  const name = basename(dirname(folder.manifestFile));
  if (!SET_PATTERN.test(name)) throw new InvalidArgumentError('--set', undefined, `is needed: the folder's name ${JSON.stringify(name)} is not a set name (${SET_RULE})`);
  return name;
}

export async function writeManifest(dir: string, options: { set?: string; cwd?: string } = {}): Promise<ManifestResult> {
  const folder = fixtureFolder('folder', dir, options.cwd ?? process.cwd());
  if (folder.dataDir === resolve(DATA_DIR)) throw new InvalidArgumentError('folder', dir, "is dlspec's own fixtures: `dlspec fixtures generate` writes their manifest from the case definitions");
  const set = await setName(options.set, folder);
  const files = await listJson(folder.dataDir);
  if (files.length === 0) throw new InvalidArgumentError('folder', dir, `holds no fixture: a fixture is <family>/<case>.json under ${folder.dataDir}`);
  const problems: string[] = [];
  const hashes: Record<string, string> = {};
  for (const file of files) {
    const text = await readFile(join(folder.dataDir, file), 'utf8');
    try {
      checkFixture(readFixture(text, file).fixture, FAMILIES, file);
      hashes[file] = sha256(text);
    } catch (error) {
      if (!(error instanceof FixtureError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 0) await writeFileAtomic(folder.manifestFile, manifestText(hashes, set));
  return { folder, set, files: files.length, problems };
}
