/**
 * An IMS access token and when it stops being usable.
 *
 * Timestamps are epoch **milliseconds**, as in Azure's `AccessToken`.
 */
export interface AccessToken {
  /** The bearer token sent as `Authorization: Bearer <token>`. Treat it as a secret. */
  token: string;
  /** Always `'bearer'` for IMS service-to-service tokens. */
  tokenType: 'bearer';
  /** Epoch milliseconds after which IMS no longer accepts the token. */
  expiresOnTimestamp: number;
  /** Epoch milliseconds after which a refresh should start (refresh-ahead hint). */
  refreshAfterTimestamp?: number;
}

/** Options for {@link AuthStrategy.getToken}. */
export interface GetTokenOptions {
  /** Stops waiting for the token (and the IMS request behind it, when this call started one). */
  signal?: AbortSignal;
  /** Ignore any cached token and ask IMS for a new one. */
  forceRefresh?: boolean;
}

/**
 * The {@link AuthStrategy.kind} of a strategy: `'oauth-server-to-server'`
 * (`@campaign-standard/auth-oauth`) or `'jwt'` (`@campaign-standard/auth-jwt`), which editors
 * offer as completions, or the name of a custom strategy: any other string is accepted too.
 */
export type AuthStrategyKind = 'oauth-server-to-server' | 'jwt' | (string & {});

/**
 * How a Campaign Standard call gets authenticated: the one contract that the client and the CLI
 * depend on, implemented by `@campaign-standard/auth-oauth` and `@campaign-standard/auth-jwt`.
 */
export interface AuthStrategy {
  /** Which method this is: `'oauth-server-to-server'`, `'jwt'`, or a custom strategy's name. */
  readonly kind: AuthStrategyKind;
  /** The Developer Console client id (API key), sent as `X-Api-Key` on every Campaign call. */
  readonly clientId: string;
  /** The IMS organization id, `…@AdobeOrg`. */
  readonly orgId: string;
  /** A valid token: cached, refreshed ahead of expiry, fetched at most once at a time. */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /**
   * Drops the cached token, e.g. after Campaign answered `401013`. Pass the token that was
   * refused: when the cache already holds a newer one (another call re-authenticated first), it
   * is kept, so many calls refused at once cause one new token, not one each.
   */
  invalidate(rejectedToken?: string): void | Promise<void>;
}

/** What a {@link TokenStore} keeps under a cache key. */
export interface StoredToken {
  /** The token and its timestamps. */
  accessToken: AccessToken;
  /** Epoch milliseconds when the entry was written. */
  storedAt: number;
}

/**
 * Where cached tokens live. Every method may be synchronous or return a promise, so a memory map,
 * a file or a shared server (Redis) can stand behind it.
 */
export interface TokenStore {
  /** The entry under `key`, or `undefined`. */
  get(key: string): StoredToken | undefined | Promise<StoredToken | undefined>;
  /** Writes the entry under `key`, replacing any previous one. */
  set(key: string, value: StoredToken): void | Promise<void>;
  /** Removes the entry under `key`, if any. */
  delete(key: string): void | Promise<void>;
  /**
   * Optional, for stores shared between processes: takes a short lock on `key` (e.g. Redis
   * `SET NX PX`) that expires by itself after `ttlMs`. When a cache finds no usable token, the
   * process holding the lock asks IMS while the others poll {@link TokenStore.get} for its token,
   * so a fleet makes one request instead of one per process.
   *
   * Resolves to the lock when this caller got it, `undefined` when another holder has it. A store
   * that fails (rejects) makes the cache fetch on its own: the lock is an optimisation, never a
   * reason for a call to fail.
   */
  acquire?(key: string, ttlMs: number): Promise<TokenLock | undefined>;
}

/** A lock taken with {@link TokenStore.acquire}. */
export interface TokenLock {
  /** Gives the lock up early (it expires by itself otherwise); only the holder's own lock is removed. */
  release(): void | Promise<void>;
}

/** A `fetch` implementation, as found on `globalThis` in Node 20, Deno, Bun and edge runtimes. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
