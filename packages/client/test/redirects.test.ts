import { ForeignOriginError, UnexpectedResponseError } from '@campaign-standard/core';
import { describe, expect, it } from 'vitest';
import { followRedirects, type Hop, redirectedHop, redirectLocation } from '../src/redirects.js';
import type { WholeAnswer } from '../src/whole-body.js';

const ORIGIN = 'https://mc.adobe.io';
const at = (path: string) => new URL(`${ORIGIN}/acme/campaign${path}`);

function answer(status: number, location?: string, answeredBy?: 'middleware'): WholeAnswer {
  const headers: Record<string, string> = location ? { location } : {};
  return {
    response: new Response(null, { status, headers }),
    body: null,
    ...(answeredBy ? { answeredBy } : {}),
  };
}

const assertOrigin = (url: URL): void => {
  if (url.origin !== ORIGIN) throw new ForeignOriginError(ORIGIN, url.origin);
};

describe('which answers are followed', () => {
  it.each([
    [301, '/acme/campaign/a', '/acme/campaign/a'],
    [302, 'https://mc.adobe.io/acme/campaign/b', 'https://mc.adobe.io/acme/campaign/b'],
    [303, 'c', 'c'],
    [307, '/x', '/x'],
    [308, '/y', '/y'],
  ])('%i with a Location', (status, location, expected) => {
    expect(redirectLocation(answer(status, location))).toBe(expected);
  });

  it.each([[200], [300], [304], [404]])('not %i', (status) => {
    expect(redirectLocation(answer(status, '/elsewhere'))).toBeUndefined();
  });

  it('not a redirect without a Location, nor one a middleware answered with', () => {
    expect(redirectLocation(answer(302))).toBeUndefined();
    expect(redirectLocation(answer(302, '/x', 'middleware'))).toBeUndefined();
  });
});

describe('where a redirect leads', () => {
  const post: Hop = { method: 'POST', url: at('/profileAndServices/profile'), body: { email: 'a@b.c' } };
  const put: Hop = { method: 'PUT', url: at('/profileAndServices/profile/@k'), body: { lastName: 'D' } };
  const get: Hop = { method: 'GET', url: at('/profileAndServices/profile'), body: undefined };

  it.each([
    ['307 keeps a POST and its body', post, 307, { method: 'POST', body: post.body }],
    ['308 keeps a PUT and its body', put, 308, { method: 'PUT', body: put.body }],
    ['301 after a POST becomes a GET without a body', post, 301, { method: 'GET', body: undefined }],
    ['302 after a POST becomes a GET without a body', post, 302, { method: 'GET', body: undefined }],
    ['302 keeps a PUT', put, 302, { method: 'PUT', body: put.body }],
    ['303 makes any method a GET without a body', put, 303, { method: 'GET', body: undefined }],
    ['301 keeps a GET', get, 301, { method: 'GET', body: undefined }],
  ] as const)('%s', (_name, hop, status, expected) => {
    const next = redirectedHop(answer(status, '/acme/campaign/next'), '/acme/campaign/next', hop);
    expect(next).toEqual({ ...expected, url: at('/next') });
  });

  it('resolves a relative Location against the URL it answered', () => {
    const next = redirectedHop(answer(307, 'page2?x=1'), 'page2?x=1', get);
    expect(next.url.href).toBe(`${ORIGIN}/acme/campaign/profileAndServices/page2?x=1`);
  });
});

describe('followRedirects', () => {
  it('follows same-origin redirects to the answer, each hop checked before it is requested', async () => {
    const asked: string[] = [];
    const checked: string[] = [];
    const final = await followRedirects(
      { method: 'POST', url: at('/start'), body: { a: 1 } },
      async (hop) => {
        asked.push(`${hop.method} ${hop.url.pathname} ${JSON.stringify(hop.body)}`);
        if (hop.url.pathname.endsWith('/start')) return answer(307, '/acme/campaign/middle');
        if (hop.url.pathname.endsWith('/middle')) return answer(303, '/acme/campaign/end');
        return answer(200);
      },
      (url) => {
        checked.push(url.pathname);
        assertOrigin(url);
      },
    );
    expect(final.response.status).toBe(200);
    expect(asked).toEqual([
      'POST /acme/campaign/start {"a":1}',
      'POST /acme/campaign/middle {"a":1}',
      'GET /acme/campaign/end undefined',
    ]);
    expect(checked).toEqual(['/acme/campaign/start', '/acme/campaign/middle', '/acme/campaign/end']);
  });

  it('refuses a redirect to another origin before requesting it', async () => {
    const asked: string[] = [];
    const error = await followRedirects(
      { method: 'GET', url: at('/start'), body: undefined },
      async (hop) => {
        asked.push(hop.url.href);
        return answer(302, 'https://elsewhere.example/steal');
      },
      assertOrigin,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForeignOriginError);
    expect(asked).toEqual([at('/start').href]);
  });

  it('stops after 5 redirects with UnexpectedResponseError', async () => {
    let requests = 0;
    const error = await followRedirects(
      { method: 'GET', url: at('/loop'), body: undefined },
      async () => {
        requests++;
        return answer(307, '/acme/campaign/loop');
      },
      assertOrigin,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe('More than 5 redirects from /acme/campaign/loop');
    expect(requests).toBe(6);
  });
});
