import {
  type AuthStrategy,
  abortReason,
  type FetchLike,
  isCampaignSdkError,
  NetworkError,
  registerSecret,
  TimeoutError,
} from '@campaign-standard/core';
import ky, {
  ForceRetryError,
  type Input,
  type Options as KyOptions,
  TimeoutError as KyTimeoutError,
} from 'ky';
import { type AttemptState, attemptHooks } from './caller-hooks.js';
import type { FailureOutcome, Outcome } from './decide.js';
import { type CallContext, type MiddlewareChain, runOnRequest } from './middleware.js';
import type { ClientHooks } from './options.js';
import type { Hop } from './redirects.js';
import { tokenWithin } from './token-wait.js';
import { readWhole, type WholeAnswer, wholeBodyFetch } from './whole-body.js';

/** Network failures that happen before a request leaves the machine. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
]);

/** What does not change between attempts. */
export interface AttemptSettings {
  auth: AuthStrategy;
  fetch: FetchLike;
  timeoutMs: number | false;
  maxResponseBytes: number;
  userAgent: string;
  /** Throws `ForeignOriginError` for a URL the token must not go to. */
  assertOrigin: (url: URL) => void;
  /** The caller's ky hooks (deprecated `hooks` option). */
  hooks?: ClientHooks | undefined;
  middleware?: MiddlewareChain | undefined;
}

/** One attempt to make. */
export interface AttemptPlan {
  hop: Hop;
  /** The hop's body as JSON text. */
  payload: string | undefined;
  signal: AbortSignal | undefined;
  /** The call, when there is middleware. */
  call?: CallContext | undefined;
  /** A request a caller's ky hook gave for this and later attempts (deprecated `hooks`). */
  template?: Request | undefined;
  /** Where the caller's ky hooks stand (deprecated `hooks`). */
  hookState: AttemptState;
  /** Whether the client retries this answer, for the caller's ky `afterResponse` hooks. */
  willRetry: (response: Response) => boolean;
}

/** Makes one attempt and tells how it ended. */
export type Attempt = (plan: AttemptPlan) => Promise<Outcome>;

/** The requests an attempt starts from, shared with the middleware's view of a call. */
export interface RequestShape {
  /** The headers of a request with (`json`) and without (`plain`) a body, credentials aside. */
  headers(payload: string | undefined): Record<string, string>;
  /** The request of a hop as the client builds it, credentials aside. */
  build(hop: Hop, payload: string | undefined, template?: Request): Request;
}

/** The client's own headers. */
export function requestShape(userAgent: string): RequestShape {
  // Small and fixed, these go in ky's options; the long token is set once on the request
  // instead, since ky copies (and Headers re-validates) option headers several times per call.
  const plain = { accept: 'application/json', 'user-agent': userAgent, 'cache-control': 'no-cache' };
  const json = { ...plain, 'content-type': 'application/json;charset=utf-8' };
  const headers = (payload: string | undefined) => (payload === undefined ? plain : json);
  return {
    headers,
    build(hop, payload, template) {
      if (template) return template.clone();
      return new Request(hop.url, { method: hop.method, headers: headers(payload), body: payload });
    },
  };
}

/**
 * One attempt: the middleware's `onRequest`, a token (waited for within the timeout), then one ky
 * call (ky's own retries off, and no ky hook of the client's unless the caller gave ky hooks: ky
 * never clones an answer) whose `fetch` sets the credentials and reads the whole body within
 * ky's timeout. Returns the answer, or the
 * failure classified (network failure, sent or not; timeout; a caller's ky hook asking for a
 * resend); throws SDK errors (a too-large body, a token that could not be had) and aborts.
 */
export function createAttempt(settings: AttemptSettings): Attempt {
  const { auth, hooks, middleware, timeoutMs, assertOrigin } = settings;
  const maxBytes = settings.maxResponseBytes;
  const shape = requestShape(settings.userAgent);
  // A caller's afterResponse hook reads the answer's body, so ky must get one to clone.
  const keepBody = (hooks?.afterResponse?.length ?? 0) > 0;
  const apiKey = auth.clientId;
  const whole = wholeReader(maxBytes);

  return async function attempt(plan: AttemptPlan): Promise<Outcome> {
    const { hop, payload, signal, template } = plan;
    let input: Input;
    const options: KyOptions = { retry: 0, timeout: timeoutMs, throwHttpErrors: false, redirect: 'manual' };
    if (signal) options.signal = signal;
    if (middleware && middleware.onRequest.length > 0 && plan.call) {
      // The middleware see the request before the credentials are set on ky's copy of it.
      const built = await runOnRequest(middleware, shape.build(hop, payload, template), plan.call);
      if (built instanceof Response) {
        const answer: WholeAnswer = { ...(await whole(built)), answeredBy: 'middleware' };
        return { kind: 'answer', answer, from: 'middleware' };
      }
      assertOrigin(new URL(built.url));
      plan.call.request = built;
      input = built;
    } else {
      input = template ? template.clone() : hop.url;
      options.headers = shape.headers(payload);
      if (!template) {
        options.method = hop.method;
        if (payload !== undefined) options.body = payload;
      }
    }

    let fetched: WholeAnswer | undefined;
    try {
      const token = await tokenWithin(auth, timeoutMs, signal);
      // Tokens from any strategy, not only ours, are redacted wherever an answer echoes them.
      registerSecret(token);
      const authorization = `Bearer ${token}`;
      const credentials = (outgoing: Request): void => {
        outgoing.headers.set('authorization', authorization);
        outgoing.headers.set('x-api-key', apiKey);
      };
      let send = settings.fetch;
      if (hooks) {
        // The caller's ky hooks run after the credentials are set (they have always seen them).
        options.hooks = attemptHooks(credentials, hooks, plan.hookState, plan.willRetry);
      } else {
        // No ky hook at all (ky then skips its hook machinery): the credentials go on the very
        // request ky hands to fetch, after every middleware.
        send = (request, init) => {
          const outgoing = request instanceof Request ? request : new Request(request, init);
          credentials(outgoing);
          return settings.fetch(outgoing, init);
        };
      }
      // ky's timeout covers this whole fetch: the headers and, read here, the whole body.
      options.fetch = wholeBodyFetch(
        send,
        maxBytes,
        (answer) => {
          fetched = answer;
        },
        keepBody,
      );
      const response = await ky(input, options);
      // A caller's hook may have answered instead of the server: read that answer too.
      const answer = response === fetched?.response ? fetched : await whole(response);
      // The caller's afterResponse hooks ran only if the client keeps this answer.
      return { kind: 'answer', answer, token, from: plan.hookState.retried === false ? 'hook' : 'server' };
    } catch (error) {
      if (isCampaignSdkError(error)) throw error;
      if (signal?.aborted) throw abortReason(signal);
      return classify(error, hop, timeoutMs);
    }
  };
}

/** Reads an answer that did not come through an attempt's `fetch` (a hook's or a middleware's). */
export function wholeReader(maxBytes: number): (response: Response) => Promise<WholeAnswer> {
  return async (response) => {
    const where = () => `${response.url || 'an answer given by a hook or middleware'}`;
    return { response, body: await readWhole(response, maxBytes, where) };
  };
}

/** A failed ky call as the client sees it. */
export function classify(error: unknown, hop: Hop, timeoutMs: number | false): FailureOutcome {
  const where = `${hop.method} ${hop.url.origin}${hop.url.pathname}`;
  if (error instanceof KyTimeoutError) {
    const ms = typeof timeoutMs === 'number' ? timeoutMs : 0;
    return {
      kind: 'failure',
      error: new TimeoutError(`No answer to ${where} within ${ms} ms`, ms),
      sent: true,
      raw: error,
    };
  }
  const code = networkCode(error);
  const failure = {
    kind: 'failure',
    error: new NetworkError(`${where} failed${code ? ` (${code})` : ''}`, {
      cause: error,
      url: hop.url.href,
    }),
    sent: !(code && NOT_SENT_CODES.has(code)),
    raw: error,
  } as const;
  if (!(error instanceof ForceRetryError)) return failure;
  return { ...failure, resendAsked: { delayMs: error.customDelay, request: error.customRequest } };
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
