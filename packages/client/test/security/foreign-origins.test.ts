import type { ServerResponse } from 'node:http';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import {
  ConfigurationError,
  ForeignOriginError,
  ImsError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaignClient } from '../../src/index.js';
import { collect, type LocalServer, rejection, startLocalServer, staticAuth } from '../helpers.js';

/**
 * The attack suite's origin cases: every way a `next` link, a redirect, a path or an IMS answer
 * could steer the bearer token or the client secret to another host. A second local server,
 * `stranger`, stands for that host: whatever the case, it must receive nothing.
 */

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.foreign-origin-suite-token.c2ln';
const SECRET = 'foreign-origin-suite-client-secret';

let campaign: LocalServer;
let stranger: LocalServer;
let ims: LocalServer;

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** `next` hrefs by case name; `{stranger}` and `{strangerHost}` are filled in at run time. */
const FOREIGN_NEXT: Record<string, string> = {
  absolute: '{stranger}/acme/campaign/profileAndServices/profile?_lineStart=2',
  'protocol-relative': '//{strangerHost}/acme/campaign/profileAndServices/profile',
  userinfo: 'http://{campaignHost}@{strangerHost}/acme/campaign/profileAndServices/profile',
  backslash: '/\\{strangerHost}/acme/campaign/profileAndServices/profile',
  'double backslash': '\\\\{strangerHost}/acme/campaign/profileAndServices/profile',
  'tab prefix': '\t//{strangerHost}/acme/campaign/profileAndServices/profile',
  'newline prefix': '\n//{strangerHost}/acme/campaign/profileAndServices/profile',
  'javascript:': 'javascript:fetch("{stranger}")',
  'data:': 'data:application/json,{"content":[]}',
  'other scheme': 'ftp://{strangerHost}/x',
};

beforeAll(async () => {
  stranger = await startLocalServer((_request, res) => json(res, 200, { content: [] }));
  const strangerHost = new URL(stranger.origin).host;
  campaign = await startLocalServer((request, res, origin) => {
    const url = new URL(request.url, origin);
    const fill = (text: string) =>
      text
        .replaceAll('{stranger}', stranger.origin)
        .replaceAll('{strangerHost}', strangerHost)
        .replaceAll('{campaignHost}', new URL(origin).host);
    const path = url.pathname.replace(/^\/acme\/campaign/, '');
    const redirect = /^\/redirect\/(\d{3})$/.exec(path);
    if (redirect) {
      res.writeHead(Number(redirect[1]), {
        location: `${stranger.origin}/acme/campaign/profileAndServices/profile`,
      });
      return res.end();
    }
    const form = url.searchParams.get('next');
    if (form !== null)
      return json(res, 200, { content: [{ n: 1 }], next: { href: fill(FOREIGN_NEXT[form] ?? '') } });
    return json(res, 200, { content: [] });
  });
  ims = await startLocalServer((request, res) => {
    const scenario = new URL(request.url, 'http://ims').pathname.split('/')[1];
    switch (scenario) {
      case 'r301':
      case 'r302':
      case 'r307':
      case 'r308':
        res.writeHead(Number(scenario.slice(1)), { location: `${stranger.origin}/ims/token/v3` });
        return res.end();
      case 'array':
        return json(res, 200, '[]');
      case 'string':
        return json(res, 200, '"an access token"');
      case 'null':
        return json(res, 200, 'null');
      case 'number-token':
        return json(res, 200, { access_token: 5, token_type: 'bearer', expires_in: 86399 });
      case 'proto':
        return json(
          res,
          200,
          '{"__proto__":{"access_token":"planted"},"token_type":"bearer","expires_in":86399}',
        );
      default:
        return json(res, 404, { error: 'not_found' });
    }
  });
});
afterAll(async () => {
  await Promise.all([campaign?.close(), stranger?.close(), ims?.close()]);
});

function client() {
  return createCampaignClient({
    auth: staticAuth(TOKEN),
    tenant: 'acme',
    baseUrl: campaign.origin,
    retry: false,
  });
}

describe('foreign next links are refused before anything is sent', () => {
  // A backslash after the leading slash is not a host for the client: such an href is read as a
  // path under the Campaign base (where it names nothing), never as `//host`.
  const keptUnderBase = new Set(['backslash', 'double backslash']);

  it.each(Object.keys(FOREIGN_NEXT))('%s', async (form) => {
    const before = campaign.seen.length;
    const outcome = await collect(
      client().list('/profileAndServices/profile', { query: { next: form } }),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (keptUnderBase.has(form)) {
      expect(outcome).toBeUndefined();
      for (const seen of campaign.seen.slice(before)) expect(seen.url).toMatch(/^\/acme\/campaign\//);
    } else {
      const typed = [ForeignOriginError, ConfigurationError].some((type) => outcome instanceof type);
      expect(typed, String(outcome)).toBe(true);
      expect(String(outcome)).not.toContain(TOKEN);
      expect(campaign.seen.length - before).toBe(1);
    }
    expect(stranger.seen).toEqual([]);
  });
});

describe('redirects to another host are not followed', () => {
  it.each(['301', '302', '307', '308'])('%s', async (status) => {
    const error = await rejection(
      client()
        .request('GET', `/redirect/${status}`)
        .then((r) => {
          if (r.error) throw r.error;
        }),
    );
    expect(error).toBeInstanceOf(ForeignOriginError);
    expect(stranger.seen).toEqual([]);
  });
});

describe('paths that would leave the tenant', () => {
  it.each([
    '/../other/campaign/profileAndServices/profile',
    '/profileAndServices/../../../other/campaign/x',
    '/%2e%2e/%2e%2e/other/campaign/x',
    '/profileAndServices/%2E%2E/%2E%2E/%2E%2E/x',
    `${'//'}127.0.0.1:1/acme/campaign/x`,
  ])('%s', async (path) => {
    const before = campaign.seen.length;
    const error = await rejection(client().request('GET', path));
    expect(
      [ForeignOriginError, ConfigurationError].some((type) => error instanceof type),
      String(error),
    ).toBe(true);
    expect(campaign.seen.length).toBe(before);
    expect(stranger.seen).toEqual([]);
  });
});

describe('IMS answers that would move or fake the token', () => {
  const auth = (scenario: string) =>
    createOAuthServerToServerAuth({
      clientId: 'suite-client',
      clientSecrets: [SECRET],
      orgId: 'SUITE@AdobeOrg',
      scopes: ['campaign_sdk'],
      imsUrl: `${ims.origin}/${scenario}`,
      retry: false,
    });

  it.each(['r301', 'r302', 'r307', 'r308'])(
    'a %s redirect is not followed with the secret',
    async (scenario) => {
      const error = await rejection(auth(scenario).getToken());
      expect(error).toBeInstanceOf(ImsError);
      expect(String(error)).not.toContain(SECRET);
      expect(stranger.seen).toEqual([]);
    },
  );

  it.each(['array', 'string', 'null', 'number-token', 'proto'])(
    'a %s answer is refused',
    async (scenario) => {
      const error = await rejection(auth(scenario).getToken());
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((Object.prototype as Record<string, unknown>)['access_token']).toBeUndefined();
    },
  );
});
