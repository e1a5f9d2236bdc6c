import { type Logger, sdkLog } from '@campaign-standard/core';
import ky, { type BeforeRequestHook, ForceRetryError, type Hooks, type NormalizedOptions } from 'ky';
import type { Decision, Outcome } from './decide.js';
import type { ClientHooks } from './options.js';

// The caller's ky 1.x hooks, kept for the deprecated `hooks` option. They cannot be expressed as
// middleware: they see the client's credentials, may force a retry (`ky.retry()`) or stop the
// client's retries (`ky.stop`), and get ky's own options and error kinds.

/** The warning's code, for `process.on('warning')` filters and `--disable-warning`. */
export const HOOKS_DEPRECATION_CODE = 'ACS_CLIENT_HOOKS_DEPRECATED';

// On globalThis, so two copies of this package in one process still warn once.
const WARNED = Symbol.for('@campaign-standard/client.hooks-deprecation-warned');

const HOOKS_DEPRECATION_MESSAGE =
  'The `hooks` option of createCampaignClient (ky 1.x hooks) is deprecated and will be removed in the next ' +
  'minor version of @campaign-standard/client: use `middleware` (onRequest, onResponse, onError) instead, ' +
  'see the package README.';

/**
 * Reports the deprecation of `hooks`: to the client's `logger` (`warn`, with the code), for each
 * client given both; without a logger, as one `DeprecationWarning` per process (code
 * `ACS_CLIENT_HOOKS_DEPRECATED`).
 */
export function warnHooksDeprecated(logger?: Logger): void {
  if (logger) {
    sdkLog(logger, 'warn', `${HOOKS_DEPRECATION_MESSAGE} (${HOOKS_DEPRECATION_CODE})`);
    return;
  }
  const state = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (
    state[WARNED] ||
    typeof (globalThis as { process?: { emitWarning?: unknown } }).process?.emitWarning !== 'function'
  )
    return;
  state[WARNED] = true;
  sdkLog(undefined, 'warn', {
    message: HOOKS_DEPRECATION_MESSAGE,
    type: 'DeprecationWarning',
    code: HOOKS_DEPRECATION_CODE,
  });
}

/** What the caller's hooks see of the attempt that runs them. */
export interface AttemptState {
  /** 0 for the first attempt, 1 for the first retry, … (a re-authentication counts as a retry). */
  readonly retryCount: number;
  /** The client's verdict on this attempt's answer, taken before any caller hook could replace it. */
  retried?: boolean;
  /** The options ky normalized for this attempt, kept for the caller's `beforeRetry` hooks. */
  options?: NormalizedOptions;
}

/**
 * The ky hooks of one attempt: the client's own `beforeRequest` hook first, then the caller's.
 * Each attempt is a ky call of its own, so the retry count comes from the client; an answer the
 * client retries itself is not shown to the caller's `afterResponse` hooks. Without caller hooks
 * there is no `afterResponse` hook, so ky clones no answer.
 */
export function attemptHooks(
  own: BeforeRequestHook,
  hooks: ClientHooks | undefined,
  state: AttemptState,
  retries: (response: Response) => boolean,
): Hooks {
  if (!hooks) return { beforeRequest: [own] };
  const beforeRequest: BeforeRequestHook[] = [own];
  if (hooks.beforeRetry?.length) {
    beforeRequest.push((_request, options) => {
      state.options = options;
    });
  }
  for (const hook of hooks.beforeRequest ?? []) {
    beforeRequest.push((request, options) => hook(request, options, { retryCount: state.retryCount }));
  }
  return {
    beforeRequest,
    afterResponse: (hooks.afterResponse ?? []).map((hook) => (request, options, response) => {
      state.retried ??= retries(response);
      return state.retried ? undefined : hook(request, options, response, { retryCount: state.retryCount });
    }),
  };
}

/** What the caller's `beforeRetry` hooks decided. */
export type RetryVerdict =
  | { kind: 'retry'; request: Request }
  | { kind: 'answer'; response: Response }
  | { kind: 'stop' };

/**
 * Runs the caller's `beforeRetry` hooks (ky 1.x semantics): a returned `Request` replaces the
 * next attempt's request, a returned `Response` is the answer, `ky.stop` ends the retries, and a
 * throw fails the call.
 */
export async function runBeforeRetry(
  hooks: ClientHooks | undefined,
  request: Request,
  options: NormalizedOptions | undefined,
  error: Error,
  retryCount: number,
): Promise<RetryVerdict> {
  for (const hook of hooks?.beforeRetry ?? []) {
    const result = await hook({
      request,
      options: options ?? ({} as NormalizedOptions),
      error,
      retryCount,
    });
    if (result instanceof Request) return { kind: 'retry', request: result };
    if (result instanceof Response) return { kind: 'answer', response: result };
    if (result === ky.stop) return { kind: 'stop' };
  }
  return { kind: 'retry', request };
}

/**
 * What the caller's `beforeRetry` hooks get as `error` before a resend, ky's own kinds as when ky
 * retried: a `ForceRetryError` coded `TOKEN_REFRESHED` or `STATUS_<status>` for an answer, what
 * ky threw for a failure.
 */
export function retryReason(outcome: Outcome, decision: Decision): Error {
  if (outcome.kind === 'answer') {
    if (decision.kind === 'reauthenticate') return new ForceRetryError({ delay: 0, code: 'TOKEN_REFRESHED' });
    const delay = decision.kind === 'retry' ? decision.delayMs : 0;
    return new ForceRetryError({ delay, code: `STATUS_${outcome.answer.response.status}` });
  }
  const { raw } = outcome;
  return raw instanceof Error ? raw : new Error(String(raw));
}
