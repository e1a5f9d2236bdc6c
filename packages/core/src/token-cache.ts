import { AbortedError } from './errors.js';
import { type Logger, logs, sdkLog } from './logger.js';
import { ownProperties } from './own-properties.js';
import { registerSecret } from './redact.js';
import { abortReason, type RetryOptions, withRetry } from './retry.js';
import { awaitSharedFlight, releaseQuietly, type SharedFlightOptions } from './shared-flight.js';
import { createMemoryTokenStore, isStoredToken } from './stores.js';
import { errorType, METRIC_NAMES, sdkMetrics, startSdkSpan } from './telemetry.js';
import type { AccessToken, GetTokenOptions, StoredToken, TokenLock, TokenStore } from './types.js';

/** How long before expiry a refresh starts, unless the token lives shorter (10 minutes). */
export const DEFAULT_REFRESH_WINDOW_MS = 10 * 60_000;
/** Tokens this close to expiry are not handed out: callers wait for a new one. */
const MAX_SAFETY_MARGIN_MS = 30_000;
/** After a failed background refresh, the cached token is served this long before trying again. */
const BACKGROUND_RETRY_INTERVAL_MS = 15_000;

/** Options of {@link createTokenCache}. */
export interface TokenCacheOptions {
  /**
   * The cache key (see `createCacheKey`), or a function computing it once, on first use. A
   * function that rejects is called again on the next `getToken`.
   */
  key: string | (() => Promise<string>);
  /**
   * Asks IMS for a new token. Called at most once at a time per cache; `signal` fires when every
   * caller waiting for the token has given up.
   */
  fetchToken(signal: AbortSignal): Promise<AccessToken>;
  /**
   * Where tokens are kept between calls and, for shared stores, between processes. Read when
   * memory holds no usable token, written after each fetch; its failures are not fatal. A store
   * with `acquire` (a lock shared by every process) lets one process fetch while the others wait
   * for its token, up to 10 seconds, after which they fetch on their own.
   * Default: a memory store private to this cache.
   */
  store?: TokenStore | undefined;
  /**
   * Start refreshing this long before expiry, serving the current token meanwhile. Capped at half
   * the token's lifetime, so short-lived tokens do not cause a refresh loop. @defaultValue 600_000
   */
  refreshWindowMs?: number | undefined;
  /** Retries of `fetchToken` on 429, 5xx and network errors; `false` to fail at once. */
  retry?: RetryOptions | false | undefined;
  /** The clock, epoch milliseconds. @defaultValue `Date.now` */
  now?: (() => number) | undefined;
  /**
   * Where the cache reports tokens fetched (`info`) and retried token requests (`debug`); see
   * {@link Logger}. Never given a token or a secret.
   */
  logger?: Logger | undefined;
}

/** A cached, self-refreshing source of tokens for one set of credentials. */
export interface TokenCache {
  /**
   * A usable token: from memory or the store when one is valid, else from one shared fetch.
   * Inside the refresh window the cached token is returned while a refresh runs in the background.
   *
   * @throws {@link AbortedError} when `options.signal` fires before the token is there.
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /**
   * Drops the token from memory and from the store, e.g. after Campaign answered `401013`. With
   * `rejectedToken` (the token that was refused), only that token is dropped: a newer one already
   * fetched by another caller, or written to a shared store by another process, stays.
   */
  invalidate(rejectedToken?: string): Promise<void>;
}

const HIT = Object.freeze({ 'campaign.auth.cache.result': 'hit' });
const MISS = Object.freeze({ 'campaign.auth.cache.result': 'miss' });

/**
 * Why a flight fetches a token: none usable (first use, expired), ahead of expiry (`background`),
 * or after the cached one was dropped or a refresh forced (`invalidated`).
 */
type Trigger = 'missing' | 'background' | 'invalidated';

interface Entry {
  token: AccessToken;
  /** From here on a refresh runs in the background. */
  refreshAt: number;
  /** From here on the token is not handed out any more. */
  unusableAt: number;
}

interface Flight {
  promise: Promise<AccessToken>;
  controller: AbortController;
  /** Callers currently waiting for this flight. */
  waiters: number;
  /** Started to refresh ahead of expiry: nobody waits, so nobody aborts it. */
  background: boolean;
  /** Skip the store: its token is the one being replaced. */
  force: boolean;
  /** Why it fetches, for telemetry. */
  trigger: Trigger;
}

interface KeyState {
  entry?: Entry | undefined;
  flight?: Flight | undefined;
  backgroundPausedUntil: number;
  /** The token was dropped (`invalidate`) since the last flight started. */
  invalidated?: boolean;
}

/**
 * A token cache: single-flight fetches, refresh ahead of expiry, retries with backoff, an
 * optional shared store. Strategies only say how to fetch a token; everything else lives here.
 *
 * @example
 * ```ts
 * const cache = createTokenCache({
 *   key: () => createCacheKey('oauth-server-to-server', { imsUrl, clientId, orgId, scopes }, [secret]),
 *   fetchToken: (signal) => fetchFromIms(signal),
 * });
 * const { token } = await cache.getToken();
 * ```
 */
export function createTokenCache(input: TokenCacheOptions): TokenCache {
  const options = ownProperties(input);
  const now = options.now ?? Date.now;
  const store = options.store ?? createMemoryTokenStore(now);
  const refreshWindowMs =
    typeof options.refreshWindowMs === 'number' && options.refreshWindowMs >= 0
      ? options.refreshWindowMs
      : DEFAULT_REFRESH_WINDOW_MS;
  const logger = options.logger;
  const states = new Map<string, KeyState>();
  let keyPromise: Promise<string> | undefined;

  const resolveKey = (): Promise<string> => {
    if (typeof options.key === 'string') return Promise.resolve(options.key);
    if (!keyPromise) {
      const pending = options.key();
      keyPromise = pending;
      pending.catch(() => {
        if (keyPromise === pending) keyPromise = undefined;
      });
    }
    return keyPromise;
  };

  const stateFor = (key: string): KeyState => {
    let state = states.get(key);
    if (!state) {
      state = { backgroundPausedUntil: 0 };
      states.set(key, state);
    }
    return state;
  };

  const entryFor = (token: AccessToken, issuedAt: number): Entry => {
    const expiresOn = token.expiresOnTimestamp;
    const lifetime = Math.max(0, expiresOn - issuedAt);
    const unusableAt = expiresOn - Math.min(MAX_SAFETY_MARGIN_MS, lifetime / 10);
    const hint = token.refreshAfterTimestamp;
    const refreshAt =
      typeof hint === 'number' && hint > issuedAt
        ? hint
        : expiresOn - Math.min(refreshWindowMs, lifetime / 2);
    return { token, refreshAt: Math.min(refreshAt, unusableAt), unusableAt };
  };

  const readStore = async (key: string): Promise<StoredToken | undefined> => {
    try {
      const value = await store.get(key);
      return isStoredToken(value) ? value : undefined;
    } catch {
      return undefined;
    }
  };

  const fetchOnce = async (signal: AbortSignal): Promise<AccessToken> => {
    const token = await options.fetchToken(signal);
    if (
      typeof token?.token !== 'string' ||
      token.token === '' ||
      typeof token.expiresOnTimestamp !== 'number' ||
      !Number.isFinite(token.expiresOnTimestamp)
    ) {
      throw new TypeError('fetchToken returned no token or no expiresOnTimestamp');
    }
    return token;
  };

  /** A token from the store that this flight may hand out, or `undefined`. */
  const usableFromStore = async (key: string, flight: Flight): Promise<Entry | undefined> => {
    const stored = await readStore(key);
    if (!stored || flight.force) return undefined;
    const entry = entryFor(stored.accessToken, Math.min(stored.storedAt, now()));
    const at = now();
    return at < entry.unusableAt && (!flight.background || at < entry.refreshAt) ? entry : undefined;
  };

  /**
   * One fetch from IMS with its retries, in a span (`campaign.auth.token`, the IMS requests its
   * children) and counted in `campaign.auth.token.refreshes`.
   */
  const fetchTraced = async (signal: AbortSignal, flight: Flight): Promise<AccessToken> => {
    const trigger = flight.trigger;
    const span = startSdkSpan('campaign.auth.token', 'internal', {
      'campaign.auth.refresh.trigger': trigger,
    });
    const fetch = (): Promise<AccessToken> =>
      options.retry === false
        ? fetchOnce(signal)
        : withRetry(() => fetchOnce(signal), {
            signal,
            options: options.retry,
            onRetry: ({ attempt, delayMs, error }) => {
              span?.event('retry', {
                'campaign.retry.attempt': attempt,
                'campaign.retry.delay_ms': delayMs,
                'error.type': errorType(error),
              });
              sdkLog(
                logger,
                'debug',
                `Token request failed (${errorType(error)}), retry ${attempt} in ${delayMs} ms`,
              );
            },
          });
    try {
      const token = await (span ? span.run(fetch) : fetch());
      sdkMetrics()?.add(METRIC_NAMES.tokenRefreshes, 1, {
        'campaign.auth.outcome': 'success',
        'campaign.auth.refresh.trigger': trigger,
      });
      return token;
    } catch (error) {
      span?.fail(error);
      sdkMetrics()?.add(METRIC_NAMES.tokenRefreshes, 1, {
        'campaign.auth.outcome': 'error',
        'error.type': errorType(error),
        'campaign.auth.refresh.trigger': trigger,
      });
      throw error;
    } finally {
      span?.end();
    }
  };

  const run = async (key: string, state: KeyState, flight: Flight): Promise<AccessToken> => {
    const { signal } = flight.controller;
    let lock: TokenLock | undefined;
    try {
      if (!flight.force) {
        let entry = await usableFromStore(key, flight);
        if (!entry && store.acquire) {
          const waitStarted = now();
          const shared = await awaitSharedFlight({
            store: store as SharedFlightOptions<Entry>['store'],
            key,
            check: () => usableFromStore(key, flight),
            signal,
            stopWaiting: () => flight.force,
            now,
          });
          entry = shared.found;
          if (!shared.found) lock = shared.lock;
          const waitedMs = now() - waitStarted;
          if (shared.found && waitedMs > 0)
            sdkLog(
              logger,
              'debug',
              `Waited ${waitedMs} ms for the token another process fetched (shared store)`,
            );
          else if (!shared.found && !shared.lock && !flight.force)
            sdkLog(
              logger,
              'info',
              `No token from the process holding the shared store's lock after ${waitedMs} ms (or the store failed): fetching one here`,
            );
        }
        if (entry) {
          // written by another run or process: this one has never seen it, so redaction neither
          registerSecret(entry.token.token);
          state.entry = entry;
          return entry.token;
        }
      }
      if (signal.aborted) throw abortReason(signal);
      const token = await fetchTraced(signal, flight);
      // whatever fetched it (not every fetchToken goes through requestImsToken), it is a secret
      registerSecret(token.token);
      state.entry = entryFor(token, now());
      if (logs(logger, 'info')) {
        const minutes = Math.round((token.expiresOnTimestamp - now()) / 60_000);
        sdkLog(logger, 'info', `Access token fetched from IMS (${flight.trigger}), valid for ${minutes} min`);
      }
      state.backgroundPausedUntil = 0;
      try {
        await store.set(key, { accessToken: token, storedAt: now() });
      } catch {
        // the memory copy serves this process; the store is an optimisation
      }
      return token;
    } finally {
      await releaseQuietly(lock);
      if (state.flight === flight) state.flight = undefined;
    }
  };

  const startFlight = (key: string, state: KeyState, background: boolean, force: boolean): Flight => {
    const flight: Flight = {
      promise: undefined as unknown as Promise<AccessToken>,
      controller: new AbortController(),
      waiters: 0,
      background,
      force,
      trigger: background ? 'background' : force || state.invalidated ? 'invalidated' : 'missing',
    };
    state.invalidated = false;
    state.flight = flight;
    flight.promise = run(key, state, flight);
    flight.promise.catch(() => {
      if (flight.background) state.backgroundPausedUntil = now() + BACKGROUND_RETRY_INTERVAL_MS;
    });
    return flight;
  };

  const join = (state: KeyState, flight: Flight, signal: AbortSignal | undefined): Promise<AccessToken> => {
    flight.waiters++;
    return new Promise<AccessToken>((resolve, reject) => {
      let settled = false;
      const leave = (): boolean => {
        if (settled) return false;
        settled = true;
        flight.waiters--;
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = (): void => {
        if (!leave()) return;
        reject(abortReason(signal, 'Stopped waiting for an access token: the signal was aborted'));
        if (flight.waiters === 0 && !flight.background) {
          if (state.flight === flight) state.flight = undefined;
          flight.controller.abort(new AbortedError('Every caller waiting for the access token gave up'));
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (token) => {
          if (leave()) resolve(token);
        },
        (error: unknown) => {
          if (leave()) reject(error);
        },
      );
    });
  };

  return {
    async getToken(getOptions = {}) {
      const { signal, forceRefresh = false } = getOptions;
      if (signal?.aborted) throw abortReason(signal);
      const key = await resolveKey();
      if (signal?.aborted) throw abortReason(signal);
      const state = stateFor(key);
      const at = now();
      const entry = state.entry;
      if (!forceRefresh && entry && at < entry.unusableAt) {
        if (at >= entry.refreshAt && !state.flight && at >= state.backgroundPausedUntil) {
          startFlight(key, state, true, false);
        }
        sdkMetrics()?.tally(METRIC_NAMES.tokenCacheLookups, HIT);
        return entry.token;
      }
      sdkMetrics()?.tally(METRIC_NAMES.tokenCacheLookups, MISS);
      let flight = state.flight;
      if (flight) {
        if (forceRefresh) flight.force = true;
      } else {
        flight = startFlight(key, state, false, forceRefresh);
      }
      return join(state, flight, signal);
    },

    async invalidate(rejectedToken) {
      const key = await resolveKey();
      const state = stateFor(key);
      const known = rejectedToken !== undefined;
      // Calls refused together all report the same token: only the first one drops it.
      if (known && state.entry && state.entry.token.token !== rejectedToken) return;
      const dropped = state.entry !== undefined;
      state.entry = undefined;
      state.invalidated = true;
      // A flight started after the token was dropped is already fetching its replacement.
      if (state.flight && (!known || dropped)) state.flight.force = true;
      try {
        if (known) {
          const stored = await readStore(key);
          if (stored && stored.accessToken.token !== rejectedToken) return;
        }
        await store.delete(key);
      } catch {
        // a store that cannot delete still loses the entry from memory
      }
    },
  };
}
