import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeNumber } from '@dlspec/core';
import type { Dimensions } from './space.js';
import type { Direction, Trial } from './strategies/types.js';

export interface SearchRecord<D extends Dimensions> {
  /** 2: explicit statuses (ok, pruned, error, nan, +inf, -inf) and non-finite values as strings. */
  readonly schemaVersion: 2;
  readonly createdAt: string;
  readonly mode: 'pandas' | 'caviar';
  readonly direction: Direction;
  readonly seed: number | null;
  readonly space: Record<string, unknown>;
  readonly strategy: Record<string, unknown>;
  readonly pruner: Record<string, unknown> | null;
  readonly trials: Trial<D>[];
  /** The best trial with status ok, or null when none ended ok. */
  readonly best: Trial<D> | null;
}

/** JSON in which NaN, Infinity and -Infinity read "NaN", "Infinity", "-Infinity", never null. */
export const toJson = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? encodeNumber(v) : v), 2);

/** Written whole or not at all: a temporary file renamed into place, removed if anything fails. */
export async function writeRecord<D extends Dimensions>(path: string, record: SearchRecord<D>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, `${toJson(record)}\n`);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
