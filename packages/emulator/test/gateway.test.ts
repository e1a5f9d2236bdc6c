import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken } from './helpers.js';

let emulator: Emulator;
let token: string;
beforeAll(async () => {
  emulator = await startEmulator();
  token = await oauthToken(emulator);
});
afterAll(() => emulator.stop());

const profiles = () => `${emulator.baseUrl}/acme/campaign/profileAndServices/profile`;

describe('gateway', () => {
  it('serves the request from Adobe setup page sent by plain fetch', async () => {
    const res = await fetch(`${emulator.baseUrl}/acme/campaign/profileAndServices/profile`, {
      headers: {
        Authorization: `Bearer ${token}`,
        'X-Api-Key': emulator.credentials.clientId,
        'Cache-Control': 'no-cache',
        'Content-Type': 'application/json',
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { content: unknown[] };
    expect(body.content).toHaveLength(25);
  });

  it('requires an API key', async () => {
    const res = await fetch(profiles(), { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error_code: '403000', message: 'Api Key is required' });
  });

  it('requires a bearer token', async () => {
    const res = await fetch(profiles(), { headers: { 'X-Api-Key': emulator.credentials.clientId } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error_code: '403010', message: 'Oauth token is missing.' });
  });

  it('refuses a forged, foreign, expired or revoked token with 401013', async () => {
    const other = await startEmulator();
    try {
      const foreign = await oauthToken(other);
      const forged = `${token.slice(0, -4)}AAAA`;
      for (const bad of [forged, foreign, 'not-a-token']) {
        const res = await fetch(profiles(), { headers: apiHeaders(emulator, bad) });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error_code: '401013', message: 'Oauth token is not valid' });
      }
    } finally {
      await other.stop();
    }
    for (const invalidate of [() => emulator.expireTokens(), () => emulator.revokeTokens()]) {
      const fresh = await oauthToken(emulator);
      expect((await fetch(profiles(), { headers: apiHeaders(emulator, fresh) })).status).toBe(200);
      invalidate();
      const res = await fetch(profiles(), { headers: apiHeaders(emulator, fresh) });
      expect(res.status).toBe(401);
      // A token minted afterwards works again.
      const next = await oauthToken(emulator);
      expect((await fetch(profiles(), { headers: apiHeaders(emulator, next) })).status).toBe(200);
    }
    token = await oauthToken(emulator);
  });

  it('refuses a token once its lifetime is over', async () => {
    const short = await startEmulator({ tokenLifetimeSeconds: 60 });
    try {
      const t = await oauthToken(short);
      const call = () =>
        fetch(`${short.baseUrl}/acme/campaign/profileAndServices/profile`, { headers: apiHeaders(short, t) });
      expect((await call()).status).toBe(200);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 61_000);
      expect((await call()).status).toBe(401);
    } finally {
      vi.useRealTimers();
      await short.stop();
    }
  });

  it('refuses an API key that is not the token client', async () => {
    const res = await fetch(profiles(), {
      headers: { ...apiHeaders(emulator, token), 'X-Api-Key': 'someone-else' },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error_code: '403003', message: 'Api Key is invalid' });
  });

  it('answers 502 "Check your URI" for an unknown tenant, and serves the stage instance', async () => {
    const res = await fetch(`${emulator.baseUrl}/globex/campaign/profileAndServices/profile`, {
      headers: apiHeaders(emulator, token),
    });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      code: 502,
      message: 'Oops. Something went wrong. Check your URI and try again.',
    });
    const stage = await fetch(`${emulator.baseUrl}/acme-mkt-stage/campaign/profileAndServices/profile`, {
      headers: apiHeaders(emulator, token),
    });
    expect(stage.status).toBe(200);
  });

  it('tolerates double and trailing slashes and a JSON content type with charset', async () => {
    const res = await fetch(`${emulator.baseUrl}/acme/campaign//profileAndServices/profile/?_lineCount=1`, {
      headers: { ...apiHeaders(emulator, token), 'Content-Type': 'application/json;charset=utf-8' },
    });
    expect(res.status).toBe(200);
  });

  it('counts API requests per client, status, method and tenant', async () => {
    emulator.stats.reset();
    await fetch(profiles(), { headers: apiHeaders(emulator, token) });
    await fetch(profiles(), { headers: { 'X-Api-Key': emulator.credentials.clientId } });
    expect(emulator.stats.apiRequests()).toBe(2);
    expect(emulator.stats.apiRequests({ status: 200, method: 'get', tenant: 'acme' })).toBe(1);
    expect(emulator.stats.apiRequests({ clientId: emulator.credentials.clientId })).toBe(2);
    expect(emulator.stats.apiRequests({ pathPrefix: '/acme/campaign/profileAndServices/service' })).toBe(0);
    const log = JSON.stringify(emulator.stats.requests());
    expect(log).not.toContain(token);
  });
});
