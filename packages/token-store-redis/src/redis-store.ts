import {
  ConfigurationError,
  type ConfigurationIssue,
  ownProperties,
  registerSecret,
  type StoredToken,
  TimeoutError,
  type TokenLock,
  type TokenStore,
} from '@campaign-standard/core';
import { createClient } from '@redis/client';
import { createEntryCipher } from './encryption.js';
import { createRedisHealth } from './health.js';

/** The node-redis client methods the store uses; `createClient()` from `redis` returns one. */
export interface RedisClientLike {
  /** True once `connect()` was called (and until the client is closed). */
  readonly isOpen: boolean;
  /** Opens the connection; the store calls it once, on first use, when `isOpen` is false. */
  connect(): Promise<unknown>;
  /**
   * Sends one command, e.g. `['SET', key, value, 'PX', '60000']`, and resolves to Redis's reply.
   * The store passes its `timeoutMs` as `options.timeout`.
   */
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
}

/** Options of {@link createRedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /**
   * The credential's secret: the OAuth client secret (the same one in every process), or the
   * JWT private key. Entries are encrypted with a key derived from it, so a process without it
   * cannot use them. It is never sent to Redis.
   */
  secret: string;
  /** A `redis://` or `rediss://` URL; the store opens (lazily) and closes its own client. Give this or `client`. */
  url?: string | undefined;
  /** A node-redis client of your own (`createClient()` from `redis`), connected or not; `close()` leaves it open. */
  client?: RedisClientLike | undefined;
  /** Prefix of every Redis key the store writes. @defaultValue `'campaign-standard:'` */
  prefix?: string | undefined;
  /** Longest wait for one Redis command; after it the cache goes on without Redis. @defaultValue 500 */
  timeoutMs?: number | undefined;
  /**
   * Longest wait for the first connection (commands sent before it is up wait this long instead
   * of `timeoutMs`), so a fleet starting on busy machines still shares its first token.
   * @defaultValue 2000
   */
  connectTimeoutMs?: number | undefined;
  /**
   * Told once when Redis stops answering and once when it answers again. Messages hold no secret.
   * @defaultValue `process.emitWarning`
   */
  onWarning?: ((message: string) => void) | undefined;
}

/** A {@link TokenStore} on Redis, with the lock that lets a fleet of processes share one token fetch. */
export interface RedisTokenStore extends TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, value: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
  acquire(key: string, ttlMs: number): Promise<TokenLock | undefined>;
  /** Closes the client the store opened from `url`; a client passed in stays open. */
  close(): Promise<void>;
}

const DEFAULT_PREFIX = 'campaign-standard:';
const DEFAULT_TIMEOUT_MS = 500;
const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
/** Deletes the lock only if it still holds this holder's random value. */
const RELEASE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

function checkOptions(options: RedisTokenStoreOptions): ConfigurationIssue[] {
  const issues: ConfigurationIssue[] = [];
  if (typeof options?.secret !== 'string' || options.secret.trim() === '')
    issues.push({
      field: 'secret',
      problem: "is required: the credential's client secret (or JWT private key)",
    });
  const hasUrl = options?.url !== undefined;
  const hasClient = options?.client !== undefined;
  if (hasUrl === hasClient) issues.push({ field: 'url', problem: 'or client is required, not both' });
  if (hasUrl && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url)))
    issues.push({ field: 'url', problem: 'must be a redis:// or rediss:// URL' });
  if (hasClient && typeof (options.client as Partial<RedisClientLike>)?.sendCommand !== 'function')
    issues.push({ field: 'client', problem: 'must be a node-redis client (createClient() from "redis")' });
  for (const field of ['timeoutMs', 'connectTimeoutMs'] as const) {
    const value = options?.[field];
    if (value !== undefined && !(typeof value === 'number' && value > 0 && Number.isFinite(value)))
      issues.push({ field, problem: 'must be a positive number of milliseconds' });
  }
  return issues;
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** A client the store opened from `url`, and closes. */
interface OwnedClient extends RedisClientLike {
  readonly isReady: boolean;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
  off(event: 'error', listener: (error: unknown) => void): unknown;
  close(): Promise<void>;
  destroy(): void;
}

function openClient(url: string, connectTimeoutMs: number, onError: (error: unknown) => void): OwnedClient {
  const client = createClient({
    url,
    // fail fast while Redis is away instead of queueing: the cache fetches on its own meanwhile
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  });
  client.on('error', onError);
  return client as unknown as OwnedClient;
}

/** Connects, failing on the first connection error instead of retrying until Redis is there. */
function connectOrFail(client: OwnedClient): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: unknown): void => {
      reject(error);
    };
    client.once('error', onError);
    client.connect().then(
      () => {
        client.off('error', onError);
        resolve();
      },
      (error: unknown) => {
        client.off('error', onError);
        reject(error);
      },
    );
  });
}

function destroyQuietly(client: OwnedClient | undefined): void {
  try {
    client?.destroy();
  } catch {
    // already closed
  }
}

/**
 * A token store on Redis, for core's token cache: every process with the same credential shares
 * one token, and a short lock (`SET NX PX`) makes a cold fleet ask IMS once.
 *
 * Entries are encrypted (AES-256-GCM, key derived from `secret` with HKDF) and expire with the
 * token (`PX`). Keys are `<prefix><cache key>`: the cache key is a hash, with no secret in clear.
 * When Redis is down or slow, each command gives up after `timeoutMs`, the cache fetches on its
 * own, a warning is emitted once, and sharing resumes when Redis answers again.
 *
 * @example
 * ```ts
 * import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
 * import { createRedisTokenStore } from '@campaign-standard/token-store-redis';
 *
 * const secret = process.env.ACS_CLIENT_SECRET!;
 * const auth = createOAuthServerToServerAuth({
 *   clientId, orgId, scopes, clientSecret: secret,
 *   store: createRedisTokenStore({ url: process.env.REDIS_URL!, secret }),
 * });
 * ```
 *
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} when `secret` is
 * missing, or neither (or both) of `url` and `client` is given.
 */
export function createRedisTokenStore(input: RedisTokenStoreOptions): RedisTokenStore {
  const options = ownProperties(input);
  const issues = checkOptions(options);
  if (issues.length > 0) throw new ConfigurationError(issues, 'createRedisTokenStore options');
  registerSecret(options.secret);
  if (options.url) registerSecret(passwordOf(options.url));

  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let everConnected = false;
  const cipher = createEntryCipher(options.secret);
  const health = createRedisHealth(
    options.onWarning ?? ((message) => process.emitWarning(message, { code: 'ACS_REDIS_TOKEN_STORE' })),
  );
  let client: Promise<RedisClientLike> | undefined;
  let owned: OwnedClient | undefined;
  let closed = false;

  const connected = (): Promise<RedisClientLike> => {
    if (closed) return Promise.reject(new Error('The Redis token store was closed'));
    if (!client) {
      client = (async () => {
        if (options.client) {
          if (!options.client.isOpen) await options.client.connect();
          return options.client;
        }
        owned = openClient(options.url as string, connectTimeoutMs, health.failed);
        await connectOrFail(owned);
        return owned;
      })();
      client.then(
        () => {
          everConnected = true;
        },
        () => {
          // the next command tries a new connection; this one stops retrying in the background
          client = undefined;
          destroyQuietly(owned);
          owned = undefined;
        },
      );
    }
    return client;
  };

  const command = async (args: string[]): Promise<unknown> => {
    const limit = everConnected ? timeoutMs : connectTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TimeoutError(`Redis did not answer ${args[0]} within ${limit} ms`, limit)),
        limit,
      );
    });
    try {
      const work = connected().then((redis) => redis.sendCommand(args, { timeout: timeoutMs }));
      // when the deadline wins, the late failure is already reported
      work.catch(() => undefined);
      const reply = await Promise.race([work, deadline]);
      health.succeeded();
      return reply;
    } catch (error) {
      health.failed(error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async get(key) {
      const redisKey = prefix + key;
      const text = await command(['GET', redisKey]);
      return typeof text === 'string' ? cipher.open(redisKey, text) : undefined;
    },

    async set(key, value) {
      const redisKey = prefix + key;
      const ttl = Math.floor(value.accessToken.expiresOnTimestamp - Date.now());
      if (ttl <= 0) return;
      await command(['SET', redisKey, await cipher.seal(redisKey, value), 'PX', String(ttl)]);
    },

    async delete(key) {
      await command(['DEL', prefix + key]);
    },

    async acquire(key, ttlMs) {
      const lockKey = `${prefix}lock:${key}`;
      const holder = globalThis.crypto.randomUUID();
      const reply = await command([
        'SET',
        lockKey,
        holder,
        'NX',
        'PX',
        String(Math.max(1, Math.ceil(ttlMs))),
      ]);
      if (reply !== 'OK') return undefined;
      return {
        release: async () => {
          await command(['EVAL', RELEASE_SCRIPT, '1', lockKey, holder]);
        },
      };
    },

    async close() {
      closed = true;
      client = undefined;
      const mine = owned;
      owned = undefined;
      if (!mine) return;
      if (!mine.isReady) {
        destroyQuietly(mine);
        return;
      }
      try {
        await mine.close();
      } catch {
        destroyQuietly(mine);
      }
    },
  };
}
