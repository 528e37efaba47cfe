import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError } from '@dlspec/core';

/**
 * A file we are about to write: not a directory, and its nearest existing ancestor a writable
 * directory (the missing ones are made when written). Checked before the first trial; creates nothing.
 */
export async function checkWritablePath(argument: string, path: string): Promise<void> {
  const here = await stat(path).catch(() => null);
  if (here?.isDirectory()) throw new InvalidArgumentError(argument, path, 'is a directory; must be a file path');
  if (here) return access(path, constants.W_OK).catch(() => {
    throw new InvalidArgumentError(argument, path, 'is not writable');
  });
  let dir = dirname(path);
  for (;;) {
    const s = await stat(dir).catch(() => null);
    if (s) {
      if (!s.isDirectory()) throw new InvalidArgumentError(argument, path, `cannot be made: ${dir} is not a directory`);
      return access(dir, constants.W_OK).catch(() => {
        throw new InvalidArgumentError(argument, path, `cannot be made: ${dir} is not writable`);
      });
    }
    if (dirname(dir) === dir) return;
    dir = dirname(dir);
  }
}
