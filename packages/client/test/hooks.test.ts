import { ApiError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import ky, { type BeforeRetryState, isForceRetryError } from 'ky';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCampaignClient } from '../src/index.js';
import { emulatorAuth } from './helpers.js';

// The transport drives its own attempts (one ky call each); these are the ky 1.x hook semantics
// the client promises on top of that.

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 20, seed: 5 });
});
afterAll(async () => {
  await emulator?.stop();
});
afterEach(() => {
  emulator.faults.clear();
  emulator.stats.reset();
});

function makeClient(hooks: Parameters<typeof createCampaignClient>[0]['hooks']) {
  return createCampaignClient({
    auth: emulatorAuth(emulator),
    tenant: 'acme',
    baseUrl: emulator.baseUrl,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    hooks,
  });
}

type Seen = Pick<BeforeRetryState, 'retryCount'> & { code: unknown; authorization: string | null };

describe('beforeRetry hooks', () => {
  it('run before each retry with the retry count and ky’s ForceRetryError, re-authentication included', async () => {
    const seen: Seen[] = [];
    const client = makeClient({
      beforeRetry: [
        ({ error, retryCount, request }) => {
          seen.push({
            retryCount,
            code: isForceRetryError(error) ? error.code : error.name,
            authorization: request.headers.get('authorization'),
          });
        },
      ],
    });
    await client.services.list().count();
    emulator.expireTokens();
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    await expect(client.services.list().count()).resolves.toBeGreaterThan(0);
    // The emulator's fault answers before the token is checked: first the 503, then the 401.
    expect(seen.map(({ retryCount, code }) => ({ retryCount, code }))).toEqual([
      { retryCount: 1, code: 'STATUS_503' },
      { retryCount: 2, code: 'TOKEN_REFRESHED' },
    ]);
    // The request a hook sees is the next attempt's, before the client sets its credentials.
    expect(seen.every((s) => s.authorization === null)).toBe(true);
  });

  it('ky.stop ends the retries: the 503 is the answer, sent once', async () => {
    const client = makeClient({ beforeRetry: [() => ky.stop] });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    const result = await client.GET('/profileAndServices/service');
    expect(result.error).toBeInstanceOf(ApiError);
    expect(result.error).toMatchObject({ status: 503 });
    expect(emulator.stats.apiRequests()).toBe(1);
  });

  it('a Response it returns is the answer, and nothing more is sent', async () => {
    const client = makeClient({
      beforeRetry: [() => Response.json({ content: [{ PKey: '@cached' }], count: { value: 1 } })],
    });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    const result = await client.GET('/profileAndServices/service');
    expect(result.data).toMatchObject({ content: [{ PKey: '@cached' }] });
    expect(emulator.stats.apiRequests()).toBe(1);
  });

  it('a Request it returns is sent, with the client’s credentials', async () => {
    const client = makeClient({
      beforeRetry: [
        ({ request }) => {
          const url = new URL(request.url);
          url.searchParams.set('_lineCount', '1');
          return new Request(url, request);
        },
      ],
    });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    const result = await client.GET('/profileAndServices/profile');
    expect(result.error).toBeUndefined();
    expect(result.data?.content).toHaveLength(1);
    expect(emulator.stats.apiRequests({ status: 200 })).toBe(1);
  });
});

describe('afterResponse and beforeRequest hooks', () => {
  it('an afterResponse hook reads the body, and ky.retry() from it sends again', async () => {
    const bodies: unknown[] = [];
    const client = makeClient({
      afterResponse: [
        async (_request, _options, response, { retryCount }) => {
          bodies.push(await response.json());
          if (retryCount === 0) return ky.retry({ delay: 1, code: 'AGAIN' });
          return undefined;
        },
      ],
    });
    const result = await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 2 } } });
    expect(result.data?.content).toHaveLength(2);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(result.data);
    expect(emulator.stats.apiRequests()).toBe(2);
  });

  it('an answer an afterResponse hook returns replaces the server’s', async () => {
    const client = makeClient({
      afterResponse: [() => Response.json({ PKey: '@replaced' })],
    });
    const result = await client.GET('/profileAndServices/service');
    expect(result.data).toEqual({ PKey: '@replaced' });
  });

  it('a beforeRequest hook may answer instead of the server', async () => {
    const client = makeClient({
      beforeRequest: [() => Response.json({ PKey: '@mocked' })],
    });
    await expect(client.services.get('@x')).resolves.toEqual({ PKey: '@mocked' });
    expect(emulator.stats.apiRequests()).toBe(0);
  });
});

describe('answers', () => {
  it('come with their status, headers and URL, the body already read', async () => {
    const client = makeClient(undefined);
    const result = await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 1 } } });
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get('content-type')).toMatch(/json/);
    expect(result.response.url).toBe(
      `${emulator.baseUrl}/acme/campaign/profileAndServices/profile?_lineCount=1`,
    );
    expect(result.response.bodyUsed).toBe(true);
  });
});
