import {
  ApiError,
  computeBackoff,
  isTenantUriBody,
  type NetworkError,
  OutcomeUnknownError,
  parseRetryAfter,
  redactedExcerpt,
  type TimeoutError,
} from '@campaign-standard/core';
import { IDEMPOTENT, type Method } from './method.js';
import type { ClientRetryOptions } from './options.js';
import { readBody } from './response.js';
import type { WholeAnswer } from './whole-body.js';

/** Answers to a POST that do not tell whether it took effect. */
const OUTCOME_UNKNOWN_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
/** Characters of a text body kept in the message of an unknown outcome's cause. */
const OUTCOME_MESSAGE_LENGTH = 200;

/**
 * An attempt that got an answer.
 * - `server`: the answer fetched (or one a caller's ky `beforeRequest` hook gave): re-authentication
 *   and retries apply.
 * - `hook`: a caller's ky `afterResponse` hooks ran on it, which they only do for an answer the
 *   client keeps: it is not retried.
 * - `middleware`: a middleware's `onRequest` answered instead of the server: nothing was sent, the
 *   answer is the call's, as it is.
 */
export interface AnswerOutcome {
  readonly kind: 'answer';
  readonly answer: WholeAnswer;
  readonly from: 'server' | 'hook' | 'middleware';
  /** The token the request carried, named when it is invalidated after a 401. */
  readonly token?: string | undefined;
}

/** An attempt that ended without an answer, classified. */
export interface FailureOutcome {
  readonly kind: 'failure';
  /** What the call fails with when it is not retried (a POST's may become `OutcomeUnknownError`). */
  readonly error: NetworkError | TimeoutError;
  /** `false` when the request surely never left the machine (connection refused, unknown host). */
  readonly sent: boolean;
  /**
   * A caller's ky hook asked for another attempt (`ky.retry()`), POST included, maybe with its
   * delay and the request to send.
   */
  readonly resendAsked?:
    | { readonly delayMs?: number | undefined; readonly request?: Request | undefined }
    | undefined;
  /** What ky threw, for the caller's ky `beforeRetry` hooks. */
  readonly raw?: unknown;
}

/** How one attempt ended. */
export type Outcome = AnswerOutcome | FailureOutcome;

/** What does not change between the attempts of a call. */
export interface RetryPolicy {
  /** Retries after the first attempt (a re-authentication does not count). */
  readonly maxRetries: number;
  /** Statuses retried with backoff. */
  readonly statusCodes: ReadonlySet<number>;
  /** Backoff settings (`initialDelayMs`, `maxDelayMs`, `maxRetryAfterMs`). */
  readonly backoff: ClientRetryOptions;
  /** Source of the backoff's jitter, in [0, 1). */
  readonly random: () => number;
  /** The clock an HTTP-date `Retry-After` is read against. */
  readonly now: () => number;
}

/** Where the attempts of one request stand. */
export interface RetryState {
  readonly policy: RetryPolicy;
  readonly method: Method;
  readonly url: URL;
  /** The method is idempotent, or the caller opted in to resending it. */
  readonly resend: boolean;
  /** A 401 already made the client drop its token and send again. */
  readonly reauthenticated: boolean;
  /** Retries made so far (re-authentication not counted). */
  readonly retries: number;
}

/** What the client does after an attempt. */
export type Decision =
  /** `answer` is the request's. */
  | { readonly kind: 'return'; readonly answer: WholeAnswer }
  /** Drop the refused token and send again at once. */
  | { readonly kind: 'reauthenticate'; readonly state: RetryState }
  /** Send again after `delayMs`. */
  | { readonly kind: 'retry'; readonly delayMs: number; readonly state: RetryState }
  /** The request fails with `error`. */
  | { readonly kind: 'fail'; readonly error: Error };

/** The state before the first attempt of a request. */
export function initialState(
  policy: RetryPolicy,
  method: Method,
  url: URL,
  retryNonIdempotent: boolean,
): RetryState {
  return {
    policy,
    method,
    url,
    resend: IDEMPOTENT.has(method) || retryNonIdempotent,
    reauthenticated: false,
    retries: 0,
  };
}

/**
 * The client's retry rules, as a pure function of how an attempt ended and where the request
 * stands:
 * - a 401 drops the token and sends again, once;
 * - a status of `statusCodes` is retried with backoff (honouring `Retry-After`) when the method may
 *   be resent (idempotent, or opted in) and retries are left;
 * - a network failure or a timeout is retried the same way; a caller's ky hook may ask for a resend
 *   of any method;
 * - anything else is final: a POST answered 502/503/504 (unless the gateway said the tenant is
 *   unknown), or failed after it may have been sent, fails with `OutcomeUnknownError`.
 */
export function decide(outcome: Outcome, state: RetryState): Decision {
  const { policy } = state;
  if (outcome.kind === 'answer') {
    if (outcome.from === 'middleware') return { kind: 'return', answer: outcome.answer };
    const { response } = outcome.answer;
    if (outcome.from === 'server') {
      if (response.status === 401) {
        if (!state.reauthenticated) {
          return { kind: 'reauthenticate', state: { ...state, reauthenticated: true } };
        }
      } else if (
        policy.statusCodes.has(response.status) &&
        state.resend &&
        state.retries < policy.maxRetries
      ) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), policy.now());
        return retryAfter(state, computeBackoff(state.retries, policy.backoff, retryAfterMs, policy.random));
      }
    }
    return giveUp(outcome, state);
  }
  if ((outcome.resendAsked || state.resend) && state.retries < policy.maxRetries) {
    const delayMs =
      outcome.resendAsked?.delayMs ?? computeBackoff(state.retries, policy.backoff, undefined, policy.random);
    return retryAfter(state, delayMs);
  }
  return giveUp(outcome, state);
}

/** Whether a decision sends the request again. */
export function resends(decision: Decision): boolean {
  return decision.kind === 'retry' || decision.kind === 'reauthenticate';
}

/** A decision that does not send again. */
export type FinalDecision = Extract<Decision, { kind: 'return' | 'fail' }>;

/**
 * What an outcome means when it is not retried: an answer is settled (see {@link settle}); a
 * failure fails the request, as `OutcomeUnknownError` for a POST that may have been sent.
 */
export function giveUp(outcome: Outcome, state: Pick<RetryState, 'method' | 'url'>): FinalDecision {
  if (outcome.kind === 'answer') return settle(outcome.answer, state);
  const { error } = outcome;
  if (IDEMPOTENT.has(state.method) || !outcome.sent) return { kind: 'fail', error };
  return { kind: 'fail', error: new OutcomeUnknownError(state.method, state.url.href, { cause: error }) };
}

function retryAfter(state: RetryState, delayMs: number): Decision {
  return { kind: 'retry', delayMs, state: { ...state, retries: state.retries + 1 } };
}

/**
 * An answer that is not retried: the request's, unless it is a POST answered 502/503/504, whose
 * outcome nobody knows (except when the gateway said the tenant is unknown).
 */
export function settle(answer: WholeAnswer, state: Pick<RetryState, 'method' | 'url'>): FinalDecision {
  const { response } = answer;
  if (IDEMPOTENT.has(state.method) || !OUTCOME_UNKNOWN_STATUSES.has(response.status)) {
    return { kind: 'return', answer };
  }
  const body = readBody(response, answer.body);
  const value = body.kind === 'json' ? body.value : body.kind === 'text' ? body.text : undefined;
  if (isTenantUriBody(value)) return { kind: 'return', answer };
  const cause = new ApiError({
    status: response.status,
    message:
      typeof value === 'string'
        ? redactedExcerpt(value, OUTCOME_MESSAGE_LENGTH, { ellipsis: '…' })
        : response.statusText || 'no body',
    method: state.method,
    url: state.url.href,
    body: value,
  });
  return { kind: 'fail', error: new OutcomeUnknownError(state.method, state.url.href, { cause }) };
}
