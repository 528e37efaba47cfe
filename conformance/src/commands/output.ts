/** Checking an output path before a run, so that a path that cannot be written is a usage error, not a lost run. */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '@dlspec/core';

export function checkWritable(option: string, file: string): void {
  const path = resolve(file);
  if (existsSync(path) && statSync(path).isDirectory()) throw new InvalidArgumentError(option, file, 'is a folder: name a file to write');
  // The folders that do not exist yet are created: the nearest one that does must be a writable folder.
  let dir = dirname(path);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) throw new InvalidArgumentError(option, file, `cannot be written: ${dir} is a file, not a folder`);
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.W_OK);
  } catch (error) {
    throw new InvalidArgumentError(option, file, `cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
