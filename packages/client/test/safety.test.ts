import type { ServerResponse } from 'node:http';
import {
  ApiError,
  ForeignOriginError,
  TenantUriError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignClient, createCampaignClient } from '../src/index.js';
import {
  collect,
  emulatorAuth,
  type LocalServer,
  rejection,
  startLocalServer,
  staticAuth,
} from './helpers.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-token-payload-123456.signature';
let campaign: LocalServer;
let elsewhere: LocalServer;
let client: CampaignClient;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

beforeAll(async () => {
  elsewhere = await startLocalServer((_req, res) => json(res, 200, { content: [{ PKey: '@stolen' }] }));
  campaign = await startLocalServer((req, res, origin) => {
    const path = req.url.replace(/^\/acme\/campaign/, '').split('?')[0];
    switch (path) {
      case '/profileAndServices/profile':
        return json(res, 200, {
          content: [{ PKey: '@1' }],
          next: { href: `${elsewhere.origin}/acme/campaign/p2` },
        });
      case '/profileAndServices/service':
        return json(res, 200, {
          content: [{ PKey: '@s1' }],
          next: { href: '/profileAndServices/service/page2?_lineStart=@c' },
        });
      case '/profileAndServices/service/page2':
        return json(res, 200, {
          content: [{ PKey: '@s2' }],
          next: { href: `${origin}/acme/campaign/profileAndServices/service/page3` },
        });
      case '/profileAndServices/service/page3':
        return json(res, 200, { content: [{ PKey: '@s3' }] });
      case '/redirect/foreign':
        res.writeHead(302, { location: `${elsewhere.origin}/steal` });
        return res.end();
      case '/redirect/same':
        res.writeHead(307, { location: '/acme/campaign/ok' });
        return res.end();
      case '/ok':
        return json(res, 200, { ok: true, method: req.method, body: req.body });
      case '/html':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>');
      case '/html200':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>Maintenance</body></html>');
      case '/truncated':
        return json(res, 200, '{"content":[{"PKey":"@1","email":"a@');
      case '/rst-text':
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end(
          "RST-360011 An error has occurred - please contact your administrator. Unable to find document with path 'Service'",
        );
      case '/rst-json-string':
        return json(
          res,
          500,
          JSON.stringify('PGS-220000 PostgreSQL error: duplicate key value violates unique constraint'),
        );
      case '/oops':
        return json(res, 502, {
          code: 502,
          message: 'Oops. Something went wrong. Check your URI and try again.',
        });
      case '/echo-token':
        return json(res, 500, JSON.stringify(`Invalid token ${String(req.headers.authorization)}`));
      default:
        return json(res, 404, 'RST-360011 unknown');
    }
  });
  client = createCampaignClient({
    auth: staticAuth(TOKEN),
    tenant: 'acme',
    baseUrl: campaign.origin,
    retry: false,
  });
});
afterAll(async () => {
  await campaign?.close();
  await elsewhere?.close();
});

describe('the token only goes to the Campaign origin', () => {
  it('refuses a next.href to another origin before requesting it', async () => {
    const list = client.profiles.list();
    const error = await rejection(collect(list));
    expect(error).toBeInstanceOf(ForeignOriginError);
    expect(error).toMatchObject({ expectedOrigin: campaign.origin, actualOrigin: elsewhere.origin });
    expect(elsewhere.seen).toEqual([]);
  });

  it('follows relative and absolute same-origin next hrefs', async () => {
    const services = await collect(client.services.list());
    expect(services.map((s) => s.PKey)).toEqual(['@s1', '@s2', '@s3']);
  });

  it('refuses a redirect to another origin without sending the token there', async () => {
    const error = await rejection(client.request('GET', '/redirect/foreign'));
    expect(error).toBeInstanceOf(ForeignOriginError);
    expect(elsewhere.seen).toEqual([]);
  });

  it('follows a same-origin redirect, keeping method and body on 307', async () => {
    const result = await client.request<{ ok: boolean; method: string; body: string }>(
      'POST',
      '/redirect/same',
      {
        body: { a: 1 },
      },
    );
    expect(result.data).toEqual({ ok: true, method: 'POST', body: '{"a":1}' });
    const last = campaign.seen.at(-1);
    expect(last?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses signal trigger and privacy hrefs to another origin', async () => {
    const signal = await rejection(
      client.workflows.signal('WKF1', `${elsewhere.origin}/trigger`, { source: 'API' }),
    );
    expect(signal).toBeInstanceOf(ForeignOriginError);
    const file = await rejection(client.privacy.dataFile(`${elsewhere.origin}/privacyRequestData/`, 'PT1'));
    expect(file).toBeInstanceOf(ForeignOriginError);
    const unsubscribe = await rejection(client.subscriptions.unsubscribe(`${elsewhere.origin}/sub`));
    expect(unsubscribe).toBeInstanceOf(ForeignOriginError);
    expect(elsewhere.seen).toEqual([]);
  });
});

describe('answers that are not the expected JSON become typed errors', () => {
  it('an HTML error page from a proxy', async () => {
    const result = await client.request('GET', '/html');
    expect(result.error).toBeInstanceOf(UnexpectedResponseError);
    expect(result.error).toMatchObject({ status: 502 });
    expect((result.error as UnexpectedResponseError).bodyExcerpt).toContain('502 Bad Gateway');
  });

  it('an HTML page with a 200 status', async () => {
    const result = await client.request('GET', '/html200');
    expect(result.error).toBeInstanceOf(UnexpectedResponseError);
  });

  it('truncated JSON', async () => {
    const result = await client.request('GET', '/truncated');
    expect(result.error).toBeInstanceOf(UnexpectedResponseError);
    expect(result.error?.message).toContain('truncated or invalid JSON');
  });

  it('Campaign RST text, plain or as a JSON string, with its code', async () => {
    const text = await client.request('GET', '/rst-text');
    expect(text.error).toBeInstanceOf(ApiError);
    expect(text.error).toMatchObject({ status: 404, errorCode: 'RST-360011' });
    expect((text.error as ApiError).body).toContain("Unable to find document with path 'Service'");
    const string = await client.request('GET', '/rst-json-string');
    expect(string.error).toMatchObject({ status: 500, errorCode: 'PGS-220000' });
  });

  it('the gateway "Oops" body', async () => {
    const result = await client.request('GET', '/oops');
    expect(result.error).toBeInstanceOf(TenantUriError);
    expect((result.error as TenantUriError).tenant).toBe('acme');
  });

  it('never puts the token in a message or a serialized error', async () => {
    const result = await client.request('GET', '/echo-token');
    expect(result.error).toBeInstanceOf(ApiError);
    const printed = `${result.error?.message} ${JSON.stringify(result.error)} ${String(result.error?.stack)}`;
    expect(printed).not.toContain('secret-token-payload');
    expect(printed).toContain('Bearer [REDACTED]');
  });
});

describe('gateway error bodies from the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ profiles: 5, seed: 3 });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('403003 when the API key does not match the token’s client', async () => {
    const wrongKey = createCampaignClient({
      auth: emulatorAuth(emulator, { clientId: 'someone-else' }),
      tenant: 'acme',
      baseUrl: emulator.baseUrl,
    });
    const error = await rejection(wrongKey.profiles.list().count());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, errorCode: '403003' });
  });

  it('401013 for a token Campaign does not accept, without the token in the error', async () => {
    const bad = createCampaignClient({
      auth: staticAuth(TOKEN, emulator.credentials.clientId),
      tenant: 'acme',
      baseUrl: emulator.baseUrl,
    });
    const error = await rejection(bad.services.get('@x'));
    expect(error).toMatchObject({
      status: 401,
      errorCode: '401013',
      message: expect.stringContaining('Oauth token is not valid'),
    });
    expect(JSON.stringify(error)).not.toContain('secret-token-payload');
  });

  it('500 RST text for an undecodable key', async () => {
    const good = createCampaignClient({
      auth: emulatorAuth(emulator),
      tenant: 'acme',
      baseUrl: emulator.baseUrl,
    });
    const error = await rejection(good.profiles.get('@not-a-real-key'));
    expect(error).toMatchObject({ status: 500, errorCode: 'RST-360011' });
    expect(error.message).toContain('XTK-170036');
  });
});

describe('configuration', () => {
  it('rejects a missing strategy, a bad timeout and a tenant that would change the URL, all at once', () => {
    expect(() => createCampaignClient({ auth: {} as never, tenant: 'acme', timeout: -1 })).toThrowError(
      /auth .*timeout/,
    );
    expect(() => createCampaignClient({ auth: staticAuth('t0ken-value'), tenant: 'acme/../x' })).toThrowError(
      /tenant/,
    );
  });

  it('builds production and stage base URLs on mc.adobe.io by default', () => {
    const production = createCampaignClient({ auth: staticAuth('t0ken-value'), tenant: 'acme' });
    const stage = createCampaignClient({
      auth: staticAuth('t0ken-value'),
      tenant: 'acme',
      environment: 'stage',
    });
    expect(production.instance.baseUrl).toBe('https://mc.adobe.io/acme/campaign');
    expect(stage.instance.baseUrl).toBe('https://mc.adobe.io/acme-mkt-stage/campaign');
  });

  it('rejects a missing path parameter before sending anything', async () => {
    const before = campaign.seen.length;
    const error = await rejection(client.profiles.get(''));
    expect(error.name).toBe('ConfigurationError');
    expect(campaign.seen.length).toBe(before);
  });
});
