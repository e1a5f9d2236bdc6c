import {
  type AuthStrategy,
  abortReason,
  type CampaignInstance,
  ForeignOriginError,
  type Logger,
  sleep,
} from '@campaign-standard/core';
import { createAttempt, requestShape, wholeReader } from './attempt.js';
import { type AttemptState, retryReason, runBeforeRetry } from './caller-hooks.js';
import {
  decide,
  type FinalDecision,
  giveUp,
  initialState,
  type RetryPolicy,
  resends,
  settle,
} from './decide.js';
import type { Method } from './method.js';
import {
  type CallContext,
  chainOf,
  type Middleware,
  type MiddlewareChain,
  MiddlewareThrew,
  newCall,
  runOnError,
  runOnResponse,
} from './middleware.js';
import type { ClientHooks, ClientRetryOptions } from './options.js';
import { followRedirects, type Hop } from './redirects.js';
import {
  type CallTelemetry,
  type ClientTelemetry,
  endCall,
  recordAttempt,
  reportResend,
  urlTemplate,
} from './telemetry.js';
import { rebuild, type WholeAnswer } from './whole-body.js';

export type { Method } from './method.js';

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
  /** The caller's ky hooks (deprecated). */
  hooks?: ClientHooks | undefined;
  middleware?: readonly Middleware[] | undefined;
  /** Where retries, 429 back-offs and re-authentications are reported. */
  logger?: Logger | undefined;
  /** Spans and metrics (OpenTelemetry, when present). */
  telemetry?: ClientTelemetry | undefined;
}

/** One request to send. */
export interface OutgoingRequest {
  method: Method;
  url: URL;
  /** A JSON body. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  retryNonIdempotent?: boolean | undefined;
  /** The call's span and metric attributes, when OpenTelemetry is there. */
  telemetry?: CallTelemetry | undefined;
}

/**
 * Sends a request and resolves with the final answer, its body read whole (after
 * re-authentication, retries, redirects).
 */
export type Send = (request: OutgoingRequest) => Promise<WholeAnswer>;

/**
 * The HTTP layer, in three parts: redirects followed by hand, same origin only
 * (`redirects.ts`); at each URL, attempts (`attempt.ts`: middleware `onRequest`, token, one ky
 * call, the whole body) until {@link decide} (`decide.ts`, pure) settles the answer or fails the
 * request; and around the call, the middleware's `onResponse` and `onError`.
 */
export function createTransport(settings: TransportSettings): Send {
  const { instance, auth, hooks, logger } = settings;
  const retry = settings.retry === false ? { maxRetries: 0 } : settings.retry;
  const policy: RetryPolicy = {
    maxRetries: retry.maxRetries ?? 3,
    statusCodes: new Set(retry.statusCodes ?? [429, 503, 504]),
    backoff: retry,
    random: Math.random,
    now: Date.now,
  };
  const middleware = chainOf(settings.middleware);
  const assertOrigin = (url: URL): void => {
    if (url.origin !== instance.origin) throw new ForeignOriginError(instance.origin, url.origin);
  };
  const attempt = createAttempt({
    auth,
    fetch: settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: settings.timeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    userAgent: settings.userAgent,
    assertOrigin,
    hooks,
    middleware,
  });
  const whole = wholeReader(settings.maxResponseBytes);
  const shape = requestShape(settings.userAgent);

  /** The attempts at one URL, until an answer is final or the request fails. */
  async function exchange(hop: Hop, request: OutgoingRequest, call?: CallContext): Promise<WholeAnswer> {
    const { signal, telemetry } = request;
    const payload = hop.body === undefined ? undefined : JSON.stringify(hop.body);
    const optedIn = request.retryNonIdempotent ?? retry.retryNonIdempotent ?? false;
    let state = initialState(policy, hop.method, hop.url, optedIn);
    /** The request the caller's ky hooks gave, reused for later attempts (deprecated `hooks`). */
    let template: Request | undefined;
    /** The client's verdict on an answer, for the caller's ky `afterResponse` hooks. */
    const willRetry = (response: Response): boolean =>
      resends(decide({ kind: 'answer', answer: { response, body: null }, from: 'server' }, state));

    for (let count = 0; ; count++) {
      if (signal?.aborted) throw abortReason(signal);
      if (call) call.attempt = count;
      const hookState: AttemptState = { retryCount: count };
      const startedAt = telemetry ? performance.now() : 0;
      const outcome = await attempt({ hop, payload, signal, call, template, hookState, willRetry });
      const status =
        outcome.kind === 'answer' && outcome.from !== 'middleware'
          ? outcome.answer.response.status
          : undefined;
      if (telemetry && (outcome.kind === 'failure' || status !== undefined))
        recordAttempt(telemetry, startedAt, status, outcome.kind === 'failure' ? outcome.error : undefined);
      const decision = decide(outcome, state);
      if (decision.kind === 'return' || decision.kind === 'fail') return final(decision);
      if (telemetry || logger) {
        reportResend(
          telemetry,
          logger,
          hop.method,
          () => telemetry?.template ?? urlTemplate(instance, hop.url),
          {
            kind: decision.kind,
            attempt: count + 1,
            delayMs: decision.kind === 'retry' ? decision.delayMs : 0,
            status,
            error: outcome.kind === 'failure' ? outcome.error : undefined,
          },
        );
      }
      if (outcome.kind === 'answer') {
        const { response } = outcome.answer;
        if (!response.bodyUsed) void response.body?.cancel().catch(() => undefined);
      }
      if (decision.kind === 'reauthenticate') {
        // Naming the refused token lets the cache keep a newer one another call already got.
        await auth.invalidate(outcome.kind === 'answer' ? outcome.token : undefined);
      } else {
        if (outcome.kind === 'failure' && outcome.resendAsked?.request)
          template = outcome.resendAsked.request;
        if (decision.delayMs > 0) await sleep(decision.delayMs, signal);
      }
      state = decision.state;

      if (hooks?.beforeRetry?.length) {
        template ??= shape.build(hop, payload);
        const reason = retryReason(outcome, decision);
        const verdict = await runBeforeRetry(hooks, template, hookState.options, reason, count + 1);
        if (verdict.kind === 'stop') return final(giveUp(outcome, state));
        if (verdict.kind === 'answer') return final(settle(await whole(verdict.response), state));
        template = verdict.request;
      }
      if (template) assertOrigin(new URL(template.url));
    }
  }

  /** Around a call: the middleware's `onResponse` on its answer, `onError` on its failure. */
  async function withMiddleware(
    chain: MiddlewareChain,
    request: OutgoingRequest,
    first: Hop,
  ): Promise<WholeAnswer> {
    const call = newCall();
    let last = first;
    let built: Request | undefined;
    /** The latest request as the middleware saw it (built now if no `onRequest` needed it). */
    const seen = (): Request => {
      built ??=
        call.request ?? shape.build(last, last.body === undefined ? undefined : JSON.stringify(last.body));
      return built;
    };
    let answer: WholeAnswer;
    try {
      answer = await followRedirects(
        first,
        (hop) => {
          last = hop;
          call.request = undefined;
          return exchange(hop, request, call);
        },
        assertOrigin,
      );
      if (answer.answeredBy === 'middleware' || chain.onResponse.length === 0) return answer;
    } catch (error) {
      if (error instanceof MiddlewareThrew || chain.onError.length === 0) throw error;
      const handled = await runOnError(chain, toError(error), seen(), call);
      if ('error' in handled) throw handled.error;
      answer = await whole(handled.response);
    }
    return runOnResponse(chain, answer, seen(), call, (a) => rebuild(a.response, a.body), whole);
  }

  const send: Send = !middleware
    ? (request) =>
        followRedirects(
          { method: request.method, url: request.url, body: request.body },
          (hop) => exchange(hop, request),
          assertOrigin,
        )
    : async (request) => {
        const first: Hop = { method: request.method, url: request.url, body: request.body };
        try {
          return await withMiddleware(middleware, request, first);
        } catch (error) {
          throw error instanceof MiddlewareThrew ? error.error : error;
        }
      };
  return settings.telemetry ? traced(send, settings.telemetry) : send;
}

/**
 * Each call in a client span, a child of the caller's active span, that the token request and
 * the retry events of the call belong to (when OpenTelemetry is present, else `send` as it is).
 */
function traced(send: Send, telemetry: ClientTelemetry): Send {
  return async (request) => {
    if (telemetry.pending) await telemetry.pending;
    const call = telemetry.start(request.method, request.url);
    if (!call) return send(request);
    let answer: WholeAnswer | undefined;
    let thrown: unknown;
    const run = (): Promise<WholeAnswer> => send({ ...request, telemetry: call });
    try {
      answer = await (call.span ? call.span.run(run) : run());
      return answer;
    } catch (error) {
      thrown = error;
      throw error;
    } finally {
      endCall(call, answer, thrown);
    }
  };
}

/** The answer of a final decision, or its error thrown. */
function final(decision: FinalDecision): WholeAnswer {
  if (decision.kind === 'fail') throw decision.error;
  return decision.answer;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
