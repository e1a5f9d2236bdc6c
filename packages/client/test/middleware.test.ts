import { inspect } from 'node:util';
import {
  ConfigurationError,
  ForeignOriginError,
  NetworkError,
  OutcomeUnknownError,
} from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignClientOptions, createCampaignClient, type Middleware } from '../src/index.js';
import { emulatorAuth, type LocalServer, rejection, startLocalServer, staticAuth } from './helpers.js';

// The middleware contract, over real HTTP: onRequest before every request sent (retries,
// re-authentication, redirects), without the credentials; onResponse and onError once per call,
// after the client's own retries.

let emulator: Emulator;
let elsewhere: LocalServer;
const PROFILES = '/acme/campaign/profileAndServices/profile';

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 20, seed: 7 });
  elsewhere = await startLocalServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
afterAll(async () => {
  await emulator?.stop();
  await elsewhere?.close();
});
afterEach(() => {
  emulator.faults.clear();
  emulator.stats.reset();
});

function makeClient(middleware: Middleware[], overrides: Partial<CampaignClientOptions> = {}) {
  const auth = emulatorAuth(emulator);
  const client = createCampaignClient({
    auth,
    tenant: 'acme',
    baseUrl: emulator.baseUrl,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    middleware,
    ...overrides,
  });
  return { auth, client };
}

/** A middleware that writes down what it is shown. */
function recorder(name: string, log: string[]): Middleware {
  return {
    onRequest({ request, attempt }) {
      log.push(`${name}.onRequest ${request.method} ${new URL(request.url).pathname} #${attempt}`);
    },
    onResponse({ response, attempt }) {
      log.push(`${name}.onResponse ${response.status} #${attempt}`);
    },
    onError({ error }) {
      log.push(`${name}.onError ${error.name}`);
    },
  };
}

describe('onRequest', () => {
  it('runs in order before every request sent, retries and re-authentication included', async () => {
    const log: string[] = [];
    const { client } = makeClient([recorder('a', log), recorder('b', log)]);
    await client.services.list().count();
    log.length = 0;
    emulator.stats.reset();
    emulator.expireTokens();
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    const result = await client.GET('/profileAndServices/service');
    expect(result.error).toBeUndefined();
    // The emulator's fault answers before the token is checked: first the 503, then the 401.
    const path = '/acme/campaign/profileAndServices/service';
    expect(log).toEqual([
      `a.onRequest GET ${path} #0`,
      `b.onRequest GET ${path} #0`,
      `a.onRequest GET ${path} #1`,
      `b.onRequest GET ${path} #1`,
      `a.onRequest GET ${path} #2`,
      `b.onRequest GET ${path} #2`,
      'b.onResponse 200 #2',
      'a.onResponse 200 #2',
    ]);
    expect(emulator.stats.apiRequests()).toBe(3);
  });

  it('never shows the credentials; the request sent carries them, with what a middleware set', async () => {
    const shown: Array<[string, string][]> = [];
    const sent: Request[] = [];
    const { auth, client } = makeClient(
      [
        {
          onRequest({ request }) {
            shown.push([...request.headers]);
            const url = new URL(request.url);
            url.searchParams.set('_lineCount', '1');
            const next = new Request(url, request);
            next.headers.set('x-trace', 'trace-1');
            next.headers.set('authorization', 'Bearer forged');
            return next;
          },
        },
        {
          onRequest({ request }) {
            shown.push([...request.headers]);
          },
        },
      ],
      {
        fetch: (input, init) => {
          sent.push(input instanceof Request ? input.clone() : new Request(input, init));
          return fetch(input, init);
        },
      },
    );
    const result = await client.GET('/profileAndServices/profile');
    expect(result.data?.content).toHaveLength(1);
    expect(shown).toHaveLength(2);
    expect(shown[0]!.map(([name]) => name).sort()).toEqual(['accept', 'cache-control', 'user-agent']);
    expect(Object.fromEntries(shown[1]!)).toMatchObject({
      'x-trace': 'trace-1',
      authorization: 'Bearer forged',
    });
    const [request] = sent;
    expect(request?.headers.get('authorization')).toBe(`Bearer ${auth.current()}`);
    expect(request?.headers.get('x-api-key')).toBe(emulator.credentials.clientId);
    expect(request?.headers.get('x-trace')).toBe('trace-1');
    expect(request?.redirect).toBe('manual');
  });

  it('a Response it returns is the call’s answer: nothing sent, no token, no retry, no onResponse', async () => {
    const log: string[] = [];
    const { auth, client } = makeClient([
      recorder('outer', log),
      { onRequest: () => Response.json({ message: 'mocked' }, { status: 503 }) },
      recorder('never', log),
    ]);
    const result = await client.GET('/profileAndServices/service');
    expect(result.error).toMatchObject({ status: 503, message: expect.stringContaining('mocked') });
    expect(log).toEqual(['outer.onRequest GET /acme/campaign/profileAndServices/service #0']);
    expect(emulator.stats.apiRequests()).toBe(0);
    expect(auth.fetched).toBe(0);
  });

  it('a Request to another origin fails with ForeignOriginError, and nothing goes there', async () => {
    const { client } = makeClient([
      { onRequest: ({ request }) => new Request(`${elsewhere.origin}/steal`, request) },
    ]);
    expect(await rejection(client.GET('/profileAndServices/service'))).toBeInstanceOf(ForeignOriginError);
    expect(elsewhere.seen).toEqual([]);
    expect(emulator.stats.apiRequests()).toBe(0);
  });

  it('a throw fails the call with that error: not retried, not passed to onError', async () => {
    const log: string[] = [];
    const boom = new Error('middleware failed');
    const { client } = makeClient([
      recorder('r', log),
      {
        onRequest() {
          throw boom;
        },
      },
    ]);
    expect(await rejection(client.GET('/profileAndServices/service'))).toBe(boom);
    expect(log).toEqual(['r.onRequest GET /acme/campaign/profileAndServices/service #0']);
    expect(emulator.stats.apiRequests()).toBe(0);
  });

  it('returning anything else than a Request, a Response or nothing is a TypeError', async () => {
    const { client } = makeClient([{ onRequest: () => 'not a request' as unknown as Request }]);
    const error = await rejection(client.GET('/profileAndServices/service'));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/onRequest must return a Request or a Response, or nothing/);
  });
});

describe('onResponse', () => {
  it('sees only the answer the call resolves with, never a retried one', async () => {
    const log: string[] = [];
    const { client } = makeClient([recorder('r', log)]);
    emulator.faults.inject({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 0, times: 1 });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 504, times: 1 });
    await client.GET('/profileAndServices/service');
    expect(log.filter((line) => line.includes('onResponse'))).toEqual(['r.onResponse 200 #2']);
  });

  it('sees the answer after the client gave up, an HTTP error included', async () => {
    const log: string[] = [];
    const { client } = makeClient([recorder('r', log)], { retry: { maxRetries: 1, initialDelayMs: 1 } });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 2 });
    const result = await client.GET('/profileAndServices/service');
    expect(result.error).toMatchObject({ status: 503 });
    expect(log.filter((line) => line.includes('onResponse'))).toEqual(['r.onResponse 503 #1']);
  });

  it('each reads the body without taking it from the client or from the others', async () => {
    const bodies: unknown[] = [];
    const reader: Middleware = {
      async onResponse({ response }) {
        bodies.push(await response.json());
      },
    };
    const { client } = makeClient([reader, reader]);
    const result = await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 2 } } });
    expect(result.data?.content).toHaveLength(2);
    expect(bodies).toEqual([result.data, result.data]);
    expect(result.response.bodyUsed).toBe(true);
  });

  it('a Response it returns replaces the answer, and the earlier middleware see it', async () => {
    const seen: unknown[] = [];
    const { client } = makeClient([
      {
        async onResponse({ response }) {
          seen.push(await response.json());
        },
      },
      { onResponse: () => Response.json({ PKey: '@replaced' }) },
    ]);
    const result = await client.GET('/profileAndServices/service');
    expect(result.data).toEqual({ PKey: '@replaced' });
    expect(seen).toEqual([{ PKey: '@replaced' }]);
  });

  it('sees the request of the last attempt, without credentials', async () => {
    const requests: Request[] = [];
    const { client } = makeClient([{ onResponse: ({ request }) => void requests.push(request) }]);
    emulator.expireTokens();
    await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 1 } } });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(`${emulator.baseUrl}${PROFILES}?_lineCount=1`);
    expect(requests[0]?.headers.has('authorization')).toBe(false);
    expect(requests[0]?.headers.has('x-api-key')).toBe(false);
  });
});

describe('onError', () => {
  it('is not called when a retry succeeds', async () => {
    const log: string[] = [];
    const { client } = makeClient([recorder('r', log)]);
    emulator.faults.inject({ target: 'api', kind: 'reset', times: 1 });
    await client.GET('/profileAndServices/service');
    expect(log).toEqual([
      'r.onRequest GET /acme/campaign/profileAndServices/service #0',
      'r.onRequest GET /acme/campaign/profileAndServices/service #1',
      'r.onResponse 200 #1',
    ]);
  });

  it('sees the error the call fails with: OutcomeUnknownError for a POST that was not resent', async () => {
    const errors: Error[] = [];
    const { client } = makeClient([{ onError: ({ error }) => void errors.push(error) }]);
    emulator.faults.inject({ target: 'api', kind: 'reset', times: 1, pathPrefix: PROFILES });
    const error = await rejection(client.profiles.create({ email: 'mw-reset@example.com' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(errors).toEqual([error]);
    expect(errors[0]?.cause).toBeInstanceOf(NetworkError);
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(1);
  });

  it('runs in reverse order; an Error it returns replaces the one the call throws', async () => {
    const log: string[] = [];
    class AppError extends Error {}
    const { client } = makeClient(
      [
        { onError: ({ error }) => void log.push(`outer saw ${error.constructor.name}`) },
        {
          onError: ({ error }) => {
            log.push(`inner saw ${error.constructor.name}`);
            return new AppError('wrapped', { cause: error });
          },
        },
      ],
      { retry: false },
    );
    emulator.faults.inject({ target: 'api', kind: 'reset', times: 1 });
    const error = await rejection(client.GET('/profileAndServices/service'));
    expect(error).toBeInstanceOf(AppError);
    expect(error.cause).toBeInstanceOf(NetworkError);
    expect(log).toEqual(['inner saw NetworkError', 'outer saw AppError']);
  });

  it('a Response it returns is the answer, and onResponse sees it', async () => {
    const log: string[] = [];
    const { client } = makeClient([
      recorder('r', log),
      { onError: () => Response.json({ content: [], fromCache: true }) },
    ]);
    emulator.faults.inject({ target: 'api', kind: 'reset', times: 4 });
    const result = await client.GET('/profileAndServices/service');
    expect(result.data).toEqual({ content: [], fromCache: true });
    expect(log.slice(-1)).toEqual(['r.onResponse 200 #3']);
    expect(log.some((line) => line.includes('onError'))).toBe(false);
  });
});

describe('redirects', () => {
  let campaign: LocalServer;
  beforeAll(async () => {
    campaign = await startLocalServer((req, res) => {
      if (req.url.endsWith('/start')) {
        res.writeHead(307, { location: '/acme/campaign/end' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body: req.body }));
    });
  });
  afterAll(async () => {
    await campaign?.close();
  });

  it('onRequest sees each hop from attempt 0; onResponse sees the final answer once', async () => {
    const log: string[] = [];
    const client = createCampaignClient({
      auth: staticAuth('a-static-token'),
      tenant: 'acme',
      baseUrl: campaign.origin,
      middleware: [recorder('r', log)],
    });
    const result = await client.request('POST', '/start', { body: { a: 1 } });
    expect(result.data).toEqual({ method: 'POST', body: '{"a":1}' });
    expect(log).toEqual([
      'r.onRequest POST /acme/campaign/start #0',
      'r.onRequest POST /acme/campaign/end #0',
      'r.onResponse 200 #0',
    ]);
  });
});

describe('the token', () => {
  it('appears in nothing a middleware is given, on success, retries and failures', async () => {
    const given: unknown[] = [];
    const keep = (params: object) => {
      given.push(params);
    };
    const { auth, client } = makeClient([{ onRequest: keep, onResponse: keep, onError: keep }]);
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    await client.GET('/profileAndServices/service');
    emulator.faults.inject({ target: 'api', kind: 'reset', times: 1, pathPrefix: PROFILES });
    await rejection(client.profiles.create({ email: 'mw-token@example.com' }));
    const token = auth.current();
    expect(token).toBeTruthy();
    expect(given.length).toBeGreaterThanOrEqual(5);
    for (const params of given) {
      const { request } = params as { request: Request };
      expect(request.headers.has('authorization')).toBe(false);
      expect(inspect(params, { depth: 8, showHidden: true })).not.toContain(token);
    }
  });
});

describe('the middleware option', () => {
  it.each([
    [{}, /middleware must be an array/],
    [[null], /middleware\[0\] must be an object/],
    [[{}], /middleware\[0\] has none of onRequest, onResponse and onError/],
    [[{ onRequest: 'x' }], /middleware\[0\]\.onRequest must be a function/],
  ])('refuses %j', (middleware, message) => {
    const error = (() => {
      try {
        makeClient(middleware as Middleware[]);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a ConfigurationError');
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(message);
  });

  it('takes callbacks from a class, with its this', async () => {
    class Counter implements Middleware {
      requests = 0;
      onRequest() {
        this.requests++;
      }
    }
    const counter = new Counter();
    const { client } = makeClient([counter]);
    await client.GET('/profileAndServices/service');
    expect(counter.requests).toBe(1);
  });

  it('never calls a callback planted on Object.prototype', async () => {
    const planted: string[] = [];
    const proto = Object.prototype as Record<string, unknown>;
    proto['onRequest'] = () => void planted.push('onRequest');
    proto['onResponse'] = () => Response.json({ planted: true });
    try {
      const { client } = makeClient([{ onError: () => undefined }]);
      const result = await client.GET('/profileAndServices/service');
      expect(result.data).not.toEqual({ planted: true });
      expect(() => makeClient([{}])).toThrow(/has none of onRequest, onResponse and onError/);
    } finally {
      delete proto['onRequest'];
      delete proto['onResponse'];
    }
    expect(planted).toEqual([]);
  });

  it('is copied: a middleware added to the array later does not run', async () => {
    const log: string[] = [];
    const list: Middleware[] = [recorder('first', log)];
    const { client } = makeClient(list);
    list.push(recorder('late', log));
    await client.GET('/profileAndServices/service');
    expect(log.some((line) => line.startsWith('late'))).toBe(false);
  });
});
