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
  redactedExcerpt,
  registerSecret,
  sleep,
  TimeoutError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import ky, {
  type BeforeRequestHook,
  ForceRetryError,
  type Input,
  type Options as KyOptions,
  TimeoutError as KyTimeoutError,
} from 'ky';
import { type AttemptState, attemptHooks, runBeforeRetry } from './caller-hooks.js';
import type { ClientHooks, ClientRetryOptions } from './options.js';
import { readBody } from './response.js';
import { tokenWithin } from './token-wait.js';
import { readWhole, type WholeAnswer, wholeBodyFetch } from './whole-body.js';

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
/** Characters of a text body kept in the message of an unknown outcome's cause. */
const OUTCOME_MESSAGE_LENGTH = 200;
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

/**
 * Sends a request and resolves with the final answer, its body read whole (after
 * re-authentication, retries, redirects).
 */
export type Send = (request: OutgoingRequest) => Promise<WholeAnswer>;

/** How one attempt ended. */
type Outcome = { answer: WholeAnswer; token: string } | { failure: unknown };

/**
 * The HTTP layer: one ky call per attempt (ky's own retries off, no `afterResponse` hook of ours,
 * so ky never clones an answer), driven by a loop of the client's: credentials per attempt, one
 * re-authentication after a 401, backoff retries for idempotent methods, no silent resend of a
 * POST, manual same-origin redirects, a timeout for the token and one for the whole answer, and
 * every failure mapped to a core error.
 */
export function createTransport(settings: TransportSettings): Send {
  const { instance, auth, hooks, timeoutMs } = settings;
  const retry = settings.retry === false ? { maxRetries: 0 } : settings.retry;
  const maxRetries = retry.maxRetries ?? 3;
  const statusCodes = new Set(retry.statusCodes ?? [429, 503, 504]);
  const fetchImpl = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxBytes = settings.maxResponseBytes;
  // A caller's afterResponse hook reads the answer's body, so ky must get one to clone.
  const keepBody = (hooks?.afterResponse?.length ?? 0) > 0;
  const apiKey = auth.clientId;
  // Small and fixed, these go in ky's options; the long token is set once on the request
  // instead, since ky copies (and Headers re-validates) option headers several times per call.
  const plainHeaders = {
    accept: 'application/json',
    'user-agent': settings.userAgent,
    'cache-control': 'no-cache',
  };
  const jsonHeaders = { ...plainHeaders, 'content-type': 'application/json;charset=utf-8' };

  const assertOrigin = (url: URL | string): void => {
    const origin = (typeof url === 'string' ? new URL(url) : url).origin;
    if (origin !== instance.origin) throw new ForeignOriginError(instance.origin, origin);
  };

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
    let fetched: WholeAnswer | undefined;
    try {
      const token = await tokenWithin(auth, timeoutMs, request.signal);
      // Tokens from any strategy, not only ours, are redacted wherever an answer echoes them.
      registerSecret(token);
      const authorization = `Bearer ${token}`;
      const credentials: BeforeRequestHook = (outgoing) => {
        outgoing.headers.set('authorization', authorization);
        outgoing.headers.set('x-api-key', apiKey);
      };
      options.hooks = attemptHooks(credentials, hooks, state, willRetry);
      // ky's timeout covers this whole fetch: the headers and, read here, the whole body.
      options.fetch = wholeBodyFetch(
        fetchImpl,
        maxBytes,
        (answer) => {
          fetched = answer;
        },
        keepBody,
      );
      const response = await ky(input, options);
      // A caller's hook may have answered instead of the server: read that answer too.
      return { answer: response === fetched?.response ? fetched : await whole(response), token };
    } catch (error) {
      if (isCampaignSdkError(error)) throw error;
      if (request.signal?.aborted) throw abortReason(request.signal);
      return { failure: error };
    }
  }

  /** The exchange at one URL: attempts until an answer is final or retries are used up. */
  async function exchange(
    method: Method,
    url: URL,
    body: unknown,
    request: OutgoingRequest,
  ): Promise<WholeAnswer> {
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
      const options: KyOptions = {
        headers: payload === undefined ? plainHeaders : jsonHeaders,
        retry: 0,
        timeout: timeoutMs,
        throwHttpErrors: false,
        redirect: 'manual',
      };
      if (request.signal) options.signal = request.signal;
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
      if ('answer' in outcome) {
        const { answer, token } = outcome;
        const { response } = answer;
        if (!(state.retried ?? willRetry(response))) return answer;
        if (!response.bodyUsed) void response.body?.cancel().catch(() => undefined);
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
          throw mapFailure(failure, method, url);
        }
        delay = (forced ? failure.customDelay : undefined) ?? computeBackoff(retries, retry);
        if (forced && failure.customRequest) template = failure.customRequest;
        retries++;
        reason = () => (failure instanceof Error ? failure : new Error(String(failure)));
      }

      if (delay > 0) await sleep(delay, request.signal);
      if (hooks?.beforeRetry?.length) {
        template ??= new Request(url, { method, headers: options.headers as HeadersInit, body: payload });
        const verdict = await runBeforeRetry(hooks, template, state.options, reason(), retryCount + 1);
        if (verdict.kind === 'answer') return whole(verdict.response);
        if (verdict.kind === 'stop') {
          if ('answer' in outcome) return outcome.answer;
          throw mapFailure(outcome.failure, method, url);
        }
        template = verdict.request;
      }
      if (template) assertOrigin(template.url);
    }
  }

  function mapFailure(error: unknown, method: Method, url: URL): Error {
    if (isCampaignSdkError(error)) return error;
    const where = `${method} ${url.origin}${url.pathname}`;
    if (error instanceof KyTimeoutError) {
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

  /** An answer that did not come through the attempt's `fetch`, read the same way. */
  async function whole(response: Response): Promise<WholeAnswer> {
    const where = () => `${response.url || 'an answer given by a hook'}`;
    return { response, body: await readWhole(response, maxBytes, where) };
  }

  return async function send(request: OutgoingRequest): Promise<WholeAnswer> {
    let { method, url } = request;
    let body = request.body;
    for (let redirects = 0; ; redirects++) {
      assertOrigin(url);
      const answer = await exchange(method, url, body, request);
      const { response } = answer;
      if (!IDEMPOTENT.has(method) && OUTCOME_UNKNOWN_STATUSES.has(response.status)) {
        throwOutcomeUnknown(answer, method, url);
      }
      if (!REDIRECTS.has(response.status)) return answer;
      const location = response.headers.get('location');
      if (!location) return answer;
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
function throwOutcomeUnknown({ response, body: bytes }: WholeAnswer, method: Method, url: URL): void {
  const body = readBody(response, bytes);
  const value = body.kind === 'json' ? body.value : body.kind === 'text' ? body.text : undefined;
  if (isTenantUriBody(value)) return;
  const cause = new ApiError({
    status: response.status,
    message:
      typeof value === 'string'
        ? redactedExcerpt(value, OUTCOME_MESSAGE_LENGTH, { ellipsis: '…' })
        : response.statusText || 'no body',
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
