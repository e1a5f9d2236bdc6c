import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { type ConfigurationError, createCacheKey, type StoredToken } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenStore, type RedisTokenStore } from '../src/index.js';
import { startRedis, type TestRedis } from './redis-server.js';

const HOUR = 3_600_000;
const SECRET = 'p8e-store-test-secret-0123456789abcdef';
const OTHER_SECRET = 'p8e-attacker-secret-9876543210fedcba';

function entry(token: string, lifetimeMs = HOUR): StoredToken {
  return {
    accessToken: { token, tokenType: 'bearer', expiresOnTimestamp: Date.now() + lifetimeMs },
    storedAt: Date.now(),
  };
}

describe('Redis token store', () => {
  let redis: TestRedis;
  let emulator: Emulator;
  let raw: ReturnType<typeof createClient>;
  const stores: RedisTokenStore[] = [];

  const store = (options: Partial<Parameters<typeof createRedisTokenStore>[0]> = {}): RedisTokenStore => {
    const created = createRedisTokenStore({
      url: redis.url,
      secret: SECRET,
      onWarning: () => {},
      ...options,
    });
    stores.push(created);
    return created;
  };

  const strategy = (tokenStore: RedisTokenStore) => {
    const { credentials } = emulator;
    return createOAuthServerToServerAuth({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      orgId: credentials.orgId,
      scopes: credentials.scopes,
      imsUrl: emulator.imsUrl,
      store: tokenStore,
      retry: false,
    });
  };

  /** The key core's cache uses for the emulator's credential. */
  const cacheKey = () => {
    const { credentials } = emulator;
    return createCacheKey(
      'oauth-server-to-server',
      {
        imsUrl: emulator.imsUrl,
        clientId: credentials.clientId,
        orgId: credentials.orgId,
        scopes: credentials.scopes,
      },
      [credentials.clientSecret],
    );
  };

  beforeAll(async () => {
    [redis, emulator] = await Promise.all([startRedis(), startEmulator()]);
    raw = createClient({ url: redis.url });
    raw.on('error', () => {});
    await raw.connect();
  });

  afterAll(async () => {
    await raw?.close().catch(() => undefined);
    await Promise.all([redis?.stop(), emulator?.stop()]);
  });

  beforeEach(async () => {
    await raw.flushAll();
    emulator.stats.reset();
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('keeps entries encrypted, under keys without secrets, expiring with the token', async () => {
    const tokenStore = store();
    await tokenStore.set('acs:kind:client:abc', entry('eyJhbGciOi.secret-access-token.sig', HOUR));

    const keys = await raw.keys('*');
    expect(keys).toEqual(['campaign-standard:acs:kind:client:abc']);
    const value = await raw.get('campaign-standard:acs:kind:client:abc');
    expect(value).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(value).not.toContain('secret-access-token');
    expect(value).not.toContain(SECRET);
    const ttl = await raw.pTTL('campaign-standard:acs:kind:client:abc');
    expect(ttl).toBeGreaterThan(HOUR - 60_000);
    expect(ttl).toBeLessThanOrEqual(HOUR);

    await expect(tokenStore.get('acs:kind:client:abc')).resolves.toMatchObject({
      accessToken: { token: 'eyJhbGciOi.secret-access-token.sig' },
    });
    await tokenStore.delete('acs:kind:client:abc');
    expect(await raw.keys('*')).toEqual([]);
  });

  it('cannot read an entry written under another secret, moved to another key or tampered with', async () => {
    await store({ secret: OTHER_SECRET }).set('k1', entry('attacker-token'));
    await expect(store().get('k1')).resolves.toBeUndefined();

    await store().set('k2', entry('good-token'));
    const sealed = (await raw.get('campaign-standard:k2')) as string;
    await raw.set('campaign-standard:k3', sealed);
    await expect(store().get('k3')).resolves.toBeUndefined();
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'AB' : 'AA'}`;
    await raw.set('campaign-standard:k2', flipped);
    await expect(store().get('k2')).resolves.toBeUndefined();
  });

  it('makes a strategy ignore an entry planted under its key with another secret, and fetch its own', async () => {
    const key = await cacheKey();
    await store({ secret: OTHER_SECRET }).set(key, entry('planted-token'));

    const token = await strategy(store({ secret: emulator.credentials.clientSecret })).getToken();
    expect(token.token).not.toBe('planted-token');
    expect(emulator.stats.tokenRequests({ clientId: emulator.credentials.clientId })).toBe(1);
    // the emulator accepts it: it is a real token
    const response = await fetch(
      `${emulator.baseUrl}/${emulator.credentials.tenant}/campaign/profileAndServices/profile`,
      {
        headers: { Authorization: `Bearer ${token.token}`, 'X-Api-Key': emulator.credentials.clientId },
      },
    );
    expect(response.status).toBe(200);
  });

  it('shares one token between two strategies in different "processes" (stores)', async () => {
    const secret = emulator.credentials.clientSecret;
    const [first, second] = await Promise.all([
      strategy(store({ secret })).getToken(),
      strategy(store({ secret })).getToken(),
    ]);
    expect(first.token).toBe(second.token);
    expect(emulator.stats.tokenRequests({ clientId: emulator.credentials.clientId })).toBe(1);
  });

  it('gives its lock to one holder at a time and releases only its own', async () => {
    const a = store();
    const b = store();
    const lock = await a.acquire('k', 60_000);
    expect(lock).toBeDefined();
    await expect(b.acquire('k', 60_000)).resolves.toBeUndefined();
    await lock?.release();
    const next = await b.acquire('k', 60_000);
    expect(next).toBeDefined();
    // the first holder's late release must not free the second holder's lock
    await lock?.release();
    await expect(a.acquire('k', 60_000)).resolves.toBeUndefined();
    expect(await raw.pTTL('campaign-standard:lock:k')).toBeGreaterThan(0);
  });

  it('works with a client passed in, and leaves it open on close()', async () => {
    const client = createClient({ url: redis.url });
    client.on('error', () => {});
    const tokenStore = createRedisTokenStore({ client, secret: SECRET });
    await tokenStore.set('k', entry('t-123456'));
    await expect(tokenStore.get('k')).resolves.toMatchObject({ accessToken: { token: 't-123456' } });
    await tokenStore.close();
    expect(client.isOpen).toBe(true);
    await client.close();
  });

  it('serves calls through a local fetch when Redis stops answering, warns once, and says when it is back', async () => {
    const warnings: string[] = [];
    const tokenStore = store({
      secret: emulator.credentials.clientSecret,
      timeoutMs: 200,
      onWarning: (message) => warnings.push(message),
    });
    await tokenStore.get('warm-up');
    redis.freeze();
    try {
      const tokens = await Promise.all([strategy(tokenStore).getToken(), strategy(tokenStore).getToken()]);
      expect(tokens.every((token) => token.token.length > 0)).toBe(true);
      expect(emulator.stats.tokenRequests({ clientId: emulator.credentials.clientId })).toBe(2);
    } finally {
      redis.thaw();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Redis token store unavailable \(Redis did not answer \w+ within 200 ms/);

    await strategy(tokenStore).getToken();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('answers again');
  });

  it('serves calls when Redis is down from the start, and never prints the Redis password', async () => {
    const warnings: string[] = [];
    const password = 'redis-pass-Zq81xY';
    const down = createRedisTokenStore({
      url: `redis://:${password}@127.0.0.1:1`,
      secret: emulator.credentials.clientSecret,
      onWarning: (message) => warnings.push(message),
    });
    stores.push(down);
    const token = await strategy(down).getToken();
    expect(token.token.length).toBeGreaterThan(0);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).not.toContain(password);
  });

  it('reports every problem with its options, without echoing the secret', () => {
    let error: ConfigurationError | undefined;
    try {
      createRedisTokenStore({ secret: '', url: 'http://example.com', timeoutMs: -1 });
    } catch (caught) {
      error = caught as ConfigurationError;
    }
    expect(error?.code).toBe('ERR_CONFIGURATION');
    expect(error?.issues.map((issue) => issue.field)).toEqual(['secret', 'url', 'timeoutMs']);
    expect(() => createRedisTokenStore({ secret: SECRET })).toThrow(/url or client is required/);
    try {
      createRedisTokenStore({ secret: SECRET, url: redis.url, client: raw });
    } catch (caught) {
      expect(JSON.stringify(caught)).not.toContain(SECRET);
      expect(String(caught)).not.toContain(SECRET);
    }
  });
});
