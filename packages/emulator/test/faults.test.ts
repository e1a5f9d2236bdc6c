import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken, postForm } from './helpers.js';

let emulator: Emulator;
let token: string;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 42 });
  token = await oauthToken(emulator);
});
afterEach(() => emulator.faults.clear());
afterAll(() => emulator.stop());

const profiles = () => `${emulator.baseUrl}/acme/campaign/profileAndServices/profile`;
const getProfiles = () => fetch(profiles(), { headers: apiHeaders(emulator, token) });
const tokenRequest = () =>
  postForm(`${emulator.imsUrl}/ims/token/v3`, {
    grant_type: 'client_credentials',
    client_id: emulator.credentials.clientId,
    client_secret: emulator.credentials.clientSecret,
  });

describe('faults', () => {
  it('answers 429 with Retry-After and the gateway body, for the next N requests only', async () => {
    emulator.faults.inject({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 2, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await getProfiles();
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(await res.json()).toEqual({ error_code: '429050', message: 'Too many requests' });
    }
    expect((await getProfiles()).status).toBe(200);
  });

  it('answers IMS throttling and outages as OAuth errors with x-debug-id', async () => {
    emulator.faults.inject({ target: 'ims', kind: 'status', status: 503, retryAfterSeconds: 1, times: 1 });
    const res = await tokenRequest();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('x-debug-id')).toBeTruthy();
    expect(((await res.json()) as { error: string }).error).toBe('server_error');
    expect((await getProfiles()).status).toBe(200); // the API side is untouched
    expect((await tokenRequest()).status).toBe(200);
  });

  it.each([500, 502, 503, 504])('injects %i on the API side', async (status) => {
    emulator.faults.inject({ target: 'api', kind: 'status', status, times: 1 });
    const res = await getProfiles();
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error_code: string }).error_code).toBe(`${status}000`);
  });

  it('resets connections', async () => {
    emulator.stats.reset();
    emulator.faults.inject({ target: 'all', kind: 'reset', times: 1 });
    await expect(getProfiles()).rejects.toThrow();
    expect((await getProfiles()).status).toBe(200);
    expect(emulator.stats.requests().map((r) => r.status)).toEqual([0, 200]);
  });

  it('adds latency, then answers normally', async () => {
    emulator.faults.inject({ target: 'api', kind: 'latency', latencyMs: 50, times: 1 });
    expect((await getProfiles()).status).toBe(200);
  });

  it('answers the 502 CNAME body', async () => {
    emulator.faults.inject({ target: 'api', kind: 'cname' });
    const res = await getProfiles();
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      code: 502,
      message: 'Oops. Something went wrong. Check your URI and try again.',
    });
  });

  it('matches a path prefix only', async () => {
    emulator.faults.inject({
      target: 'api',
      kind: 'status',
      status: 500,
      pathPrefix: '/acme/campaign/profileAndServices/service',
    });
    expect((await getProfiles()).status).toBe(200);
    const res = await fetch(`${emulator.baseUrl}/acme/campaign/profileAndServices/service`, {
      headers: apiHeaders(emulator, token),
    });
    expect(res.status).toBe(500);
  });

  it('draws probabilistic faults from the seed, the same way each run', async () => {
    const run = async (e: Emulator, t: string) => {
      e.faults.inject({ target: 'api', kind: 'status', status: 503, probability: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push(
          (
            await fetch(`${e.baseUrl}/acme/campaign/profileAndServices/profile?_lineCount=1`, {
              headers: apiHeaders(e, t),
            })
          ).status,
        );
      e.faults.clear();
      return statuses;
    };
    const a = await startEmulator({ seed: 5 });
    const b = await startEmulator({ seed: 5 });
    try {
      const first = await run(a, await oauthToken(a));
      expect(await run(b, await oauthToken(b))).toEqual(first);
      expect(first).toContain(503);
      expect(first).toContain(200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('counts faulted token requests as errors', async () => {
    emulator.stats.reset();
    emulator.faults.inject({ target: 'ims', kind: 'status', status: 429, times: 1 });
    await tokenRequest();
    await tokenRequest();
    expect(emulator.stats.tokenRequests({ outcome: 'error' })).toBe(1);
    expect(emulator.stats.tokenRequests({ clientId: emulator.credentials.clientId })).toBe(2);
    expect(emulator.stats.tokenRequests({ outcome: 'success' })).toBe(1);
  });

  it('rejects malformed fault specs', () => {
    expect(() => emulator.faults.inject({ target: 'api', kind: 'status', status: 418 })).toThrow(TypeError);
    expect(() => emulator.faults.inject({ target: 'api', kind: 'latency' })).toThrow(TypeError);
  });
});
