import type {
  AuthStrategy,
  CampaignEnvironment,
  FetchLike,
  Logger,
  RetryOptions,
} from '@campaign-standard/core';
import type { Hooks } from 'ky';
import type { Middleware } from './middleware.js';
import type { CampaignPlatform, CustomFilterNames } from './platform.js';

/**
 * Retry settings of the client: core's backoff settings plus which answers are retried and
 * whether non-idempotent requests (POST) may be resent.
 */
export interface ClientRetryOptions extends RetryOptions {
  /**
   * HTTP statuses retried with backoff (honouring `Retry-After`) for idempotent methods.
   * @defaultValue [429, 503, 504]
   */
  statusCodes?: readonly number[];
  /**
   * Also resend POST requests after a network error or a retryable status. Off by default so a
   * profile or an event is never created twice; can be set per call too.
   * @defaultValue false
   */
  retryNonIdempotent?: boolean;
}

/**
 * ky hooks (ky 1.x signatures) run on every attempt, after the client has set the credentials.
 * The client makes one ky call per attempt and retries itself, so `retryCount` is the client's
 * (a re-authentication counts), an answer the client retries (401, `statusCodes`) is not passed
 * to `afterResponse`, and `beforeRetry` runs before each of the client's retries (returning a
 * `Request`, a `Response` or `ky.stop` works as in ky). An `afterResponse` hook costs a copy of
 * every answer (ky clones it for the hook).
 *
 * @deprecated Use {@link Middleware} (`middleware` option): ky's hook signatures change with each
 * ky major version, the client's middleware do not. `hooks` is accepted until the next minor
 * version, with a one-time `DeprecationWarning` (code `ACS_CLIENT_HOOKS_DEPRECATED`).
 */
export type ClientHooks = Pick<Hooks, 'beforeRequest' | 'afterResponse' | 'beforeRetry'>;

/** Options of {@link createCampaignClient}. */
export interface CampaignClientOptions {
  /** How calls get their token and API key: any strategy, e.g. from `@campaign-standard/auth-oauth`. */
  auth: AuthStrategy;
  /** The tenant (the `<ORGANIZATION>` in `https://mc.adobe.io/<ORGANIZATION>/campaign`). */
  tenant: string;
  /** `production` (default) or `stage` (the `<tenant>-mkt-stage` instance). */
  environment?: CampaignEnvironment;
  /**
   * The platform behind the tenant: `campaign-v8` for a Campaign Standard tenant migrated to
   * Campaign v8 (give its v8 tenant id as `tenant`). On v8, calls to the APIs Adobe lists as not
   * available fail with `UnavailableApiError` before anything is sent, and custom filters are sent
   * by their REST name. Nothing else in the code that uses the client changes.
   * @defaultValue 'campaign-standard'
   */
  platform?: CampaignPlatform;
  /**
   * The Campaign v8 "Filter name in REST API" of custom filters whose name is not their Standard
   * name without `by` (see {@link CustomFilterNames}); used on both platforms, so either name works.
   */
  customFilterNames?: CustomFilterNames;
  /**
   * The gateway origin.
   * @defaultValue 'https://mc.adobe.io'
   */
  baseUrl?: string;
  /** A `fetch` implementation, e.g. one with a proxy agent. Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Retry settings, or `false` to never retry (a 401 still re-authenticates once). */
  retry?: ClientRetryOptions | false;
  /**
   * Milliseconds to wait for each attempt's answer (the token, the headers and the whole body),
   * or `false` for no limit.
   * @defaultValue 30_000
   */
  timeout?: number | false;
  /**
   * The largest answer body read, in bytes; a larger one fails with `UnexpectedResponseError`
   * instead of filling memory. @defaultValue 52_428_800 (50 MiB)
   */
  maxResponseBytes?: number;
  /** Appended to the client's `User-Agent`, e.g. `my-app/1.2`. */
  userAgent?: string;
  /**
   * Middleware (openapi-fetch style), run in array order: `onRequest` before every request sent
   * (retries, re-authentication and redirects included), `onResponse` on the answer a call
   * resolves with and `onError` on the error it fails with, both after the client's own retries.
   * They never see the token. See {@link Middleware}.
   */
  middleware?: readonly Middleware[];
  /**
   * Where the client reports its own events (see {@link @campaign-standard/core!Logger | Logger}):
   * retries and their waits (`debug`), 429 back-offs and re-authentications (`info`), deprecated
   * options (`warn`). pino, winston and `console` fit as they are. Without one, only warnings are
   * emitted, as Node.js process warnings. Give the same logger to the auth strategy for its token
   * refreshes.
   */
  logger?: Logger;
  /**
   * OpenTelemetry spans and metrics of the client's calls, when the application has
   * `@opentelemetry/api` (an optional peer dependency, loaded on first use) and an SDK registered;
   * `false` turns them off for this client. See the observability guide.
   * @defaultValue true
   */
  telemetry?: boolean;
  /**
   * Extra ky hooks, run after the client's own.
   * @deprecated Use `middleware`; see {@link ClientHooks}.
   */
  hooks?: ClientHooks;
}

/** Options every call accepts. */
export interface CallOptions {
  /** Cancels the call, including waits between retries. */
  signal?: AbortSignal;
  /** Allow resending this POST after a network error or a retryable status (see {@link ClientRetryOptions}). */
  retryNonIdempotent?: boolean;
}
