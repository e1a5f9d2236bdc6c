import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import {
  AbortedError,
  ApiError,
  NetworkError,
  OutcomeUnknownError,
  TenantUriError,
  TimeoutError,
} from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCampaignClient } from '../src/index.js';
import { collect, emulatorAuth, rejection, staticAuth } from './helpers.js';

let emulator: Emulator;
const PROFILES = '/acme/campaign/profileAndServices/profile';

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 10_000, seed: 11 });
});
afterAll(async () => {
  await emulator?.stop();
});
afterEach(() => {
  emulator.faults.clear();
  emulator.stats.reset();
  vi.restoreAllMocks();
});

/** A client whose backoff waits are short, so retries do not slow the suite. */
function makeClient(overrides: Partial<Parameters<typeof createCampaignClient>[0]> = {}) {
  const auth = emulatorAuth(emulator);
  const client = createCampaignClient({
    auth,
    tenant: 'acme',
    baseUrl: emulator.baseUrl,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    ...overrides,
  });
  return { auth, client };
}

describe('pagination', () => {
  it('walks 10,000 profiles to the last page, following next.href page by page', async () => {
    const { client } = makeClient();
    const list = client.profiles.list({ pageSize: 500 });
    let pages = 0;
    let records = 0;
    let lastPageHadNext = true;
    const keys = new Set<string>();
    for await (const page of list.pages()) {
      pages++;
      records += page.items.length;
      for (const item of page.items) keys.add(item.PKey);
      lastPageHadNext = page.nextHref !== undefined;
    }
    expect({ pages, records, distinct: keys.size, lastPageHadNext }).toEqual({
      pages: 20,
      records: 10_000,
      distinct: 10_000,
      lastPageHadNext: false,
    });
    // 20 pages, then one count: the last page was full and had no next link, which on a big
    // table can mean records are missing, so the list checks its count before it ends
    expect(emulator.stats.apiRequests({ method: 'GET' })).toBe(21);
    await expect(list.count()).resolves.toBe(10_000);
  });

  it('iterates records across pages with the default page size and stops early without fetching more', async () => {
    const { client } = makeClient();
    let seen = 0;
    for await (const _profile of client.profiles.list()) {
      if (++seen === 60) break;
    }
    expect(seen).toBe(60);
    expect(emulator.stats.apiRequests()).toBe(3);
  });

  it('counts a filtered list', async () => {
    const { client } = makeClient();
    const [first] = (await client.profiles.list({ pageSize: 1 }).pages().next()).value!.items;
    await expect(
      client.profiles.list({ filters: { byEmail: { email: first!.email! } } }).count(),
    ).resolves.toBe(1);
  });
});

describe('re-authentication', () => {
  it('after a 401013, drops the token, gets exactly one new token and succeeds', async () => {
    const { auth, client } = makeClient();
    await client.profiles.list({ pageSize: 1 }).count();
    const tokensBefore = emulator.stats.tokenRequests();
    emulator.expireTokens();
    await expect(client.services.list().count()).resolves.toBeGreaterThan(0);
    expect(emulator.stats.tokenRequests() - tokensBefore).toBe(1);
    expect(auth.invalidated).toBe(1);
    expect(emulator.stats.apiRequests({ status: 401 })).toBe(1);
  });

  it('works the same with the OAuth Server-to-Server strategy: one new token after expiry', async () => {
    const { credentials } = emulator;
    const auth = createOAuthServerToServerAuth({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      orgId: credentials.orgId,
      scopes: credentials.scopes,
      imsUrl: emulator.imsUrl,
    });
    const client = createCampaignClient({ auth, tenant: 'acme', baseUrl: emulator.baseUrl });
    await client.services.list().count();
    const before = emulator.stats.tokenRequests();
    emulator.expireTokens();
    await expect(client.services.list().count()).resolves.toBeGreaterThan(0);
    expect(emulator.stats.tokenRequests() - before).toBe(1);
  });

  it('retries only once: a token refused twice surfaces as ApiError 401013, POST included', async () => {
    const auth = staticAuth('not-a-valid-ims-token', emulator.credentials.clientId);
    const client = createCampaignClient({ auth, tenant: 'acme', baseUrl: emulator.baseUrl });
    const error = await rejection(client.profiles.create({ email: 'x@example.com' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, errorCode: '401013' });
    expect(auth.invalidated).toBe(1);
    expect(emulator.stats.apiRequests({ status: 401 })).toBe(2);
  });
});

describe('retries', () => {
  it('retries 503 and 504 for idempotent methods, then succeeds', async () => {
    const { client } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1, pathPrefix: PROFILES });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 504, times: 1, pathPrefix: PROFILES });
    const result = await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 1 } } });
    expect(result.error).toBeUndefined();
    expect(emulator.stats.apiRequests()).toBe(3);
  });

  it('honours Retry-After on a 429', async () => {
    const { client } = makeClient();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    emulator.faults.inject({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
    const result = await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 1 } } });
    expect(result.error).toBeUndefined();
    expect(timers.mock.calls.some(([, ms]) => ms === 1000)).toBe(true);
    expect(emulator.stats.apiRequests({ status: 429 })).toBe(1);
  });

  it('gives up after maxRetries and returns the last answer as an ApiError with its retry hint', async () => {
    const { client } = makeClient({ retry: { maxRetries: 2, initialDelayMs: 1, maxRetryAfterMs: 5 } });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 7 });
    const result = await client.GET('/profileAndServices/service');
    expect(result.error).toBeInstanceOf(ApiError);
    expect(result.error).toMatchObject({ status: 429, errorCode: '429050', retryAfterMs: 7000 });
    expect(emulator.stats.apiRequests()).toBe(3);
  });

  it('retries a connection reset for GET', async () => {
    const { client } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'reset', times: 1 });
    await expect(client.services.list().count()).resolves.toBeGreaterThan(0);
  });

  it('does not resend a POST after a 503: OutcomeUnknownError, exactly one POST seen', async () => {
    const { client } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 3, pathPrefix: PROFILES });
    const error = await rejection(client.profiles.create({ email: 'once@example.com' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toMatchObject({ status: 503 });
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(1);
  });

  it('does not resend a POST after a connection reset', async () => {
    const { client } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'reset', times: 1, pathPrefix: PROFILES });
    const error = await rejection(client.profiles.create({ email: 'reset@example.com' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(NetworkError);
    const found = await collect(
      client.profiles.list({ filters: { byEmail: { email: 'reset@example.com' } } }),
    );
    expect(found.length).toBeLessThanOrEqual(1);
  });

  it('does not resend a throttled POST either (429 is returned, not retried)', async () => {
    const { client } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
    const result = await client.POST('/profileAndServices/profile', {
      body: { email: 'throttled@example.com' },
    });
    expect(result.error).toMatchObject({ status: 429 });
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(1);
  });

  it('resends a POST when the caller opts in, per call or in the options', async () => {
    const { client } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1, pathPrefix: PROFILES });
    await client.profiles.create({ email: 'optin@example.com' }, { retryNonIdempotent: true });
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(2);

    const { client: optedIn } = makeClient({ retry: { initialDelayMs: 1, retryNonIdempotent: true } });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1, pathPrefix: PROFILES });
    await optedIn.profiles.create({ email: 'optin2@example.com' });
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(4);
  });

  it('never retries when retry is false', async () => {
    const { client } = makeClient({ retry: false });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    const result = await client.GET('/profileAndServices/service');
    expect(result.error).toMatchObject({ status: 503 });
    expect(emulator.stats.apiRequests()).toBe(1);
  });
});

describe('timeouts and aborts', () => {
  it('throws TimeoutError when an answer takes longer than the timeout', async () => {
    const { client } = makeClient({ timeout: 100, retry: false });
    emulator.faults.inject({ target: 'api', kind: 'latency', latencyMs: 1000, times: 1 });
    const error = await rejection(client.services.get('@whatever'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
  });

  it('a POST that times out is an OutcomeUnknownError caused by the timeout', async () => {
    const { client } = makeClient({ timeout: 100 });
    emulator.faults.inject({ target: 'api', kind: 'latency', latencyMs: 1000, times: 1 });
    const error = await rejection(client.profiles.create({ email: 'slow@example.com' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(TimeoutError);
  });

  it('stops on the caller’s AbortSignal, during a request and during a retry wait', async () => {
    const { client } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'latency', latencyMs: 5000, times: 1 });
    const during = new AbortController();
    const pending = client.services.list({ signal: during.signal }).count();
    setTimeout(() => during.abort(), 50);
    // aborted while waiting for its token or its answer: either way the call stops
    expect(await rejection(pending)).toBeInstanceOf(AbortedError);
    emulator.faults.clear();

    const { client: patient } = makeClient({ retry: { initialDelayMs: 10_000, maxDelayMs: 10_000 } });
    const refusedBefore = emulator.stats.apiRequests({ status: 503 });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, retryAfterSeconds: 30, times: 1 });
    const waiting = new AbortController();
    const retried = patient.GET('/profileAndServices/service', { signal: waiting.signal });
    retried.catch(() => undefined);
    // aborts once the 503 has been answered, so the call is in its 30 s retry wait, however slow the machine
    while (emulator.stats.apiRequests({ status: 503 }) === refusedBefore)
      await new Promise((resolve) => setTimeout(resolve, 5));
    waiting.abort();
    expect(await rejection(retried)).toBeInstanceOf(AbortedError);
    expect(emulator.stats.apiRequests({ status: 503 }) - refusedBefore).toBe(1);
  });
});

describe('hooks', () => {
  it('runs the caller’s ky hooks after the client’s own, on every attempt', async () => {
    const seen: Array<{ retry: number; authorized: boolean }> = [];
    const statuses: number[] = [];
    const { client } = makeClient({
      hooks: {
        beforeRequest: [
          (request, _options, { retryCount }) => {
            seen.push({
              retry: retryCount,
              authorized: request.headers.get('authorization')?.startsWith('Bearer ') ?? false,
            });
          },
        ],
        afterResponse: [
          (_request, _options, response) => {
            statuses.push(response.status);
          },
        ],
      },
    });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    await client.GET('/profileAndServices/service');
    expect(seen).toEqual([
      { retry: 0, authorized: true },
      { retry: 1, authorized: true },
    ]);
    expect(statuses).toEqual([200]);
  });
});

describe('instances', () => {
  it('talks to the stage instance on <tenant>-mkt-stage, with data separate from production', async () => {
    const { client: production } = makeClient();
    const { client: stage } = makeClient({ environment: 'stage' });
    expect(stage.instance.baseUrl).toBe(`${emulator.baseUrl}/acme-mkt-stage/campaign`);
    expect(production.instance.baseUrl).toBe(`${emulator.baseUrl}/acme/campaign`);
    const created = await stage.profiles.create({ email: 'stage-only@example.com' });
    await expect(stage.profiles.get(created.PKey)).resolves.toMatchObject({
      email: 'stage-only@example.com',
    });
    const inProduction = await collect(
      production.profiles.list({ filters: { byEmail: { email: 'stage-only@example.com' } } }),
    );
    expect(inProduction).toEqual([]);
    expect(emulator.stats.apiRequests({ tenant: 'acme-mkt-stage' })).toBeGreaterThan(0);
  });

  it('maps the gateway 502 "Oops ... Check your URI" to TenantUriError with a hint', async () => {
    const { client } = makeClient({ tenant: 'nosuchtenant' });
    const error = await rejection(client.profiles.get('@x'));
    expect(error).toBeInstanceOf(TenantUriError);
    expect(error).toMatchObject({ status: 502, tenant: 'nosuchtenant' });
    expect((error as TenantUriError).hint).toContain('CNAME');

    const { client: known } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'cname', times: 1 });
    const post = await rejection(known.profiles.create({ email: 'cname@example.com' }));
    expect(post).toBeInstanceOf(TenantUriError);
  });

  it('recognises the same "Oops" body with status 500, with a hint about the URL', async () => {
    const { client } = makeClient();
    emulator.faults.inject({ target: 'api', kind: 'cname', status: 500, times: 1 });
    const error = await rejection(client.profiles.get('@x'));
    expect(error).toBeInstanceOf(TenantUriError);
    expect(error).toMatchObject({ code: 'ERR_TENANT_URI', status: 500 });
    expect((error as TenantUriError).hint).toContain('could not route the URL');
  });
});

describe('count()', () => {
  it('is one request to the list’s /_count, filters kept', async () => {
    const { client } = makeClient();
    const page = (await client.profiles.list({ pageSize: 3 }).pages().next()).value!;
    const byLink = await client.request<{ count: number }>('GET', page.countHref!);
    const before = emulator.stats.apiRequests();
    await expect(client.profiles.list({ pageSize: 3, order: { field: 'email' } }).count()).resolves.toBe(
      byLink.data!.count,
    );
    expect(emulator.stats.apiRequests() - before).toBe(1);
    const [first] = (await client.profiles.list({ pageSize: 1 }).pages().next()).value!.items;
    const filtered = emulator.stats.apiRequests();
    await expect(
      client.profiles.list({ filters: { byEmail: { email: first!.email! } } }).count(),
    ).resolves.toBe(1);
    expect(emulator.stats.apiRequests() - filtered).toBe(1);
  });
});
