import { UnexpectedResponseError } from '@campaign-standard/core';
import type { Method } from './method.js';
import type { WholeAnswer } from './whole-body.js';

/** Redirects followed for one call, at most. */
export const MAX_REDIRECTS = 5;
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** One request of a call: the first, or one a redirect led to. */
export interface Hop {
  readonly method: Method;
  readonly url: URL;
  /** A JSON body. */
  readonly body: unknown;
}

/**
 * Follows redirects by hand (requests are sent with `redirect: 'manual'`), so that the token never
 * goes where a redirect points unless it is the same origin: every hop's URL goes through
 * `assertOrigin` before it is requested. 307 and 308 keep the method and the body; 303, and 301 or
 * 302 after a POST, become a GET without a body (as browsers do). More than
 * {@link MAX_REDIRECTS} fail with `UnexpectedResponseError`.
 */
export async function followRedirects(
  first: Hop,
  exchange: (hop: Hop) => Promise<WholeAnswer>,
  assertOrigin: (url: URL) => void,
): Promise<WholeAnswer> {
  let hop = first;
  for (let followed = 0; ; followed++) {
    assertOrigin(hop.url);
    const answer = await exchange(hop);
    const location = redirectLocation(answer);
    if (location === undefined) return answer;
    if (followed >= MAX_REDIRECTS) {
      throw new UnexpectedResponseError(`More than ${MAX_REDIRECTS} redirects from ${first.url.pathname}`, {
        status: answer.response.status,
      });
    }
    hop = redirectedHop(answer, location, hop);
  }
}

/** Where a redirect answer points, or `undefined` when the answer is not one to follow. */
export function redirectLocation({ response, answeredBy }: WholeAnswer): string | undefined {
  // A middleware's answer is the call's, as it is.
  if (!REDIRECTS.has(response.status) || answeredBy === 'middleware') return undefined;
  return response.headers.get('location') || undefined;
}

/** The request a redirect to `location` leads to. */
export function redirectedHop({ response }: WholeAnswer, location: string, hop: Hop): Hop {
  const url = new URL(location, hop.url);
  const status = response.status;
  if (status === 303 || ((status === 301 || status === 302) && hop.method === 'POST')) {
    return { method: 'GET', url, body: undefined };
  }
  return { method: hop.method, url, body: hop.body };
}
