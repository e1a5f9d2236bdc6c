import { inspect } from 'node:util';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { type FetchLike, ImsError, isCampaignSdkError, NetworkError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProxyFetch, hasProxyEnvironment, type ProxyFetch } from '../src/index.js';
import { startBlockingProxy, startProxy } from './proxies.js';

const PROXY_USER = 'corp-user';
const PROXY_PASSWORD = 'Pr0xy-p@ss:w0rd/Secret';

let emulator: Emulator;
let open: ProxyFetch[] = [];
const stops: Array<() => Promise<void>> = [];

function proxyFetch(options: Parameters<typeof createProxyFetch>[0]): ProxyFetch {
  const created = createProxyFetch(options);
  open.push(created);
  return created;
}

function auth(fetch: FetchLike) {
  const { credentials } = emulator;
  return createOAuthServerToServerAuth({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    orgId: credentials.orgId,
    scopes: credentials.scopes,
    imsUrl: emulator.imsUrl,
    fetch,
    retry: false,
  });
}

function campaign(fetch: FetchLike, authFetch: FetchLike = fetch) {
  return createCampaignClient({
    auth: auth(authFetch),
    tenant: emulator.credentials.tenant,
    baseUrl: emulator.baseUrl,
    fetch,
    retry: false,
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Every way an error can end up printed or logged. */
function printed(error: Error): string {
  return [String(error), error.stack, JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');
}

async function started<T extends { stop(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const value = await server;
  stops.push(() => value.stop());
  return value;
}

beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await Promise.all(open.map((fetch) => fetch.close()));
  open = [];
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
afterAll(async () => {
  await emulator?.stop();
});

describe('createProxyFetch against a real proxy and the emulator', () => {
  const emulatorHost = () => new URL(emulator.url).host;

  it('sends token requests and Campaign calls through HTTP(S)_PROXY', async () => {
    const proxy = await started(startProxy());
    const fetch = proxyFetch({ env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } });
    expect(fetch.proxied).toBe(true);

    const client = campaign(fetch);
    const { data, error } = await client.GET('/profileAndServices/profile', {});
    expect(error).toBeUndefined();
    expect(data).toBeDefined();
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([emulatorHost()]));
    expect(emulator.stats.tokenRequests({ clientId: emulator.credentials.clientId })).toBeGreaterThan(0);
  });

  it('reads the lower-case variables too, and lets NO_PROXY hosts go direct', async () => {
    const proxy = await started(startProxy());
    const viaLowerCase = proxyFetch({ env: { http_proxy: proxy.url } });
    await auth(viaLowerCase).getToken();
    expect(proxy.tunnels).toEqual([emulatorHost()]);

    const bypassing = proxyFetch({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
    const { error } = await campaign(bypassing).GET('/profileAndServices/profile', {});
    expect(error).toBeUndefined();
    expect(proxy.tunnels).toEqual([emulatorHost()]);
  });

  it('authenticates to a proxy with the user and password of the proxy URL', async () => {
    const proxy = await started(startProxy({ user: PROXY_USER, password: PROXY_PASSWORD }));
    const fetch = proxyFetch({ proxyUrl: proxy.urlWith(PROXY_USER, PROXY_PASSWORD) });
    const { error } = await campaign(fetch).GET('/profileAndServices/profile', {});
    expect(error).toBeUndefined();
    expect(proxy.refused).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
  });

  it("turns the proxy's 407 into a clear error that never shows the proxy password", async () => {
    const proxy = await started(startProxy({ user: PROXY_USER, password: 'the-right-one' }));
    const wrong = proxyFetch({ proxyUrl: proxy.urlWith(PROXY_USER, PROXY_PASSWORD) });

    const tokenError = await rejection(auth(wrong).getToken());
    expect(isCampaignSdkError(tokenError, 'ERR_NETWORK')).toBe(true);
    // a wrong proxy password does not improve with retries: one attempt, not four
    expect((tokenError as NetworkError).retryable).toBe(false);
    expect(proxy.refused).toBe(1);
    expect(tokenError.message).toContain(`The proxy ${proxy.url} answered 407 Proxy Authentication Required`);
    expect((tokenError as NetworkError).hint).toMatch(/refused the user or password/);
    expect(printed(tokenError)).not.toContain(PROXY_PASSWORD);
    expect(printed(tokenError)).not.toContain(encodeURIComponent(PROXY_PASSWORD));

    const direct: FetchLike = (input, init) => globalThis.fetch(input, init);
    const callError = await rejection(campaign(wrong, direct).GET('/profileAndServices/profile', {}));
    expect(callError).toBeInstanceOf(NetworkError);
    expect(callError.message).toContain('407 Proxy Authentication Required');
    expect(printed(callError)).not.toContain(PROXY_PASSWORD);
    expect(proxy.refused).toBeGreaterThan(0);

    const anonymous = proxyFetch({ proxyUrl: proxy.url });
    const missing = await rejection(auth(anonymous).getToken());
    expect((missing as NetworkError).hint).toContain('as user:password@ before the host');
  });

  it("turns a proxy's HTML block page into a clear error from the strategy and from the client", async () => {
    const blocking = await started(startBlockingProxy());
    const fetch = proxyFetch({ proxyUrl: blocking.url });

    const tokenError = await rejection(auth(fetch).getToken());
    expect(tokenError).toBeInstanceOf(ImsError);
    expect((tokenError as ImsError).error).toBe('unexpected_response');
    expect((tokenError as ImsError).hint).toMatch(/proxy/i);

    const direct: FetchLike = (input, init) => globalThis.fetch(input, init);
    const { error } = await campaign(fetch, direct).GET('/profileAndServices/profile', {});
    expect(error?.code).toBe('ERR_UNEXPECTED_RESPONSE');
    expect(error?.message).toMatch(/HTML page \(a proxy or gateway page/);
  });

  it('says so when the proxy cannot or will not reach the host', async () => {
    const proxy = await started(startProxy());
    const closed = await startProxy();
    await closed.stop();
    const fetch = proxyFetch({ proxyUrl: proxy.url });
    const error = await rejection(fetch(`${closed.url}/ims/token/v3`, { method: 'POST' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(
      new RegExp(`^The proxy ${proxy.url} refused to connect to ${new URL(closed.url).host}: 5\\d\\d`),
    );
    expect((error as NetworkError).hint).toContain('NO_PROXY');
  });

  it('names an unreachable proxy, without its password', async () => {
    const proxy = await startProxy();
    await proxy.stop();
    const fetch = proxyFetch({ proxyUrl: proxy.urlWith(PROXY_USER, PROXY_PASSWORD) });
    const error = await rejection(auth(fetch).getToken());
    expect(error.message).toContain(`Could not reach the proxy ${proxy.url}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(printed(error)).not.toContain(PROXY_PASSWORD);
  });

  it('is plain fetch when no proxy is configured', async () => {
    const fetch = proxyFetch({ env: {} });
    expect(fetch.proxied).toBe(false);
    expect(hasProxyEnvironment({})).toBe(false);
    expect(hasProxyEnvironment({ https_proxy: 'http://proxy:3128' })).toBe(true);
    await expect(auth(fetch).getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('rejects a proxy URL it cannot use, without echoing its password', () => {
    let error: Error | undefined;
    try {
      createProxyFetch({
        env: { HTTPS_PROXY: `socks5://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@proxy:1080` },
      });
    } catch (caught) {
      error = caught as Error;
    }
    expect(isCampaignSdkError(error, 'ERR_CONFIGURATION')).toBe(true);
    expect(error?.message).toContain('HTTPS_PROXY uses socks5: only http and https proxies are supported');
    expect(printed(error as Error)).not.toContain(PROXY_PASSWORD);
  });
});
