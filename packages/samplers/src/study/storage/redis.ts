import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkObject, checkString, InvalidArgumentError } from '@dlspec/core';
import type { createClient, RedisClientOptions } from 'redis';
import { decodeEvent, encodeEvent, type JournalEvent } from '../events.js';
import type { JournalStorage } from './types.js';

export interface RedisStorageOptions {
  /** The study's keys start with this: `<key>:log` (a list of events) and `<key>:lock`. */
  readonly key: string;
  /** redis://host:port, or a unix socket path. */
  readonly url?: string;
  readonly socket?: string;
}

/** A lock not released within this long (its holder was killed) expires. */
const LOCK_MS = 10_000;
const UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * A journal on a Redis server, for a study that outgrows one machine (the model is Optuna's
 * JournalRedisStorage): the events are a Redis list appended with RPUSH and read with LRANGE, and
 * the lock is a key set with NX and an expiry, released only by its holder.
 */
export class JournalRedisStorage implements JournalStorage {
  readonly name: string;
  readonly #key: string;
  readonly #options: RedisClientOptions;
  #client: ReturnType<typeof createClient> | null = null;

  constructor(options: RedisStorageOptions) {
    checkObject('storage', options);
    this.#key = checkString('storage.key', options.key);
    if ((options.url === undefined) === (options.socket === undefined)) throw new InvalidArgumentError('storage', options, 'must give one of url (redis://host:port) and socket (a unix socket path)');
    const noRetry = { reconnectStrategy: (retries: number) => (retries > 20 ? new Error(`gave up after ${retries} reconnects`) : 100) };
    this.#options = options.url !== undefined ? { url: checkString('storage.url', options.url), socket: noRetry } : { socket: { path: checkString('storage.socket', options.socket), tls: false, ...noRetry } };
    this.name = `redis ${options.url ?? options.socket} ${this.#key}`;
  }

  /** Connects, and checks the server answers: before the first trial. */
  async open(): Promise<void> {
    // Loaded here: a search without Redis does not pay for the client.
    const { createClient } = await import('redis');
    const client = createClient({ ...this.#options, socket: { ...(this.#options.socket as object), reconnectStrategy: false } } as RedisClientOptions);
    client.on('error', () => {}); // reported through the rejected command instead
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      await client.destroy();
      throw new InvalidArgumentError('storage', this.name, `must be a reachable Redis server (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    await client.destroy();
    this.#client = createClient(this.#options);
    this.#client.on('error', () => {});
    await this.#client.connect();
  }

  async read(from: number): Promise<JournalEvent[]> {
    const lines = await this.#live().lRange(`${this.#key}:log`, from, -1);
    return lines.map((line, i) => decodeEvent(line, `${this.name}[${from + i}]`));
  }

  async append(events: readonly JournalEvent[]): Promise<void> {
    if (events.length > 0) await this.#live().rPush(`${this.#key}:log`, events.map(encodeEvent));
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const client = this.#live();
    const token = randomUUID();
    while ((await client.set(`${this.#key}:lock`, token, { condition: 'NX', expiration: { type: 'PX', value: LOCK_MS } })) !== 'OK') await sleep(2 + Math.random() * 8);
    try {
      return await fn();
    } finally {
      await client.eval(UNLOCK, { keys: [`${this.#key}:lock`], arguments: [token] });
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (client?.isOpen) await client.close();
  }

  #live(): ReturnType<typeof createClient> {
    if (!this.#client) throw new InvalidArgumentError('storage', this.name, 'is not open (call open() first)');
    return this.#client;
  }
}
