import { ApiError, NetworkError, OutcomeUnknownError, TimeoutError } from '@campaign-standard/core';
import { describe, expect, it } from 'vitest';
import {
  type Decision,
  decide,
  giveUp,
  initialState,
  type Outcome,
  type RetryPolicy,
  type RetryState,
  resends,
} from '../src/decide.js';
import type { Method } from '../src/method.js';

// The client's retry rules as a table: each row is an outcome and a state, and the decision the
// client takes. `decide` is pure: jitter and clock are part of the policy, fixed here.

const NOW = Date.parse('2026-01-01T00:00:00Z');
const POLICY: RetryPolicy = {
  maxRetries: 3,
  statusCodes: new Set([429, 503, 504]),
  backoff: { initialDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 },
  random: () => 0.5,
  now: () => NOW,
};
const URL_ = new URL('https://mc.adobe.io/acme/campaign/profileAndServices/profile');
const OOPS = { code: 502, message: 'Oops. Something went wrong. Check your URI and try again.' };

type StateGiven = Partial<Pick<RetryState, 'reauthenticated' | 'retries'>> & {
  method?: Method;
  optIn?: boolean;
  policy?: Partial<RetryPolicy>;
};

function state(given: StateGiven = {}): RetryState {
  const policy = { ...POLICY, ...given.policy };
  return {
    ...initialState(policy, given.method ?? 'GET', URL_, given.optIn ?? false),
    reauthenticated: given.reauthenticated ?? false,
    retries: given.retries ?? 0,
  };
}

function answer(
  status: number,
  {
    headers = {},
    body,
    from = 'server',
  }: { headers?: Record<string, string>; body?: unknown; from?: 'server' | 'hook' | 'middleware' } = {},
): Outcome {
  const bytes = body === undefined ? null : new TextEncoder().encode(JSON.stringify(body));
  const response = new Response(null, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { kind: 'answer', answer: { response, body: bytes }, from, token: 'the-token' };
}

function network(
  code: string | undefined,
  extra: Partial<Extract<Outcome, { kind: 'failure' }>> = {},
): Outcome {
  const raw = Object.assign(new TypeError('fetch failed'), { cause: code ? { code } : undefined });
  return {
    kind: 'failure',
    error: new NetworkError(`GET ${URL_.href} failed`, { cause: raw }),
    sent: code !== 'ECONNREFUSED',
    raw,
    ...extra,
  };
}

const timeout: Outcome = {
  kind: 'failure',
  error: new TimeoutError('No answer within 100 ms', 100),
  sent: true,
};

type ErrorClass = new (...args: never[]) => Error;

/** What a test row expects, short: the decision's kind and the fields that matter. */
type Expected =
  | { kind: 'return'; status: number }
  | { kind: 'reauthenticate' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'fail'; error: ErrorClass; cause?: ErrorClass };

function summary(decision: Decision): Expected {
  switch (decision.kind) {
    case 'return':
      return { kind: 'return', status: decision.answer.response.status };
    case 'reauthenticate':
      return { kind: 'reauthenticate' };
    case 'retry':
      return { kind: 'retry', delayMs: decision.delayMs };
    case 'fail': {
      const { error } = decision;
      const cause = error instanceof OutcomeUnknownError ? error.cause : undefined;
      return {
        kind: 'fail',
        error: error.constructor as ErrorClass,
        ...(cause instanceof Error ? { cause: cause.constructor as ErrorClass } : {}),
      };
    }
  }
}

const rows: Array<[name: string, outcome: Outcome, given: StateGiven, expected: Expected]> = [
  // answers that are final
  ['GET 200 is the answer', answer(200), {}, { kind: 'return', status: 200 }],
  ['GET 404 is the answer', answer(404), {}, { kind: 'return', status: 404 }],
  ['GET 502 is the answer (not a retried status)', answer(502), {}, { kind: 'return', status: 502 }],
  ['a redirect is the answer (followed elsewhere)', answer(307), {}, { kind: 'return', status: 307 }],
  // re-authentication, once, any method
  ['GET 401: drop the token and send again', answer(401), {}, { kind: 'reauthenticate' }],
  ['POST 401: drop the token and send again', answer(401), { method: 'POST' }, { kind: 'reauthenticate' }],
  [
    'GET 401 after re-authenticating is the answer',
    answer(401),
    { reauthenticated: true },
    { kind: 'return', status: 401 },
  ],
  [
    'a 401 is never retried twice, even among statusCodes',
    answer(401),
    { reauthenticated: true, policy: { statusCodes: new Set([401, 503]) } },
    { kind: 'return', status: 401 },
  ],
  [
    'a 401 re-authenticates even with retries used up or off',
    answer(401),
    { retries: 3, policy: { maxRetries: 0 } },
    { kind: 'reauthenticate' },
  ],
  // retried statuses: backoff with jitter (random 0.5 of 100 ms doubled per retry, capped)
  ['GET 503, first retry: 50 ms', answer(503), {}, { kind: 'retry', delayMs: 50 }],
  ['GET 504, third retry: 200 ms', answer(504), { retries: 2 }, { kind: 'retry', delayMs: 200 }],
  [
    'the backoff is capped by maxDelayMs',
    answer(503),
    { retries: 2, policy: { maxRetries: 10, backoff: { initialDelayMs: 1000, maxDelayMs: 1000 } } },
    { kind: 'retry', delayMs: 500 },
  ],
  ['PUT 503 is retried', answer(503), { method: 'PUT' }, { kind: 'retry', delayMs: 50 }],
  ['PATCH 429 is retried', answer(429), { method: 'PATCH' }, { kind: 'retry', delayMs: 50 }],
  ['DELETE 504 is retried', answer(504), { method: 'DELETE' }, { kind: 'retry', delayMs: 50 }],
  // Retry-After
  [
    '429 with Retry-After: 2 waits 2 s',
    answer(429, { headers: { 'retry-after': '2' } }),
    {},
    { kind: 'retry', delayMs: 2000 },
  ],
  [
    'Retry-After as an HTTP date',
    answer(503, { headers: { 'retry-after': new Date(NOW + 3000).toUTCString() } }),
    {},
    { kind: 'retry', delayMs: 3000 },
  ],
  [
    'Retry-After is capped by maxRetryAfterMs',
    answer(429, { headers: { 'retry-after': '120' } }),
    {},
    { kind: 'retry', delayMs: 5000 },
  ],
  // giving up
  [
    'GET 503 with retries used up is the answer',
    answer(503),
    { retries: 3 },
    { kind: 'return', status: 503 },
  ],
  [
    'retry: false (maxRetries 0): GET 503 is the answer',
    answer(503),
    { policy: { maxRetries: 0 } },
    { kind: 'return', status: 503 },
  ],
  [
    'statusCodes decide what is retried',
    answer(500),
    { policy: { statusCodes: new Set([500]) } },
    { kind: 'retry', delayMs: 50 },
  ],
  [
    'a status left out of statusCodes is the answer',
    answer(503),
    { policy: { statusCodes: new Set([500]) } },
    { kind: 'return', status: 503 },
  ],
  // POST: never resent unless opted in; an unknown outcome is an error
  [
    'POST 503: OutcomeUnknownError, not resent',
    answer(503),
    { method: 'POST' },
    { kind: 'fail', error: OutcomeUnknownError, cause: ApiError },
  ],
  [
    'POST 502: OutcomeUnknownError',
    answer(502, { body: 'Bad gateway' }),
    { method: 'POST' },
    { kind: 'fail', error: OutcomeUnknownError, cause: ApiError },
  ],
  [
    'POST 504: OutcomeUnknownError',
    answer(504),
    { method: 'POST' },
    { kind: 'fail', error: OutcomeUnknownError, cause: ApiError },
  ],
  [
    'POST 502 "Check your URI" is the answer (an unknown tenant)',
    answer(502, { body: OOPS }),
    { method: 'POST' },
    { kind: 'return', status: 502 },
  ],
  [
    'POST 429 is the answer (nothing was done)',
    answer(429),
    { method: 'POST' },
    { kind: 'return', status: 429 },
  ],
  ['POST 201 is the answer', answer(201), { method: 'POST' }, { kind: 'return', status: 201 }],
  [
    'POST 503 opted in: retried',
    answer(503),
    { method: 'POST', optIn: true },
    { kind: 'retry', delayMs: 50 },
  ],
  [
    'POST 503 opted in, retries used up: OutcomeUnknownError',
    answer(503),
    { method: 'POST', optIn: true, retries: 3 },
    { kind: 'fail', error: OutcomeUnknownError, cause: ApiError },
  ],
  // network failures and timeouts
  ['GET connection reset: retried', network('ECONNRESET'), {}, { kind: 'retry', delayMs: 50 }],
  [
    'GET connection reset, retries used up: NetworkError',
    network('ECONNRESET'),
    { retries: 3 },
    { kind: 'fail', error: NetworkError },
  ],
  ['GET timeout: retried', timeout, {}, { kind: 'retry', delayMs: 50 }],
  [
    'GET timeout, retries used up: TimeoutError',
    timeout,
    { retries: 3 },
    { kind: 'fail', error: TimeoutError },
  ],
  [
    'POST connection reset: OutcomeUnknownError',
    network('ECONNRESET'),
    { method: 'POST' },
    { kind: 'fail', error: OutcomeUnknownError, cause: NetworkError },
  ],
  [
    'POST connection refused (never sent): NetworkError, not resent',
    network('ECONNREFUSED'),
    { method: 'POST' },
    { kind: 'fail', error: NetworkError },
  ],
  [
    'POST timeout: OutcomeUnknownError',
    timeout,
    { method: 'POST' },
    { kind: 'fail', error: OutcomeUnknownError, cause: TimeoutError },
  ],
  [
    'POST connection reset opted in: retried',
    network('ECONNRESET'),
    { method: 'POST', optIn: true },
    { kind: 'retry', delayMs: 50 },
  ],
  [
    'retry: false: GET connection reset fails',
    network('ECONNRESET'),
    { policy: { maxRetries: 0 } },
    { kind: 'fail', error: NetworkError },
  ],
  // a caller's ky hook asking for a resend (deprecated hooks), and answers given by hooks or middleware
  [
    'ky.retry() from a hook resends a POST, with its delay',
    network(undefined, { resendAsked: { delayMs: 7 } }),
    { method: 'POST' },
    { kind: 'retry', delayMs: 7 },
  ],
  [
    'ky.retry() with retries used up: OutcomeUnknownError for a POST',
    network(undefined, { resendAsked: {} }),
    { method: 'POST', retries: 3 },
    { kind: 'fail', error: OutcomeUnknownError, cause: NetworkError },
  ],
  [
    'an answer a ky afterResponse hook settled is not retried',
    answer(503, { from: 'hook' }),
    {},
    { kind: 'return', status: 503 },
  ],
  [
    'a 401 a ky afterResponse hook settled is not re-authenticated',
    answer(401, { from: 'hook' }),
    {},
    { kind: 'return', status: 401 },
  ],
  [
    'a POST 503 a ky hook settled is still an unknown outcome',
    answer(503, { from: 'hook' }),
    { method: 'POST' },
    { kind: 'fail', error: OutcomeUnknownError, cause: ApiError },
  ],
  [
    'a middleware’s answer is the call’s, as it is (GET 503)',
    answer(503, { from: 'middleware' }),
    {},
    { kind: 'return', status: 503 },
  ],
  [
    'a middleware’s answer is the call’s, as it is (POST 503)',
    answer(503, { from: 'middleware' }),
    { method: 'POST' },
    { kind: 'return', status: 503 },
  ],
];

describe('decide(outcome, state)', () => {
  it.each(rows)('%s', (_name, outcome, given, expected) => {
    expect(summary(decide(outcome, state(given)))).toEqual(expected);
  });

  it('counts retries in the next state, not re-authentication', () => {
    const first = decide(answer(401), state());
    expect(first).toMatchObject({ kind: 'reauthenticate', state: { reauthenticated: true, retries: 0 } });
    const second = decide(answer(503), (first as Extract<Decision, { kind: 'reauthenticate' }>).state);
    expect(second).toMatchObject({ kind: 'retry', state: { reauthenticated: true, retries: 1 } });
  });

  it('does not change the state it is given', () => {
    const before = state({ retries: 1 });
    const copy = { ...before };
    decide(answer(503), before);
    decide(answer(401), before);
    expect(before).toEqual(copy);
  });

  it('names the method and URL in an unknown outcome, and keeps the answer’s text in its cause', () => {
    const decision = decide(
      answer(503, { body: 'Service Unavailable: try later' }),
      state({ method: 'POST' }),
    );
    expect(decision.kind).toBe('fail');
    const error = (decision as Extract<Decision, { kind: 'fail' }>).error as OutcomeUnknownError;
    expect(error).toMatchObject({ method: 'POST', url: URL_.href });
    expect(error.cause).toMatchObject({ status: 503 });
    expect((error.cause as Error).message).toContain('Service Unavailable: try later');
  });
});

describe('initialState, resends, giveUp', () => {
  it('resends idempotent methods, and a POST only when opted in', () => {
    expect(initialState(POLICY, 'GET', URL_, false).resend).toBe(true);
    expect(initialState(POLICY, 'DELETE', URL_, false).resend).toBe(true);
    expect(initialState(POLICY, 'POST', URL_, false).resend).toBe(false);
    expect(initialState(POLICY, 'POST', URL_, true).resend).toBe(true);
  });

  it('resends() is true for a retry and a re-authentication only', () => {
    expect(resends(decide(answer(503), state()))).toBe(true);
    expect(resends(decide(answer(401), state()))).toBe(true);
    expect(resends(decide(answer(200), state()))).toBe(false);
    expect(resends(decide(network('ECONNRESET'), state({ method: 'POST' })))).toBe(false);
  });

  it('giveUp() settles without retrying (a caller’s ky.stop)', () => {
    expect(summary(giveUp(answer(503), state()))).toEqual({ kind: 'return', status: 503 });
    expect(summary(giveUp(answer(503), state({ method: 'POST' })))).toMatchObject({
      kind: 'fail',
      error: OutcomeUnknownError,
    });
    expect(summary(giveUp(network('ECONNRESET'), state()))).toEqual({ kind: 'fail', error: NetworkError });
  });
});
