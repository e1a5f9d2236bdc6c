import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SHARED_LOCK_TTL_MS } from './shared-flight.js';
import { createTokenCache } from './token-cache.js';
import type { AccessToken, StoredToken, TokenLock, TokenStore } from './types.js';

const HOUR = 3_600_000;

/** One map and one lock table standing for a shared server (Redis), seen by several "processes". */
function sharedServer() {
  const entries = new Map<string, StoredToken>();
  const locks = new Map<string, { owner: object; until: number }>();
  const log: string[] = [];
  const store = (name: string): TokenStore => ({
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      log.push(`${name} set`);
      entries.set(key, value);
    },
    delete: async (key) => {
      entries.delete(key);
    },
    acquire: async (key, ttlMs): Promise<TokenLock | undefined> => {
      const held = locks.get(key);
      if (held && held.until > Date.now()) return undefined;
      const owner = {};
      locks.set(key, { owner, until: Date.now() + ttlMs });
      log.push(`${name} locked`);
      return {
        release: async () => {
          if (locks.get(key)?.owner === owner) locks.delete(key);
          log.push(`${name} released`);
        },
      };
    },
  });
  return { entries, locks, log, store };
}

/** A fetchToken that mints `<name>-token-<n>` and counts its calls. */
function minting(name: string) {
  let calls = 0;
  const fetchToken = async (): Promise<AccessToken> => {
    calls++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { token: `${name}-token-${calls}`, tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR };
  };
  return { fetchToken, calls: () => calls };
}

describe('token cache with a store that can lock (distributed single-flight)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets one of several processes fetch while the others wait for its token', async () => {
    const server = sharedServer();
    const processes = ['a', 'b', 'c'].map((name) => {
      const fetcher = minting(name);
      const cache = createTokenCache({ key: 'k', fetchToken: fetcher.fetchToken, store: server.store(name) });
      return { fetcher, cache };
    });
    const calls = processes.flatMap(({ cache }) => Array.from({ length: 20 }, () => cache.getToken()));
    const all = Promise.all(calls);
    await vi.advanceTimersByTimeAsync(2_000);
    const tokens = new Set((await all).map((token) => token.token));

    expect(processes.map(({ fetcher }) => fetcher.calls()).reduce((a, b) => a + b)).toBe(1);
    expect(tokens.size).toBe(1);
    expect(server.log.filter((line) => line.endsWith('locked'))).toHaveLength(1);
    expect(server.locks.size).toBe(0);
  });

  it('fetches on its own when the lock holder never delivers (it died), once the lock is due to expire', async () => {
    const server = sharedServer();
    server.locks.set('k', { owner: {}, until: Date.now() + 60 * HOUR });
    const fetcher = minting('a');
    const cache = createTokenCache({ key: 'k', fetchToken: fetcher.fetchToken, store: server.store('a') });
    let result: AccessToken | undefined;
    void cache.getToken().then((token) => {
      result = token;
    });
    await vi.advanceTimersByTimeAsync(SHARED_LOCK_TTL_MS - 1_000);
    expect(fetcher.calls()).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetcher.calls()).toBe(1);
    expect(result?.token).toBe('a-token-1');
  });

  it('fetches on its own at once when the store cannot lock (server down)', async () => {
    const fetcher = minting('a');
    const store: TokenStore = {
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: () => Promise.reject(new Error('ECONNREFUSED')),
      delete: () => Promise.reject(new Error('ECONNREFUSED')),
      acquire: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const cache = createTokenCache({ key: 'k', fetchToken: fetcher.fetchToken, store });
    const pending = Promise.all([cache.getToken(), cache.getToken()]);
    await vi.advanceTimersByTimeAsync(100);
    const [first, second] = await pending;
    expect(first.token).toBe('a-token-1');
    expect(second.token).toBe('a-token-1');
    expect(fetcher.calls()).toBe(1);
  });

  it('uses the token written just before it got the lock, without fetching', async () => {
    const server = sharedServer();
    const inner = server.store('a');
    let reads = 0;
    const store: TokenStore = {
      ...inner,
      // the first read misses; by the time the lock is taken, another process has written
      get: async (key) => (++reads === 1 ? undefined : inner.get(key)),
    };
    server.entries.set('k', {
      accessToken: { token: 'written-by-b', tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR },
      storedAt: Date.now(),
    });
    const fetcher = minting('a');
    const cache = createTokenCache({ key: 'k', fetchToken: fetcher.fetchToken, store });
    const token = await cache.getToken();
    expect(token.token).toBe('written-by-b');
    expect(fetcher.calls()).toBe(0);
    expect(server.locks.size).toBe(0);
  });

  it('releases the lock when the fetch fails, so the next caller can fetch at once', async () => {
    const server = sharedServer();
    let calls = 0;
    const fetchToken = async (): Promise<AccessToken> => {
      calls++;
      if (calls === 1) throw new Error('invalid_client');
      return { token: 'second', tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR };
    };
    const cache = createTokenCache({ key: 'k', fetchToken, store: server.store('a'), retry: false });
    await expect(cache.getToken()).rejects.toThrow('invalid_client');
    expect(server.locks.size).toBe(0);
    await expect(cache.getToken()).resolves.toMatchObject({ token: 'second' });
  });

  it('stops waiting for the holder when a caller forces a refresh', async () => {
    const server = sharedServer();
    server.locks.set('k', { owner: {}, until: Date.now() + 60 * HOUR });
    const fetcher = minting('a');
    const cache = createTokenCache({ key: 'k', fetchToken: fetcher.fetchToken, store: server.store('a') });
    const waiting = cache.getToken();
    await vi.advanceTimersByTimeAsync(100);
    const forced = cache.getToken({ forceRefresh: true });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetcher.calls()).toBe(1);
    await expect(waiting).resolves.toMatchObject({ token: 'a-token-1' });
    await expect(forced).resolves.toMatchObject({ token: 'a-token-1' });
  });
});
