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
  sleep,
  TimeoutError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import ky, { ForceRetryError, type Input, type Options as KyOptions } from 'ky';
import { type AttemptState, attemptHooks, runBeforeRetry } from './caller-hooks.js';
import { type Deadline, startDeadline } from './deadline.js';
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

/** How one attempt ended. */
type Outcome = { response: Response; token: string } | { failure: unknown; timedOut: boolean };

/**
 * The HTTP layer: one ky call per attempt (ky's own retries and timeout off, no hook of ours, so
 * ky never clones an answer), driven by a loop of the client's: credentials per attempt, one
 * re-authentication after a 401, backoff retries for idempotent methods, no silent resend of a
 * POST, manual same-origin redirects, one timeout per phase of an attempt, and every failure
 * mapped to a core error.
 */
export function createTransport(settings: TransportSettings): Send {
  const { instance, auth, hooks, timeoutMs } = settings;
  const retry = settings.retry === false ? { maxRetries: 0 } : settings.retry;
  const maxRetries = retry.maxRetries ?? 3;
  const statusCodes = new Set(retry.statusCodes ?? [429, 503, 504]);
  const fetchWhole = wholeBodyFetch(
    settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    settings.maxResponseBytes,
  );

  const assertOrigin = (url: URL | string): void => {
    const origin = new URL(url).origin;
    if (origin !== instance.origin) throw new ForeignOriginError(instance.origin, origin);
  };

  /** The answer, with its whole body, ended early by the deadline even if `fetch` ignores signals. */
  const fetchWithin =
    (deadline: Deadline): NonNullable<KyOptions['fetch']> =>
    (input, init) => {
      const signal = deadline.signal;
      if (!signal) return fetchWhole(input, init);
      // ky's own request signal is left out: the deadline follows the caller's signal itself.
      const answer = fetchWhole(input, { ...init, signal });
      return new Promise<Response>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        answer.then(resolve, reject).finally(() => {
          signal.removeEventListener('abort', onAbort);
          deadline.end();
        });
      });
    };

  /**
   * The attempt's token, waited for no longer than the token phase of its deadline: a silent IMS
   * must not hold a call forever.
   */
  async function tokenWithin(deadline: Deadline, caller: AbortSignal | undefined): Promise<string> {
    let cause: unknown;
    try {
      const token = await auth.getToken(deadline.signal ? { signal: deadline.signal } : {});
      if (deadline.expired === undefined) return token.token;
    } catch (error) {
      if (deadline.expired === undefined || caller?.aborted) throw error;
      cause = error;
    }
    throw new TimeoutError(
      `No access token from ${auth.kind} within ${timeoutMs} ms`,
      typeof timeoutMs === 'number' ? timeoutMs : 0,
      cause === undefined ? {} : { cause },
    );
  }

  /**
   * One attempt: a token, then one ky call. Failures a retry may fix (network errors, a timed-out
   * answer, a caller's `ky.retry()`) are returned; SDK errors and aborts are thrown.
   */
  async function attemptOnce(
    input: Input,
    options: KyOptions,
    state: AttemptState,
    request: OutgoingRequest,
    willRetry: (response: Response) => boolean,
  ): Promise<Outcome> {
    const deadline = startDeadline(timeoutMs, request.signal);
    try {
      const token = await tokenWithin(deadline, request.signal);
      // Tokens from any strategy, not only ours, are redacted wherever an answer echoes them.
      registerSecret(token);
      deadline.startAnswer();
      const headers = options.headers as Record<string, string>;
      headers.authorization = `Bearer ${token}`;
      headers['x-api-key'] = auth.clientId;
      options.fetch = fetchWithin(deadline);
      const own = attemptHooks(hooks, state, willRetry);
      if (own) options.hooks = own;
      return { response: await ky(input, options), token };
    } catch (error) {
      if (isCampaignSdkError(error)) throw error;
      if (request.signal?.aborted) throw abortReason(request.signal);
      return { failure: error, timedOut: deadline.expired === 'answer' };
    } finally {
      deadline.end();
    }
  }

  /** The exchange at one URL: attempts until an answer is final or retries are used up. */
  async function exchange(
    method: Method,
    url: URL,
    body: unknown,
    request: OutgoingRequest,
  ): Promise<Response> {
    const resend =
      IDEMPOTENT.has(method) || (request.retryNonIdempotent ?? retry.retryNonIdempotent ?? false);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let reauthenticated = false;
    let retries = 0;
    /** The request the caller's `beforeRetry` hooks saw or gave, reused for later attempts. */
    let template: Request | undefined;
    const willRetry = (response: Response): boolean =>
      response.status === 401
        ? !reauthenticated
        : statusCodes.has(response.status) && resend && retries < maxRetries;

    for (let retryCount = 0; ; retryCount++) {
      if (request.signal?.aborted) throw abortReason(request.signal);
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': settings.userAgent,
        'cache-control': 'no-cache',
      };
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const options: KyOptions = {
        headers,
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
        redirect: 'manual',
      };
      if (!template) {
        options.method = method;
        if (payload !== undefined) options.body = payload;
      }
      const state: AttemptState = { retryCount };
      const outcome = await attemptOnce(
        template ? template.clone() : url,
        options,
        state,
        request,
        willRetry,
      );

      let delay: number;
      /** What the caller's `beforeRetry` hooks get as `error`: ky's own kinds, as when ky retried. */
      let reason: () => Error;
      if ('response' in outcome) {
        const { response, token } = outcome;
        if (!(state.retried ?? willRetry(response))) return response;
        void response.body?.cancel().catch(() => undefined);
        if (response.status === 401 && !reauthenticated) {
          reauthenticated = true;
          // Naming the refused token lets the cache keep a newer one another call already got.
          await auth.invalidate(token);
          delay = 0;
          reason = () => new ForceRetryError({ delay: 0, code: 'TOKEN_REFRESHED' });
        } else {
          delay = computeBackoff(retries, retry, parseRetryAfter(response.headers.get('retry-after')));
          retries++;
          const code = `STATUS_${response.status}`;
          reason = () => new ForceRetryError({ delay, code });
        }
      } else {
        const { failure } = outcome;
        const forced = failure instanceof ForceRetryError;
        if (!(forced || resend) || retries >= maxRetries) {
          throw mapFailure(failure, outcome.timedOut, method, url);
        }
        delay = (forced ? failure.customDelay : undefined) ?? computeBackoff(retries, retry);
        if (forced && failure.customRequest) template = failure.customRequest;
        retries++;
        reason = () => (failure instanceof Error ? failure : new Error(String(failure)));
      }

      if (delay > 0) await sleep(delay, request.signal);
      if (hooks?.beforeRetry?.length) {
        template ??= new Request(url, {
          method,
          headers: options.headers as Record<string, string>,
          body: payload,
        });
        const verdict = await runBeforeRetry(hooks, template, state.options, reason(), retryCount + 1);
        if (verdict.kind === 'answer') return verdict.response;
        if (verdict.kind === 'stop') {
          if ('response' in outcome) return outcome.response;
          throw mapFailure(outcome.failure, outcome.timedOut, method, url);
        }
        template = verdict.request;
      }
      if (template) assertOrigin(template.url);
    }
  }

  function mapFailure(error: unknown, timedOut: boolean, method: Method, url: URL): Error {
    if (isCampaignSdkError(error)) return error;
    const where = `${method} ${url.origin}${url.pathname}`;
    if (timedOut) {
      const ms = typeof timeoutMs === 'number' ? timeoutMs : 0;
      const timeout = new TimeoutError(`No answer to ${where} within ${ms} ms`, ms);
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
      const response = await exchange(method, url, body, request);
      if (!IDEMPOTENT.has(method) && OUTCOME_UNKNOWN_STATUSES.has(response.status)) {
        await throwOutcomeUnknown(response, method, url);
      }
      if (!REDIRECTS.has(response.status)) return response;
      const location = response.headers.get('location');
      if (!location) return response;
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
