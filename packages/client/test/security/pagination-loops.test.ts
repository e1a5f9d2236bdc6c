import { PaginationError } from '@campaign-standard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaignClient } from '../../src/index.js';
import { collect, type LocalServer, rejection, startLocalServer, staticAuth } from '../helpers.js';

/**
 * A server whose `next` links never reach the end of the list (a loop, or empty pages without
 * end) must not make the client request forever and burn the organization's API quota. The
 * server below gives up after {@link SERVER_LIMIT} requests of a scenario, so a client that does not stop by
 * itself fails these tests instead of hanging them.
 */

const SERVER_LIMIT = 1_000;
const page = (content: unknown[], next?: string) => ({ content, ...(next ? { next: { href: next } } : {}) });

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer((request, response, origin) => {
    const url = new URL(request.url, origin);
    const json = (body: unknown) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const scenario = url.searchParams.get('scenario') ?? '';
    if (requestsFor(scenario) > SERVER_LIMIT) return json(page([]));
    const base = '/acme/campaign/profileAndServices/profile';
    const start = Number(url.searchParams.get('_lineStart') ?? '0');
    switch (scenario) {
      // A -> B -> A, the second link absolute, the first relative
      case 'two-page-loop':
        return json(
          start === 0
            ? page([{ n: 0 }], `${base}?scenario=two-page-loop&_lineStart=1`)
            : page([{ n: 1 }], `${origin}${base}?scenario=two-page-loop`),
        );
      // A -> B -> C -> B
      case 'late-loop':
        return json(
          page([{ n: start }], `${base}?scenario=late-loop&_lineStart=${start >= 2 ? 1 : start + 1}`),
        );
      // empty pages, each pointing to the next, forever
      case 'empty-forever':
        return json(page([], `${base}?scenario=empty-forever&_lineStart=${start + 1}`));
      // a few empty pages, then records: an honest (if odd) server
      case 'some-empty':
        return json(
          start < 5
            ? page([], `${base}?scenario=some-empty&_lineStart=${start + 1}`)
            : start < 7
              ? page([{ n: start }], `${base}?scenario=some-empty&_lineStart=${start + 1}`)
              : page([{ n: start }]),
        );
      default:
        return response.writeHead(404).end();
    }
  });
});
afterAll(() => server?.close());

function client() {
  return createCampaignClient({ auth: staticAuth('a-test-token'), tenant: 'acme', baseUrl: server.origin });
}

function requestsFor(scenario: string): number {
  return server.seen.filter((seen) => seen.url.includes(`scenario=${scenario}`)).length;
}

describe('next links that never end', () => {
  it('a loop A -> B -> A stops with PaginationError after two requests', async () => {
    const error = await rejection(
      collect(client().list('/profileAndServices/profile', { query: { scenario: 'two-page-loop' } })),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ code: 'ERR_PAGINATION', problem: 'loop', pagesRead: 2, recordsRead: 2 });
    expect(error.message).toMatch(/leads back to a page already read/);
    expect(requestsFor('two-page-loop')).toBe(2);
  });

  it('a loop that starts later (A -> B -> C -> B) stops after three requests', async () => {
    const error = await rejection(
      collect(client().list('/profileAndServices/profile', { query: { scenario: 'late-loop' } })),
    );
    expect(error).toMatchObject({ problem: 'loop', pagesRead: 3 });
    expect(requestsFor('late-loop')).toBe(3);
  });

  it('empty pages without end stop with PaginationError, not at the server limit', async () => {
    const pages = client()
      .list('/profileAndServices/profile', { query: { scenario: 'empty-forever' } })
      .pages();
    const error = await rejection(collect(pages));
    expect(error).toMatchObject({ code: 'ERR_PAGINATION', problem: 'empty-pages', recordsRead: 0 });
    expect(requestsFor('empty-forever')).toBe(100);
  });

  it('a few empty pages before the records are read through', async () => {
    const records = await collect(
      client().list('/profileAndServices/profile', { query: { scenario: 'some-empty' } }),
    );
    expect(records).toEqual([{ n: 5 }, { n: 6 }, { n: 7 }]);
  });

  it('each iteration starts afresh: the same list read twice is not a loop', async () => {
    const list = client().list('/profileAndServices/profile', { query: { scenario: 'some-empty' } });
    expect(await collect(list)).toHaveLength(3);
    expect(await collect(list)).toHaveLength(3);
  });
});
