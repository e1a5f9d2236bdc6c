import type { ConfigurationIssue } from '@campaign-standard/core';

/**
 * What every middleware callback is told about the request.
 */
export interface MiddlewareParams {
  /**
   * The request, as the client built it or as an earlier `onRequest` returned it, without its
   * credentials: the client sets `Authorization` and `X-Api-Key` on the copy it sends, after every
   * `onRequest`, so a middleware never sees the token (and cannot change either header).
   */
  readonly request: Request;
  /**
   * 0 for the first request to a URL, then 1, 2, … each time the client sends it again (after a
   * 401, a retried status or a network failure). A followed redirect starts again at 0.
   */
  readonly attempt: number;
  /** The same for every request of one call (its retries and redirects), different for each call. */
  readonly id: string;
}

/** What `onResponse` is told: the request and the answer the call resolves with. */
export interface MiddlewareResponseParams extends MiddlewareParams {
  /**
   * The answer, with a body of its own: reading it does not take it from the client or from the
   * other middleware.
   */
  readonly response: Response;
}

/** What `onError` is told: the request and the error the call fails with. */
export interface MiddlewareErrorParams extends MiddlewareParams {
  /**
   * The error the call would throw: a `TimeoutError`, a `NetworkError`, an `OutcomeUnknownError`
   * for a POST, an `AbortedError`, … (or what a later middleware's `onError` returned).
   */
  readonly error: Error;
}

/** A value, or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/**
 * A middleware of the client (openapi-fetch style): an object with any of three callbacks.
 *
 * Where they run, relative to the client's own work:
 * - `onRequest` runs for **every request sent**: the first, each resend after a 401 or a retried
 *   status or network failure (`attempt` counts them), and each followed redirect. The middleware run
 *   in array order, before the client fetches the token and sets the credentials. Returning a
 *   `Request` replaces the request (same origin only: another origin fails with
 *   `ForeignOriginError`); the client then sets `Authorization` and `X-Api-Key` on it, always with
 *   `redirect: 'manual'`, its own timeout and the call's signal. Returning a `Response` answers
 *   instead of the server: nothing is sent and no token is fetched, the later `onRequest` and every
 *   `onResponse` are skipped, and the call resolves with that answer as it is (no retry).
 * - `onResponse` runs **once per call**, on the answer it resolves with: after the client's
 *   re-authentication, retries and redirects, so it never sees a 401 the client re-authenticated
 *   or a 503 it retried. The middleware run in reverse array order. Returning a `Response`
 *   replaces the answer (its body is read, within `maxResponseBytes`).
 * - `onError` runs **once per call**, when it fails, with the error it would throw (after the
 *   client's retries). The middleware run in reverse array order. Returning a `Response` makes it
 *   the call's answer (the `onResponse` middleware then run on it); returning an `Error` replaces
 *   the error (the next `onError` sees it, and the call throws the last one).
 *
 * A callback that throws fails the call with that error, not retried and not passed to `onError`.
 *
 * Without middleware none of this runs. An `onRequest` costs one more `Request` per request sent,
 * an `onResponse` one more `Response` per call.
 *
 * @example
 * ```ts
 * const timing: Middleware = {
 *   onRequest({ request, attempt }) {
 *     console.log(`${request.method} ${request.url} (attempt ${attempt})`);
 *   },
 *   onResponse({ response }) {
 *     console.log(response.status);
 *   },
 * };
 * const client = createCampaignClient({ auth, tenant: 'acme', middleware: [timing] });
 * ```
 */
export interface Middleware {
  /** Before every request sent; may return a new `Request`, or a `Response` to answer instead. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback without a return statement returns void
  onRequest?: (params: MiddlewareParams) => Awaitable<Request | Response | undefined | void>;
  /** On the answer the call resolves with; may return a new `Response`. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback without a return statement returns void
  onResponse?: (params: MiddlewareResponseParams) => Awaitable<Response | undefined | void>;
  /** On the error the call fails with; may return a `Response` to answer, or another `Error`. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback without a return statement returns void
  onError?: (params: MiddlewareErrorParams) => Awaitable<Response | Error | undefined | void>;
}

type Phase = 'onRequest' | 'onResponse' | 'onError';
const PHASES: readonly Phase[] = ['onRequest', 'onResponse', 'onError'];

/** One middleware's callback for a phase, found once. */
interface Step<P extends Phase> {
  readonly middleware: Middleware;
  readonly callback: NonNullable<Middleware[P]>;
}

/** A client's middleware, by phase, each in the order it runs. */
export interface MiddlewareChain {
  readonly onRequest: readonly Step<'onRequest'>[];
  readonly onResponse: readonly Step<'onResponse'>[];
  readonly onError: readonly Step<'onError'>[];
}

/**
 * A middleware's callback: its own, or its class's (any prototype but `Object.prototype`, so
 * that a value planted there by prototype pollution is never called).
 */
function callbackOf(middleware: object, phase: Phase): unknown {
  for (let at: object | null = middleware; at && at !== Object.prototype; at = Object.getPrototypeOf(at)) {
    if (Object.hasOwn(at, phase)) return (at as Record<Phase, unknown>)[phase];
  }
  return undefined;
}

/** What is known of one call while its middleware run. */
export interface CallContext {
  readonly id: string;
  /** The attempt number of the latest request. */
  attempt: number;
  /** The latest request as the middleware saw it, when one was built. */
  request?: Request | undefined;
}

/** An error thrown by a middleware callback, carried past the client's own error handling. */
export class MiddlewareThrew {
  constructor(readonly error: unknown) {}
}

/** Problems with a `middleware` option, for `ConfigurationError`. */
export function middlewareIssues(middleware: unknown): ConfigurationIssue[] {
  if (middleware === undefined) return [];
  if (!Array.isArray(middleware)) {
    return [{ field: 'middleware', problem: 'must be an array of middleware objects' }];
  }
  const issues: ConfigurationIssue[] = [];
  middleware.forEach((entry: unknown, index) => {
    const field = `middleware[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      issues.push({ field, problem: 'must be an object with onRequest, onResponse or onError' });
      return;
    }
    const given = PHASES.filter((phase) => callbackOf(entry, phase) !== undefined);
    for (const phase of given) {
      if (typeof callbackOf(entry, phase) !== 'function')
        issues.push({ field: `${field}.${phase}`, problem: 'must be a function' });
    }
    if (given.length === 0) {
      issues.push({ field, problem: 'has none of onRequest, onResponse and onError' });
    }
  });
  return issues;
}

/** The chain of a (checked) `middleware` option, or `undefined` when there is none. */
export function chainOf(middleware: readonly Middleware[] | undefined): MiddlewareChain | undefined {
  if (!middleware || middleware.length === 0) return undefined;
  const steps = <P extends Phase>(phase: P): Step<P>[] =>
    middleware.flatMap((m) => {
      const callback = callbackOf(m, phase);
      return typeof callback === 'function'
        ? [{ middleware: m, callback: callback as Step<P>['callback'] }]
        : [];
    });
  return {
    onRequest: steps('onRequest'),
    onResponse: steps('onResponse').reverse(),
    onError: steps('onError').reverse(),
  };
}

let calls = 0;

/** A new call's context. */
export function newCall(): CallContext {
  calls = (calls + 1) % Number.MAX_SAFE_INTEGER;
  return { id: `${calls.toString(36)}-${Math.random().toString(36).slice(2, 8)}`, attempt: 0 };
}

async function invoke<T>(run: () => Awaitable<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new MiddlewareThrew(error);
  }
}

function misuse(phase: Phase, allowed: string): MiddlewareThrew {
  return new MiddlewareThrew(new TypeError(`A middleware's ${phase} must return ${allowed}, or nothing`));
}

/** Runs `onRequest` in order: the request to send, or the answer one of them gave instead. */
export async function runOnRequest(
  chain: MiddlewareChain,
  request: Request,
  call: CallContext,
): Promise<Request | Response> {
  let current = request;
  for (const { middleware, callback } of chain.onRequest) {
    const params: MiddlewareParams = { request: current, attempt: call.attempt, id: call.id };
    const result = await invoke(() => callback.call(middleware, params));
    if (result === undefined || result === null) continue;
    if (result instanceof Response) return result;
    if (!(result instanceof Request)) throw misuse('onRequest', 'a Request or a Response');
    current = result;
  }
  return current;
}

/**
 * Runs `onResponse` in reverse order. Each gets a `Response` of its own over the body read so
 * far (`fresh`); one it returns is read whole (`read`) before the next runs.
 */
export async function runOnResponse<A>(
  chain: MiddlewareChain,
  answer: A,
  request: Request,
  call: CallContext,
  fresh: (answer: A) => Response,
  read: (response: Response) => Promise<A>,
): Promise<A> {
  let current = answer;
  for (const { middleware, callback } of chain.onResponse) {
    const params = { request, attempt: call.attempt, id: call.id, response: fresh(current) };
    const result = await invoke(() => callback.call(middleware, params));
    if (result === undefined || result === null) continue;
    if (!(result instanceof Response)) throw misuse('onResponse', 'a Response');
    current = await read(result);
  }
  return current;
}

/**
 * Runs `onError` in reverse order: the `Response` one of them answered with, or the error to
 * throw (the last one returned).
 */
export async function runOnError(
  chain: MiddlewareChain,
  error: Error,
  request: Request,
  call: CallContext,
): Promise<{ response: Response } | { error: Error }> {
  let current = error;
  for (const { middleware, callback } of chain.onError) {
    const params: MiddlewareErrorParams = { request, attempt: call.attempt, id: call.id, error: current };
    const result = await invoke(() => callback.call(middleware, params));
    if (result === undefined || result === null) continue;
    if (result instanceof Response) return { response: result };
    if (!(result instanceof Error)) throw misuse('onError', 'a Response or an Error');
    current = result;
  }
  return { error: current };
}
