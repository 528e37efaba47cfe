import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '@dlspec/core';
import lockfile from 'proper-lockfile';
import { decodeEvent, encodeEvent, type JournalEvent } from '../events.js';
import type { JournalStorage } from './types.js';
import { checkWritablePath } from './paths.js';

/** A lock left by a killed process is taken over after this long (proper-lockfile refreshes a live one). */
const STALE_MS = 5000;

/**
 * A JSONL journal in a file: each append is written and fsynced before the call returns, so a
 * killed search loses nothing it reported. Processes on one machine (or a file system with
 * working mkdir, as NFS has) share it through proper-lockfile's lock directory `<path>.lock`.
 * A last line cut short by a kill is no event: it is never read, and the next append cuts it off.
 */
export class JournalFileStorage implements JournalStorage {
  readonly name: string;
  readonly #path: string;
  readonly #events: JournalEvent[] = [];
  /** Bytes of whole lines read so far. */
  #offset = 0;

  constructor(path: string) {
    if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError('journal', path, 'must be a file path');
    this.#path = resolve(path);
    this.name = path;
  }

  /** The journal is a file (or can be created as one) in a writable directory; created empty. */
  async open(): Promise<void> {
    await checkWritablePath('journal', this.#path);
    await mkdir(dirname(this.#path), { recursive: true });
    const fh = await open(this.#path, 'a');
    await fh.close();
  }

  async read(from: number): Promise<JournalEvent[]> {
    this.#sync();
    return this.#events.slice(from);
  }

  async append(events: readonly JournalEvent[]): Promise<void> {
    this.#sync();
    const fh = await open(this.#path, 'r+');
    try {
      const { size } = await fh.stat();
      if (size > this.#offset) await fh.truncate(this.#offset); // a torn last line
      const text = events.map((e) => `${encodeEvent(e)}\n`).join('');
      await fh.write(text, this.#offset);
      await fh.sync();
      this.#offset += Buffer.byteLength(text);
      this.#events.push(...events.map((e) => decodeEvent(encodeEvent(e), this.name)));
    } finally {
      await fh.close();
    }
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const release = await lockfile.lock(this.#path, { stale: STALE_MS, update: 1000, realpath: false, retries: { retries: 2000, minTimeout: 2, maxTimeout: 20, factor: 1.5 } });
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  async close(): Promise<void> {}

  /** Read the whole lines written since the last read. */
  #sync(): void {
    const fd = openSync(this.#path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.#offset) return;
      const buffer = Buffer.alloc(size - this.#offset);
      readSync(fd, buffer, 0, buffer.length, this.#offset);
      const end = buffer.lastIndexOf(0x0a);
      if (end < 0) return;
      const lines = buffer.subarray(0, end).toString('utf8').split('\n');
      for (const line of lines) this.#events.push(decodeEvent(line, `${this.name} line ${this.#events.length + 1}`));
      this.#offset += end + 1;
    } finally {
      closeSync(fd);
    }
  }
}

