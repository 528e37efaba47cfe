/**
 * Where a fixture set lies on disk, from a folder a user names: the set's own folder (manifest.json
 * beside data/, as `dlspec import` writes it) or its data folder (manifest.json one level up, as in
 * @dlspec/fixtures). Both name the same set.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '@dlspec/core';

export interface FixtureFolder {
  readonly dataDir: string;
  readonly manifestFile: string;
}

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** `option` names the command-line option or argument in errors; the manifest itself may be missing (`fixtures manifest` writes it). */
export function fixtureFolder(option: string, dir: string, cwd: string): FixtureFolder {
  const path = resolve(cwd, dir);
  if (!isFolder(path)) throw new InvalidArgumentError(option, dir, `must be a folder of fixtures; ${path} is not one`);
  const asSet = { dataDir: join(path, 'data'), manifestFile: join(path, 'manifest.json') };
  const asData = { dataDir: path, manifestFile: join(dirname(path), 'manifest.json') };
  if (!isFolder(asSet.dataDir)) return asData;
  if (existsSync(asSet.manifestFile)) return asSet;
  return existsSync(asData.manifestFile) ? asData : asSet;
}
