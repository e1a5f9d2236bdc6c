import type { ServerResponse } from 'node:http';
import * as oauth from '@campaign-standard/auth-oauth';
import {
  ConfigurationError,
  ForeignOriginError,
  ImsError,
  NetworkError,
  OutcomeUnknownError,
  PaginationError,
  TimeoutError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignClient, createCampaignClient } from '../../src/index.js';
import { type LocalServer, startLocalServer, staticAuth } from '../helpers.js';

/**
 * The bad input matrix of the client: wrong arguments and hostile or broken server answers
 * (broken configuration, which the strategies' loaders refuse, is in auth-oauth's and auth-jwt's
 * test/bad-input.test.ts). Each case must fail with its typed error and a message that says what
 * is wrong; nothing may hang past the client's timeout, reject unhandled, or send a token to
 * `elsewhere`.
 */

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.bad-input-matrix-token-7f3a.c2ln';
const TIMEOUT_MS = 400;
const SMALL_LIMIT = 64 * 1024;
type ErrorClass = abstract new (...args: never[]) => Error;
interface Case {
  name: string;
  run: () => unknown;
  error: ErrorClass;
  message: RegExp;
}

let campaign: LocalServer;
let elsewhere: LocalServer;
let silentIms: LocalServer;
let client: CampaignClient;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** Sends headers and a first byte, then one byte every 50 ms, never finishing. */
function trickle(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{');
  const timer = setInterval(() => res.write(' '), 50);
  res.on('close', () => clearInterval(timer));
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  elsewhere = await startLocalServer((_req, res) => json(res, 200, { content: [{ PKey: '@stolen' }] }));
  silentIms = await startLocalServer((req, res) => {
    if (req.url.includes('html')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Proxy login</body></html>');
    } else if (req.url.includes('notoken')) json(res, 200, { token_type: 'bearer', expires_in: 86399 });
    else if (req.url.includes('redirect')) {
      res.writeHead(307, { location: `${elsewhere.origin}/ims/token/v3` });
      res.end();
    }
    // otherwise: never answers
  });
  campaign = await startLocalServer((req, res, origin) => {
    const path = (req.url.split('?')[0] ?? '').replace(/^\/acme\/campaign/, '');
    switch (path) {
      case '/html502':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>nginx</body></html>');
      case '/html200':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<html><head><title>Sign in</title></head><body>Corporate proxy</body></html>');
      case '/truncated':
        return json(res, 200, '{"content":[{"PKey":"@1","email":"a@exa');
      case '/text200':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('OK');
      case '/json-as-html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('{"content":[]}');
      case '/xml':
        res.writeHead(200, { 'content-type': 'application/xml' });
        return res.end('<?xml version="1.0"?><content/>');
      case '/binary':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]));
      case '/huge-declared': {
        const body = JSON.stringify({ content: [{ pad: 'x'.repeat(SMALL_LIMIT * 2) }] });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
        return res.end(body);
      }
      case '/huge-chunked': {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 40; i++) res.write(`{"pad":"${'y'.repeat(4096)}"}`);
        return res.end();
      }
      case '/big-but-allowed':
        return json(res, 200, {
          content: Array.from({ length: 2000 }, (_, i) => ({ PKey: `@${i}`, pad: 'z'.repeat(2000) })),
        });
      case '/profileAndServices/profile':
        return json(res, 200, {
          content: [{ PKey: '@1' }],
          next: { href: `${elsewhere.origin}/acme/campaign/p2` },
        });
      case '/profileAndServices/service':
        return json(res, 200, {
          content: [{ PKey: '@s' }],
          next: { href: `//${new URL(elsewhere.origin).host}/x` },
        });
      case '/profileAndServicesExt/orgUnitBase':
        return json(res, 200, {
          content: [{ PKey: '@o' }],
          next: { href: `${origin}/acme/campaign/profileAndServicesExt/orgUnitBase` },
        });
      case '/customResources/noEnvelope':
        return json(res, 200, { items: [] });
      case '/customResources/badCount':
        return json(res, 200, { content: [] });
      case '/customResources/badCount/_count':
        return json(res, 200, { count: 'many' });
      case '/redirect-foreign':
        res.writeHead(302, { location: `${elsewhere.origin}/steal` });
        return res.end();
      case '/redirect-loop':
        res.writeHead(307, { location: '/acme/campaign/redirect-loop' });
        return res.end();
      case '/slow-body':
        return trickle(res);
      case '/no-headers':
        return undefined;
      case '/cut':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"content":[');
        setTimeout(() => res.socket?.destroy(), 10);
        return undefined;
      default:
        return json(res, 200, { content: [{ PKey: '@1' }], path: req.url });
    }
  });
  client = createCampaignClient({
    auth: staticAuth(TOKEN),
    tenant: 'acme',
    baseUrl: campaign.origin,
    retry: false,
    timeout: TIMEOUT_MS,
    maxResponseBytes: SMALL_LIMIT,
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await Promise.all([campaign?.close(), elsewhere?.close(), silentIms?.close()]);
});

/** Resolves a raw call's result to its data, or throws its error. */
async function data(promise: Promise<{ data?: unknown; error?: Error | undefined }>): Promise<unknown> {
  const result = await promise;
  if (result.error) throw result.error;
  return result.data;
}

async function firstPage(list: { pages(): AsyncIterableIterator<unknown> }): Promise<unknown> {
  return (await list.pages().next()).value;
}

async function allPages(list: { pages(): AsyncIterableIterator<unknown> }): Promise<number> {
  let n = 0;
  for await (const _page of list.pages()) n++;
  return n;
}

const ORG = '0E1D2C3B4A5F60718293A4B5@AdobeOrg';
const SECRET = 'p8e-BadInputMatrixSecret0123456789';
const tenantClient = (overrides: Record<string, unknown>) => () =>
  createCampaignClient({ auth: staticAuth(TOKEN), tenant: 'acme', ...overrides } as never);

const argumentsCases: Case[] = [
  {
    name: 'tenant: empty',
    run: tenantClient({ tenant: '' }),
    error: ConfigurationError,
    message: /tenant is missing/,
  },
  {
    name: 'tenant: with a path',
    run: tenantClient({ tenant: 'acme/../evil' }),
    error: ConfigurationError,
    message: /characters that would change the URL/,
  },
  {
    name: 'tenant: with a space',
    run: tenantClient({ tenant: 'acme corp' }),
    error: ConfigurationError,
    message: /characters that would change the URL/,
  },
  {
    name: 'tenant: with a userinfo @',
    run: tenantClient({ tenant: 'evil.example@acme' }),
    error: ConfigurationError,
    message: /characters that would change the URL/,
  },
  {
    name: 'tenant: stage name as production',
    run: tenantClient({ tenant: 'acme-mkt-stage', environment: 'production' }),
    error: ConfigurationError,
    message: /names the stage instance/,
  },
  {
    name: 'environment: unknown',
    run: tenantClient({ environment: 'prod' }),
    error: ConfigurationError,
    message: /"prod" is not one of/,
  },
  {
    name: 'baseUrl: plain http to a remote host',
    run: tenantClient({ baseUrl: 'http://mc.adobe.io' }),
    error: ConfigurationError,
    message: /must use https/,
  },
  {
    name: 'baseUrl: with a query',
    run: tenantClient({ baseUrl: 'https://mc.adobe.io/?x=1' }),
    error: ConfigurationError,
    message: /must not carry credentials, a query or a fragment/,
  },
  {
    name: 'timeout: negative',
    run: tenantClient({ timeout: -1 }),
    error: ConfigurationError,
    message: /timeout must be a positive number/,
  },
  {
    name: 'maxResponseBytes: zero',
    run: tenantClient({ maxResponseBytes: 0 }),
    error: ConfigurationError,
    message: /maxResponseBytes must be a positive number/,
  },
  {
    name: 'PKey: empty',
    run: () => client.profiles.get(''),
    error: ConfigurationError,
    message: /PKey is empty/,
  },
  {
    name: 'path: dot segments leaving the tenant',
    run: () =>
      data(client.request('GET', '/profileAndServices/../../other/campaign/profileAndServices/profile')),
    error: ConfigurationError,
    message: /leaves \/acme\/campaign/,
  },
  {
    name: 'path: encoded dot segments leaving the tenant',
    run: () => data(client.request('GET', '%2e%2e/%2e%2e/other/campaign/x')),
    error: ConfigurationError,
    message: /leaves \/acme\/campaign/,
  },
  {
    name: 'path: absolute URL to another origin',
    run: () => data(client.request('GET', `${elsewhere.origin}/acme/campaign/profileAndServices/profile`)),
    error: ForeignOriginError,
    message: /Refused to send credentials to http:\/\/127\.0\.0\.1/,
  },
  {
    name: 'path: protocol-relative URL to another host',
    run: () => data(client.request('GET', `//${new URL(elsewhere.origin).host}/x`)),
    error: ForeignOriginError,
    message: /Refused to send credentials/,
  },
  {
    name: 'filters: a filter without a name',
    run: () => client.profiles.list({ filters: { '': {} } as never }),
    error: ConfigurationError,
    message: /filter without a name/,
  },
  {
    name: 'pageSize: 0',
    run: () => client.profiles.list({ pageSize: 0 }),
    error: ConfigurationError,
    message: /pageSize must be a whole number of records, 1 or more \(got 0\)/,
  },
  {
    name: 'pageSize: negative',
    run: () => client.services.list({ pageSize: -25 }),
    error: ConfigurationError,
    message: /pageSize .*\(got -25\)/,
  },
  {
    name: 'pageSize: fractional',
    run: () => client.profiles.list({ pageSize: 2.5 }),
    error: ConfigurationError,
    message: /pageSize .*\(got 2\.5\)/,
  },
  {
    name: 'pageSize: NaN',
    run: () => client.profiles.list({ pageSize: Number.NaN }),
    error: ConfigurationError,
    message: /pageSize .*\(got NaN\)/,
  },
  {
    name: 'pageSize: a string',
    run: () => client.profiles.list({ pageSize: '50' as never }),
    error: ConfigurationError,
    message: /pageSize .*\(got 50\)/,
  },
];

const imsClient = (path: string) =>
  createCampaignClient({
    auth: oauth.createOAuthServerToServerAuth({
      clientId: 'bad-input-client',
      clientSecrets: [SECRET],
      orgId: ORG,
      scopes: ['campaign_sdk'],
      imsUrl: `${silentIms.origin}/${path}`.replace(/\/$/, ''),
      retry: false,
    }),
    tenant: 'acme',
    baseUrl: campaign.origin,
    retry: false,
    timeout: TIMEOUT_MS,
  });

const responses: Case[] = [
  {
    name: 'HTML error page from a proxy',
    run: () => data(client.request('GET', '/html502')),
    error: UnexpectedResponseError,
    message: /answered 502 with an HTML page/,
  },
  {
    name: 'HTML page with status 200',
    run: () => data(client.request('GET', '/html200')),
    error: UnexpectedResponseError,
    message: /answered 200 with an HTML page/,
  },
  {
    name: 'truncated JSON',
    run: () => data(client.request('GET', '/truncated')),
    error: UnexpectedResponseError,
    message: /truncated or invalid JSON/,
  },
  {
    name: '200 with a plain-text body',
    run: () => data(client.request('GET', '/text200')),
    error: UnexpectedResponseError,
    message: /text where JSON was expected/,
  },
  {
    name: 'JSON labelled text/html',
    run: () => data(client.request('GET', '/json-as-html')),
    error: UnexpectedResponseError,
    message: /HTML page/,
  },
  {
    name: 'XML body',
    run: () => data(client.request('GET', '/xml')),
    error: UnexpectedResponseError,
    message: /text where JSON was expected/,
  },
  {
    name: 'binary body',
    run: () => data(client.request('GET', '/binary')),
    error: UnexpectedResponseError,
    message: /text where JSON was expected/,
  },
  {
    name: 'huge body with a Content-Length',
    run: () => data(client.request('GET', '/huge-declared')),
    error: UnexpectedResponseError,
    message: /larger than 65536 bytes/,
  },
  {
    name: 'huge chunked body',
    run: () => data(client.request('GET', '/huge-chunked')),
    error: UnexpectedResponseError,
    message: /larger than 65536 bytes/,
  },
  {
    name: 'list envelope without content',
    run: () => firstPage(client.customResources('noEnvelope').list()),
    error: UnexpectedResponseError,
    message: /Expected a list envelope/,
  },
  {
    name: 'count that is not a number',
    run: () => client.customResources('badCount').list().count(),
    error: UnexpectedResponseError,
    message: /Expected \{"count": n\}/,
  },
  {
    name: 'next.href to another origin',
    run: () => allPages(client.profiles.list()),
    error: ForeignOriginError,
    message: /Refused to send credentials to http:\/\/127\.0\.0\.1/,
  },
  {
    name: 'protocol-relative next.href',
    run: () => allPages(client.services.list()),
    error: ForeignOriginError,
    message: /Refused to send credentials/,
  },
  {
    name: 'next.href to the same page',
    run: () => allPages(client.orgUnits.list()),
    error: PaginationError,
    message: /leads back to a page already read/,
  },
  {
    name: 'redirect to another origin',
    run: () => data(client.request('GET', '/redirect-foreign')),
    error: ForeignOriginError,
    message: /Refused to send credentials/,
  },
  {
    name: 'redirect loop',
    run: () => data(client.request('GET', '/redirect-loop')),
    error: UnexpectedResponseError,
    message: /More than 5 redirects/,
  },
  {
    name: 'slow-loris body (GET)',
    run: () => data(client.request('GET', '/slow-body')),
    error: TimeoutError,
    message: /within 400 ms/,
  },
  {
    name: 'slow-loris body (POST)',
    run: () => data(client.request('POST', '/slow-body', { body: {} })),
    error: OutcomeUnknownError,
    message: /may or may not have taken effect/,
  },
  {
    name: 'no answer at all',
    run: () => data(client.request('GET', '/no-headers')),
    error: TimeoutError,
    message: /No answer to GET .* within 400 ms/,
  },
  {
    name: 'connection cut mid-body',
    run: () => data(client.request('GET', '/cut')),
    error: NetworkError,
    message: /GET http:\/\/127\.0\.0\.1:\d+\/acme\/campaign\/cut failed/,
  },
  {
    name: 'IMS that never answers',
    run: () => imsClient('').profiles.get('@1'),
    error: TimeoutError,
    message: /No access token from oauth-server-to-server within 400 ms/,
  },
  {
    name: 'IMS answering an HTML page with 200',
    run: () => imsClient('html').profiles.get('@1'),
    error: UnexpectedResponseError,
    message: /IMS answered 200 .* not a JSON object/,
  },
  {
    name: 'IMS redirecting the secret to another origin',
    run: () => imsClient('redirect').profiles.get('@1'),
    error: ImsError,
    message: /IMS answered 307/,
  },
  {
    name: 'IMS answering 200 without access_token',
    run: () => imsClient('notoken').profiles.get('@1'),
    error: UnexpectedResponseError,
    message: /without an access_token/,
  },
];

describe('bad input matrix', () => {
  const all = [
    ...argumentsCases.map((c) => ({ ...c, name: `arguments / ${c.name}` })),
    ...responses.map((c) => ({ ...c, name: `server / ${c.name}` })),
  ];

  it('has at least 45 cases', () => {
    expect(all.length).toBeGreaterThanOrEqual(45);
  });

  it.each(all)('$name', async ({ run, error, message }) => {
    let caught: unknown;
    try {
      await run();
    } catch (thrown) {
      caught = thrown;
    }
    expect(caught).toBeInstanceOf(error);
    expect((caught as Error).message).toMatch(message);
    expect(String((caught as Error).message)).not.toContain(SECRET);
    expect(String((caught as Error).message)).not.toContain(TOKEN);
  });

  it('reads a big answer under the limit', async () => {
    const big = createCampaignClient({ auth: staticAuth(TOKEN), tenant: 'acme', baseUrl: campaign.origin });
    const result = await big.request<{ content: unknown[] }>('GET', '/big-but-allowed');
    expect(result.data?.content).toHaveLength(2000);
  });

  it('never sent anything to the other origin, and nothing rejected unhandled', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(elsewhere.seen.filter((seen) => seen.headers.authorization !== undefined)).toEqual([]);
    expect(elsewhere.seen).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});
