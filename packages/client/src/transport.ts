import {
  ApiError,
  type AuthStrategy,
  abortReason,
  type CampaignInstance,
  computeBackoff,
  ForeignOriginError,
  isCampaignSdkError,
  isTenantUriBody,
  NetworkError,
  OutcomeUnknownError,
  parseRetryAfter,
  registerSecret,
  TimeoutError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import ky, { type Options as KyOptions, TimeoutError as KyTimeoutError } from 'ky';
import type { ClientHooks, ClientRetryOptions } from './options.js';
import { readBody } from './response.js';
import { wholeBodyFetch } from './whole-body.js';

/** The HTTP methods the client sends. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Methods resent after a failure. PATCH is among them: ACS applies the same field values again
 * with the same result, so a repeated PATCH cannot create anything.
 */
const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);
/** Answers to a POST that do not tell whether it took effect. */
const OUTCOME_UNKNOWN_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
/** Network failures that happen before a request leaves the machine. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
]);
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const ALL_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** Settings of {@link createTransport}. */
export interface TransportSettings {
  instance: CampaignInstance;
  auth: AuthStrategy;
  fetch?: ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) | undefined;
  retry: ClientRetryOptions | false;
  timeoutMs: number | false;
  /** Answers with a larger body fail with `UnexpectedResponseError` instead of being read. */
  maxResponseBytes: number;
  userAgent: string;
  hooks?: ClientHooks | undefined;
}

/** One request to send. */
export interface OutgoingRequest {
  method: Method;
  url: URL;
  /** A JSON body. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  retryNonIdempotent?: boolean | undefined;
}

/** Sends a request and resolves with the final answer (after re-authentication, retries, redirects). */
export type Send = (request: OutgoingRequest) => Promise<Response>;

/**
 * The HTTP layer, on ky: credentials per attempt, one re-authentication after a 401, backoff
 * retries for idempotent methods, no silent resend of a POST, manual same-origin redirects, and
 * every failure mapped to a core error.
 */
export function createTransport(settings: TransportSettings): Send {
  const { instance, auth } = settings;
  const retry = settings.retry === false ? { maxRetries: 0 } : settings.retry;
  const maxRetries = retry.maxRetries ?? 3;
  const statusCodes = new Set(retry.statusCodes ?? [429, 503, 504]);

  const assertOrigin = (url: URL | string): void => {
    const origin = new URL(url).origin;
    if (origin !== instance.origin) throw new ForeignOriginError(instance.origin, origin);
  };

  async function attempt(
    method: Method,
    url: URL,
    body: unknown,
    request: OutgoingRequest,
  ): Promise<Response> {
    const resend =
      IDEMPOTENT.has(method) || (request.retryNonIdempotent ?? retry.retryNonIdempotent ?? false);
    let reauthenticated = false;
    let retries = 0;
    let nextDelay = 0;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': settings.userAgent };
    if (body !== undefined) headers['content-type'] = 'application/json';

    const options: KyOptions = {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: request.signal,
      timeout: settings.timeoutMs,
      throwHttpErrors: false,
      redirect: 'manual',
      retry: {
        limit: maxRetries + 1,
        methods: [...ALL_METHODS],
        statusCodes: [],
        afterStatusCodes: [],
        shouldRetry: ({ error }) => {
          if (request.signal?.aborted || isCampaignSdkError(error)) return false;
          if (!resend || retries >= maxRetries) return false;
          nextDelay = computeBackoff(retries, retry);
          retries++;
          return true;
        },
        delay: () => nextDelay,
      },
      hooks: {
        beforeRequest: [
          async (outgoing) => {
            assertOrigin(outgoing.url);
            const token = await tokenWithin(request.signal);
            // Tokens from any strategy, not only ours, are redacted wherever an answer echoes them.
            registerSecret(token.token);
            outgoing.headers.set('authorization', `Bearer ${token.token}`);
            outgoing.headers.set('x-api-key', auth.clientId);
            outgoing.headers.set('cache-control', 'no-cache');
          },
          ...(settings.hooks?.beforeRequest ?? []),
        ],
        afterResponse: [
          async (outgoing, _options, response) => {
            if (response.status === 401 && !reauthenticated) {
              reauthenticated = true;
              // Naming the refused token lets the cache keep a newer one another call already got.
              const sent = /^Bearer (.+)$/.exec(outgoing.headers.get('authorization') ?? '')?.[1];
              await auth.invalidate(sent);
              return ky.retry({ delay: 0, code: 'TOKEN_REFRESHED' });
            }
            if (statusCodes.has(response.status) && resend && retries < maxRetries) {
              const delay = computeBackoff(
                retries,
                retry,
                parseRetryAfter(response.headers.get('retry-after')),
              );
              retries++;
              return ky.retry({ delay, code: `STATUS_${response.status}` });
            }
            return undefined;
          },
          ...(settings.hooks?.afterResponse ?? []),
        ],
        beforeRetry: [...(settings.hooks?.beforeRetry ?? [])],
      },
    };
    options.fetch = wholeBodyFetch(
      settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      settings.maxResponseBytes,
    );

    try {
      return await ky(url, options);
    } catch (error) {
      throw mapFailure(error, method, url, request);
    }
  }

  /**
   * The token, waited for no longer than the attempt's timeout: ky's timeout covers the request,
   * not this hook, and a silent IMS must not hold a call forever.
   */
  async function tokenWithin(signal: AbortSignal | undefined) {
    const timeoutMs = settings.timeoutMs;
    if (timeoutMs === false) return auth.getToken(signal ? { signal } : {});
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(), timeoutMs);
    try {
      return await auth.getToken({ signal: signal ? AbortSignal.any([signal, limit.signal]) : limit.signal });
    } catch (error) {
      if (!limit.signal.aborted || signal?.aborted) throw error;
      throw new TimeoutError(`No access token from ${auth.kind} within ${timeoutMs} ms`, timeoutMs, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  function mapFailure(error: unknown, method: Method, url: URL, request: OutgoingRequest): Error {
    if (isCampaignSdkError(error)) return error;
    if (request.signal?.aborted) return abortReason(request.signal);
    const where = `${method} ${url.origin}${url.pathname}`;
    if (error instanceof KyTimeoutError) {
      const timeoutMs = typeof settings.timeoutMs === 'number' ? settings.timeoutMs : 0;
      const timeout = new TimeoutError(`No answer to ${where} within ${timeoutMs} ms`, timeoutMs);
      return IDEMPOTENT.has(method) ? timeout : new OutcomeUnknownError(method, url.href, { cause: timeout });
    }
    const code = networkCode(error);
    const network = new NetworkError(`${where} failed${code ? ` (${code})` : ''}`, {
      cause: error,
      url: url.href,
    });
    if (!IDEMPOTENT.has(method) && !(code && NOT_SENT_CODES.has(code))) {
      return new OutcomeUnknownError(method, url.href, { cause: network });
    }
    return network;
  }

  return async function send(request: OutgoingRequest): Promise<Response> {
    let { method, url } = request;
    let body = request.body;
    for (let redirects = 0; ; redirects++) {
      assertOrigin(url);
      const response = await attempt(method, url, body, request);
      if (!IDEMPOTENT.has(method) && OUTCOME_UNKNOWN_STATUSES.has(response.status)) {
        await throwOutcomeUnknown(response, method, url);
      }
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || !location) return response;
      void response.body?.cancel().catch(() => undefined);
      if (redirects >= MAX_REDIRECTS) {
        throw new UnexpectedResponseError(
          `More than ${MAX_REDIRECTS} redirects from ${request.url.pathname}`,
          {
            status: response.status,
          },
        );
      }
      const next = new URL(location, url);
      assertOrigin(next);
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  };
}

/** A POST answered 502/503/504: unless the gateway said the tenant is unknown, nobody knows what happened. */
async function throwOutcomeUnknown(response: Response, method: Method, url: URL): Promise<void> {
  const body = await readBody(response.clone());
  const value = body.kind === 'json' ? body.value : body.kind === 'text' ? body.text : undefined;
  if (isTenantUriBody(value)) return;
  const cause = new ApiError({
    status: response.status,
    message: typeof value === 'string' ? value.slice(0, 200) : response.statusText || 'no body',
    method,
    url: url.href,
    body: value,
  });
  throw new OutcomeUnknownError(method, url.href, { cause });
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
