import type { Middleware } from '@campaign-standard/client';
import {
  type AuthStrategy,
  abortReason,
  ConfigurationError,
  type ConfigurationIssue,
  type FetchLike,
  parseRetryAfter,
  registerSecret,
  sleep,
} from '@campaign-standard/core';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Options of {@link createRateBudget}. */
export interface RateBudgetOptions {
  /**
   * Where the budget lives: a `redis://` or `rediss://` URL (the budget opens its own connection
   * and closes it in `close()`), or your own ioredis client (left open). Give it
   * `enableOfflineQueue: false`, so that a call never waits for a Redis that is down.
   */
  redis: string | Redis;
  /** The IMS organization (`…@AdobeOrg`) whose budget this is. */
  orgId: string;
  /** The Campaign tenant (instance) whose budget this is. */
  tenant: string;
  /** The requests per second the whole fleet may send to this organization and tenant. */
  requestsPerSecond: number;
  /**
   * Requests per second this process allows itself while Redis cannot be reached (each process
   * counts alone then: set it to the budget divided by the number of processes, if known).
   * @defaultValue requestsPerSecond
   */
  fallbackRequestsPerSecond?: number;
  /**
   * The shared pause after a 429 that carries no `Retry-After`, in milliseconds.
   * @defaultValue 1000
   */
  defaultPauseMs?: number;
  /**
   * The longest shared pause a `Retry-After` may ask for, in milliseconds.
   * @defaultValue 60_000
   */
  maxPauseMs?: number;
  /**
   * Prefix of the budget's Redis key (`<prefix>:<orgId>:<tenant>`).
   * @defaultValue 'campaign-standard:rate'
   */
  prefix?: string;
  /**
   * The longest wait for one Redis command before this process counts locally, in milliseconds
   * (for a URL; set `commandTimeout` on your own client).
   * @defaultValue 500
   */
  timeoutMs?: number;
  /**
   * Told once when Redis stops answering (the process then counts locally) and once when it is
   * back. Messages hold no secret.
   * @defaultValue `process.emitWarning` with code `ACS_RATE_BUDGET`
   */
  onWarning?: (message: string) => void;
}

/** What a {@link RateBudget} did in this process. */
export interface RateBudgetStats {
  /** Requests let through. */
  acquired: number;
  /** Of those, let through by the local fallback while Redis was unreachable. */
  local: number;
  /** Shared pauses this process started (429s it saw). */
  pauses: number;
  /** Milliseconds spent waiting for the budget, summed over requests. */
  waitedMs: number;
}

/** The client options a {@link RateBudget} adds: see {@link RateBudget.clientOptions}. */
export interface RateBudgetClientOptions {
  /** The given middleware, then the budget's. */
  middleware: Middleware[];
  /** The given `fetch` (or the global one), watched for 429s. */
  fetch: FetchLike;
}

/**
 * One request budget per organization and tenant, shared through Redis by every process that
 * uses it. Created by {@link createRateBudget}.
 */
export interface RateBudget {
  /** The budget's Redis key. */
  readonly key: string;
  /** The requests per second of the whole fleet. */
  readonly requestsPerSecond: number;
  /**
   * Waits until the fleet's budget lets one more request go (first come, first served within the
   * process). Never fails because Redis is down: the process then counts locally.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * Pauses every process of the budget for `ms` milliseconds (capped by `maxPauseMs`); a longer
   * pause already running is kept.
   */
  pause(ms: number): Promise<void>;
  /**
   * Reports an answer: a 429 pauses the whole fleet for its `Retry-After` (or `defaultPauseMs`).
   */
  observe(response: Response): Promise<void>;
  /**
   * A client middleware: its `onRequest` draws one request from the budget before every request
   * the client sends (retries and redirects included), and its `onResponse` reports a 429 the call
   * ends with. Give it to `createCampaignClient({ middleware: [budget.middleware] })`, or use
   * {@link RateBudget.clientOptions}, which also sees the 429s the client retries itself.
   */
  readonly middleware: Middleware;
  /**
   * Options for `createCampaignClient`: the budget's middleware after yours, and a `fetch` that
   * reports every 429 (the ones the client retries itself included) to the fleet.
   *
   * @example
   * ```ts
   * const client = createCampaignClient({ auth, tenant: 'acme', ...budget.clientOptions() });
   * ```
   */
  clientOptions(base?: {
    fetch?: FetchLike;
    middleware?: readonly Middleware[];
    /**
     * The client's strategy: its token is made ready before the budget is drawn from, so a
     * request leaves right after its turn (a cold token fetch would otherwise hold the requests of
     * a whole second and let them go at once).
     */
    auth?: Pick<AuthStrategy, 'getToken'>;
  }): RateBudgetClientOptions;
  /** What this process did with the budget. */
  stats(): RateBudgetStats;
  /** Closes the Redis connection the budget opened (not a client you gave). */
  close(): Promise<void>;
}

const WINDOW_SECONDS = 1;

function checkOptions(options: RateBudgetOptions): ConfigurationIssue[] {
  const issues: ConfigurationIssue[] = [];
  const redis = options?.redis;
  if (typeof redis === 'string') {
    if (!/^rediss?:\/\//.test(redis))
      issues.push({ field: 'redis', problem: 'must be a redis:// or rediss:// URL' });
  } else if (!(redis instanceof Redis)) {
    issues.push({ field: 'redis', problem: 'must be a Redis URL or an ioredis client' });
  }
  for (const field of ['orgId', 'tenant'] as const) {
    if (typeof options?.[field] !== 'string' || options[field] === '')
      issues.push({ field, problem: 'must be a non-empty string' });
  }
  for (const field of ['requestsPerSecond', 'fallbackRequestsPerSecond'] as const) {
    const value = options?.[field];
    if (field === 'fallbackRequestsPerSecond' && value === undefined) continue;
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1))
      issues.push({ field, problem: 'must be a whole number of requests per second, 1 or more' });
  }
  for (const field of ['defaultPauseMs', 'maxPauseMs', 'timeoutMs'] as const) {
    const value = options?.[field];
    if (value !== undefined && !(typeof value === 'number' && value >= 0))
      issues.push({ field, problem: 'must be a number of milliseconds, 0 or more' });
  }
  return issues;
}

/** @internal The password of a Redis URL, decoded, if it has one (registered for redaction by its callers). */
export function passwordOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the shared request budget of one organization and tenant: every process that creates
 * it with the same Redis, organization and tenant draws from one budget of `requestsPerSecond`,
 * counted in Redis by [rate-limiter-flexible](https://github.com/animir/node-rate-limiter-flexible)
 * (a window of one second: at most `requestsPerSecond` requests start in each), and a 429 seen by
 * any of them pauses all of them for its `Retry-After`. When Redis cannot be reached, each process
 * counts locally (`fallbackRequestsPerSecond`) and says so once through `onWarning`; a call never
 * fails only because Redis is down.
 *
 * @example
 * ```ts
 * const budget = createRateBudget({ redis: process.env.REDIS_URL!, orgId, tenant: 'acme', requestsPerSecond: 20 });
 * const client = createCampaignClient({ auth, tenant: 'acme', ...budget.clientOptions() });
 * ```
 *
 * @throws ConfigurationError for invalid options.
 */
export function createRateBudget(options: RateBudgetOptions): RateBudget {
  const issues = checkOptions(options);
  if (issues.length > 0) throw new ConfigurationError(issues, 'createRateBudget options');
  const timeoutMs = options.timeoutMs ?? 500;
  const defaultPauseMs = options.defaultPauseMs ?? 1000;
  const maxPauseMs = options.maxPauseMs ?? 60_000;
  const prefix = options.prefix ?? 'campaign-standard:rate';
  const key = `${options.orgId}:${options.tenant}`;
  const warn =
    options.onWarning ?? ((message: string) => process.emitWarning(message, { code: 'ACS_RATE_BUDGET' }));

  const connectTimeoutMs = Math.max(2000, timeoutMs);
  let redis: Redis;
  const owned = typeof options.redis === 'string';
  if (typeof options.redis === 'string') {
    const password = passwordOf(options.redis);
    if (password) registerSecret(password);
    redis = new Redis(options.redis, {
      enableOfflineQueue: false,
      commandTimeout: timeoutMs,
      connectTimeout: connectTimeoutMs,
      maxRetriesPerRequest: 1,
    });
  } else {
    redis = options.redis;
  }

  const stats: RateBudgetStats = { acquired: 0, local: 0, pauses: 0, waitedMs: 0 };
  let down = false;
  const wentDown = (why: string) => {
    if (down) return;
    down = true;
    warn(
      `The shared rate budget ${prefix}:${key} cannot reach Redis (${why}): this process counts its requests alone (${options.fallbackRequestsPerSecond ?? options.requestsPerSecond}/s) until Redis answers again.`,
    );
  };
  const onError = (error: Error) => wentDown(error.message);
  const onReady = () => {
    if (!down) return;
    down = false;
    warn(`The shared rate budget ${prefix}:${key} reaches Redis again: the fleet shares one budget again.`);
  };
  redis.on('error', onError);
  redis.on('ready', onReady);

  const fallbackPoints = options.fallbackRequestsPerSecond ?? options.requestsPerSecond;
  const countedLocally = new WeakSet<RateLimiterRes>();
  // While Redis cannot be reached, rate-limiter-flexible hands every call to this local limiter.
  class LocalFallback extends RateLimiterMemory {
    override consume(k: string | number, points?: number, opts?: object): Promise<RateLimiterRes> {
      wentDown('no answer');
      return super.consume(k, points, opts).then((res) => {
        stats.local++;
        countedLocally.add(res);
        return res;
      });
    }
  }
  const local = new LocalFallback({
    points: fallbackPoints,
    duration: WINDOW_SECONDS,
    keyPrefix: prefix,
  });
  const shared = new RateLimiterRedis({
    storeClient: redis,
    points: options.requestsPerSecond,
    duration: WINDOW_SECONDS,
    keyPrefix: prefix,
    rejectIfRedisNotReady: true,
    insuranceLimiter: local,
  });
  const windowMs = WINDOW_SECONDS * 1000;

  // The first requests wait for the first connection (up to the connect timeout) rather than
  // count locally while it is being made.
  let connecting: Promise<void> | undefined =
    redis.status === 'ready'
      ? undefined
      : new Promise<void>((resolve) => {
          const timer = setTimeout(done, connectTimeoutMs);
          timer.unref?.();
          function done() {
            clearTimeout(timer);
            redis.off('ready', done);
            redis.off('end', done);
            connecting = undefined;
            resolve();
          }
          redis.once('ready', done);
          redis.once('end', done);
        });

  const acquire = async (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw abortReason(signal);
    const started = performance.now();
    if (connecting) await connecting;
    for (;;) {
      let granted: RateLimiterRes;
      try {
        granted = await shared.consume(key, 1);
      } catch (refused) {
        // Over the budget (or paused after a 429): try again when the window (or pause) ends.
        if (!(refused instanceof RateLimiterRes)) throw refused;
        await sleep(Math.max(refused.msBeforeNext, 1), signal);
        continue;
      }
      // The k-th request of a window starts about (k - 1) / requestsPerSecond seconds into it,
      // whichever process it is in: a window's budget is spread over it, not spent in one burst.
      const windowStart = Date.now() + granted.msBeforeNext - windowMs;
      const limit = countedLocally.has(granted) ? fallbackPoints : options.requestsPerSecond;
      const startAt = windowStart + ((granted.consumedPoints - 1) * windowMs) / limit;
      await sleep(startAt - Date.now(), signal);
      break;
    }
    stats.acquired++;
    stats.waitedMs += performance.now() - started;
  };

  const pause = async (ms: number): Promise<void> => {
    const wanted = Math.min(Math.max(ms, 0), maxPauseMs);
    if (wanted <= 0) return;
    stats.pauses++;
    try {
      const current = await shared.get(key);
      if (current && current.consumedPoints > options.requestsPerSecond && current.msBeforeNext >= wanted)
        return;
      await shared.block(key, Math.ceil(wanted / 1000));
    } catch (error) {
      // A failed pause only costs more 429s: the requests themselves carry on.
      if (!(error instanceof RateLimiterRes))
        wentDown(error instanceof Error ? error.message : String(error));
    }
  };

  const observe = async (response: Response): Promise<void> => {
    if (response.status !== 429) return;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    await pause(retryAfterMs ?? defaultPauseMs);
  };

  const acquiring: Middleware = {
    async onRequest() {
      await acquire();
    },
  };
  const middleware: Middleware = {
    onRequest: acquiring.onRequest,
    async onResponse({ response }) {
      await observe(response);
    },
  };

  return {
    key: `${prefix}:${key}`,
    requestsPerSecond: options.requestsPerSecond,
    acquire,
    pause,
    observe,
    middleware,
    clientOptions(base = {}) {
      const inner: FetchLike = base.fetch ?? ((input, init) => globalThis.fetch(input, init));
      const watched: FetchLike = async (input, init) => {
        const response = await inner(input, init);
        if (response.status === 429) await observe(response);
        return response;
      };
      const auth = base.auth;
      const drawing: Middleware = auth
        ? {
            async onRequest() {
              await auth.getToken();
              await acquire();
            },
          }
        : acquiring;
      return { middleware: [...(base.middleware ?? []), drawing], fetch: watched };
    },
    stats: () => ({ ...stats }),
    async close() {
      redis.off('ready', onReady);
      if (owned) {
        redis.disconnect();
      }
      redis.off('error', onError);
    },
  };
}
