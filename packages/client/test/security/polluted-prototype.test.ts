import { generateKeyPairSync } from 'node:crypto';
import { createJwtAuth } from '@campaign-standard/auth-jwt';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import type { FetchLike, StoredToken, TokenStore } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCampaignClient } from '../../src/index.js';
import { type LocalServer, startLocalServer } from '../helpers.js';

/**
 * If some other code in the process pollutes `Object.prototype` (a vulnerable dependency, a
 * `__proto__` key merged into an object), the settings that decide where secrets are sent (IMS URL,
 * base URL, `fetch`, token store) must still come only from the options the caller wrote: an
 * inherited value is never read.
 */

const planted: Record<string, unknown> = {};
const pollutedFetchCalls: string[] = [];
const pollutedStoreWrites: string[] = [];

function pollute(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    planted[name] = value;
    (Object.prototype as Record<string, unknown>)[name] = value;
  }
}

afterEach(() => {
  for (const name of Object.keys(planted)) {
    delete (Object.prototype as Record<string, unknown>)[name];
    delete planted[name];
  }
});

let emulator: Emulator;
let stranger: LocalServer;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 3 });
  stranger = await startLocalServer((_request, response) => response.writeHead(500).end());
});
afterAll(async () => {
  await emulator?.stop();
  await stranger?.close();
});

function plantEverything(): void {
  const pollutedFetch: FetchLike = async (input) => {
    pollutedFetchCalls.push(String(input));
    return new Response('{}', { status: 500 });
  };
  const pollutedStore: TokenStore = {
    get: async () => undefined,
    set: async (key: string, _token: StoredToken) => {
      pollutedStoreWrites.push(key);
    },
    delete: async () => undefined,
  };
  pollute({
    imsUrl: stranger.origin,
    baseUrl: stranger.origin,
    fetch: pollutedFetch,
    store: pollutedStore,
    environment: 'stage',
  });
}

function nothingLeaked(): void {
  expect(stranger.seen).toEqual([]);
  expect(pollutedFetchCalls).toEqual([]);
  expect(pollutedStoreWrites).toEqual([]);
}

describe('settings planted on Object.prototype are never read', () => {
  it('OAuth strategy and client with explicit URLs: calls reach the emulator only', async () => {
    const c = emulator.credentials;
    plantEverything();
    const auth = createOAuthServerToServerAuth({
      clientId: c.clientId,
      clientSecrets: [c.clientSecret],
      orgId: c.orgId,
      scopes: c.scopes,
      imsUrl: emulator.imsUrl,
    });
    const client = createCampaignClient({ auth, tenant: 'acme', baseUrl: emulator.baseUrl });
    const before = emulator.stats.apiRequests();
    const profiles = await client.profiles.list({ pageSize: 2 }).pages().next();
    expect(profiles.value?.items).toHaveLength(2);
    expect(emulator.stats.apiRequests()).toBe(before + 1);
    nothingLeaked();
  });

  it('OAuth strategy without imsUrl asks Adobe IMS, not a planted imsUrl', async () => {
    const asked: string[] = [];
    plantEverything();
    const auth = createOAuthServerToServerAuth({
      clientId: 'a-client',
      clientSecrets: ['a-client-secret-value'],
      orgId: 'ABC@AdobeOrg',
      scopes: ['campaign_sdk'],
      fetch: async (input) => {
        asked.push(String(input));
        return new Response('{"error":"invalid_client"}', { status: 400 });
      },
      retry: false,
    });
    await expect(auth.getToken()).rejects.toThrow();
    expect(asked.map((url) => new URL(url).origin)).toEqual(['https://ims-na1.adobelogin.com']);
    nothingLeaked();
  });

  it('JWT strategy without imsUrl asks Adobe IMS, not a planted imsUrl', async () => {
    const asked: string[] = [];
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    plantEverything();
    const auth = createJwtAuth({
      clientId: 'a-client',
      clientSecret: 'a-client-secret-value',
      orgId: 'ABC@AdobeOrg',
      technicalAccountId: 'DEF@techacct.adobe.com',
      metascopes: ['ent_campaign_sdk'],
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      quietDeprecation: true,
      fetch: async (input) => {
        asked.push(String(input));
        return new Response('{"error":"invalid_client"}', { status: 400 });
      },
      retry: false,
    });
    await expect(auth.getToken()).rejects.toThrow();
    expect(asked.map((url) => new URL(url).origin)).toEqual(['https://ims-na1.adobelogin.com']);
    nothingLeaked();
  });

  it('a client without baseUrl, environment or fetch calls Adobe production with its own fetch', async () => {
    const asked: string[] = [];
    const c = emulator.credentials;
    plantEverything();
    const auth = createOAuthServerToServerAuth({
      clientId: c.clientId,
      clientSecrets: [c.clientSecret],
      orgId: c.orgId,
      scopes: c.scopes,
      imsUrl: emulator.imsUrl,
    });
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith(emulator.imsUrl)) return original(input, init);
      asked.push(url);
      return new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      const client = createCampaignClient({ auth, tenant: 'acme', retry: false });
      await client.request('GET', '/profileAndServices/profile');
    } finally {
      globalThis.fetch = original;
    }
    expect(asked.map((url) => new URL(url).origin + new URL(url).pathname)).toEqual([
      'https://mc.adobe.io/acme/campaign/profileAndServices/profile',
    ]);
    nothingLeaked();
  });
});
