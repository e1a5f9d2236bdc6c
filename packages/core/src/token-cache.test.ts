import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, ImsError } from './errors.js';
import { createMemoryTokenStore } from './stores.js';
import { createTokenCache } from './token-cache.js';
import type { AccessToken, StoredToken, TokenStore } from './types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A fetchToken that mints `token-<n>` living `lifetimeMs`, counting its calls. */
function minting(lifetimeMs = HOUR, extra: Partial<AccessToken> = {}) {
  const calls: AbortSignal[] = [];
  const fetchToken = async (signal: AbortSignal): Promise<AccessToken> => {
    calls.push(signal);
    return {
      token: `token-${calls.length}`,
      tokenType: 'bearer',
      expiresOnTimestamp: Date.now() + lifetimeMs,
      ...extra,
    };
  };
  return { calls, fetchToken };
}

/** A fetchToken whose answers the test releases by hand. */
function manual(lifetimeMs = HOUR) {
  const pending: Array<{
    signal: AbortSignal;
    resolve: () => void;
    reject: (error: unknown) => void;
  }> = [];
  const fetchToken = (signal: AbortSignal) =>
    new Promise<AccessToken>((resolve, reject) => {
      const n = pending.length + 1;
      pending.push({
        signal,
        resolve: () =>
          resolve({ token: `token-${n}`, tokenType: 'bearer', expiresOnTimestamp: Date.now() + lifetimeMs }),
        reject,
      });
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  return { pending, fetchToken };
}

/** Lets pending promise callbacks run (the cache awaits its key and store before fetching). */
const flush = () => vi.advanceTimersByTimeAsync(0);

function settled<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => {
      state.done = true;
      state.value = value;
    },
    (error: unknown) => {
      state.done = true;
      state.error = error;
    },
  );
  return state;
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-03-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('single flight', () => {
  it('serves 1,000 concurrent callers on a cold cache with exactly one fetch', async () => {
    const source = minting();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken });
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => cache.getToken()));
    expect(source.calls).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['token-1']));
    await cache.getToken();
    expect(source.calls).toHaveLength(1);
  });

  it('resolves an async key once and shares the flight across callers', async () => {
    const key = vi.fn(async () => 'computed-key');
    const source = minting();
    const cache = createTokenCache({ key, fetchToken: source.fetchToken });
    await Promise.all([cache.getToken(), cache.getToken(), cache.getToken()]);
    await cache.getToken();
    expect(key).toHaveBeenCalledTimes(1);
    expect(source.calls).toHaveLength(1);
  });

  it('shares a failed fetch with every waiter, and the next call tries again', async () => {
    const failure = new ImsError({
      status: 400,
      error: 'invalid_client',
      errorDescription: 'invalid client_id',
    });
    let calls = 0;
    const cache = createTokenCache({
      key: 'k',
      fetchToken: async () => {
        calls++;
        if (calls === 1) throw failure;
        return { token: 'good', tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR };
      },
    });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => cache.getToken()));
    expect(calls).toBe(1);
    for (const result of results) expect(result).toEqual({ status: 'rejected', reason: failure });
    await expect(cache.getToken()).resolves.toMatchObject({ token: 'good' });
    expect(calls).toBe(2);
  });
});

describe('refresh ahead of expiry', () => {
  it('serves the cached token while a background refresh runs inside the window', async () => {
    const source = manual(HOUR);
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken, refreshWindowMs: 10 * MINUTE });
    const first = cache.getToken();
    await flush();
    source.pending[0]?.resolve();
    expect((await first).token).toBe('token-1');

    vi.setSystemTime(Date.now() + 49 * MINUTE);
    expect((await cache.getToken()).token).toBe('token-1');
    expect(source.pending).toHaveLength(1);

    vi.setSystemTime(Date.now() + 2 * MINUTE); // 51 minutes in: inside the 10-minute window
    expect((await cache.getToken()).token).toBe('token-1');
    await flush();
    expect(source.pending).toHaveLength(2);
    expect((await cache.getToken()).token).toBe('token-1'); // no second refresh meanwhile
    expect(source.pending).toHaveLength(2);

    source.pending[1]?.resolve();
    await flush();
    expect((await cache.getToken()).token).toBe('token-2');
  });

  it('never hands out a token inside the safety margin: callers wait for the new one', async () => {
    const source = manual(HOUR);
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken });
    const first = cache.getToken();
    await flush();
    source.pending[0]?.resolve();
    await first;

    vi.setSystemTime(Date.now() + HOUR - 10_000); // 10 s before expiry
    const waiting = settled(cache.getToken());
    await flush();
    expect(waiting.done).toBe(false);
    source.pending[1]?.resolve();
    await flush();
    expect(waiting.value?.token).toBe('token-2');
  });

  it('does not storm when the token lives shorter than the refresh window', async () => {
    const source = minting(2 * MINUTE); // window 10 min > lifetime: the effective window is 1 min
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken, refreshWindowMs: 10 * MINUTE });
    for (let second = 0; second <= 600; second++) {
      const { token, expiresOnTimestamp } = await cache.getToken();
      expect(token).toMatch(/^token-/);
      expect(expiresOnTimestamp).toBeGreaterThan(Date.now());
      await vi.advanceTimersByTimeAsync(1000);
    }
    // one fetch at start, then one a minute (halfway through each 2-minute token)
    expect(source.calls).toHaveLength(11);
  });

  it('honours refreshAfterTimestamp', async () => {
    const source = minting(HOUR);
    const cache = createTokenCache({
      key: 'k',
      fetchToken: async (signal) => ({
        ...(await source.fetchToken(signal)),
        refreshAfterTimestamp: Date.now() + 5 * MINUTE,
      }),
    });
    await cache.getToken();
    vi.setSystemTime(Date.now() + 4 * MINUTE);
    await cache.getToken();
    expect(source.calls).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2 * MINUTE);
    await cache.getToken();
    await flush();
    expect(source.calls).toHaveLength(2);
  });

  it('keeps serving the cached token when a background refresh fails, without retrying every call', async () => {
    let calls = 0;
    const cache = createTokenCache({
      key: 'k',
      retry: false,
      fetchToken: async () => {
        calls++;
        if (calls > 1) throw new ImsError({ status: 503 });
        return { token: 'first', tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR };
      },
    });
    await cache.getToken();
    vi.setSystemTime(Date.now() + 55 * MINUTE);
    for (let i = 0; i < 20; i++) {
      expect((await cache.getToken()).token).toBe('first');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(calls).toBe(2);
  });

  it('forceRefresh fetches a new token even when the cached one is valid', async () => {
    const source = minting();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken });
    await cache.getToken();
    expect((await cache.getToken({ forceRefresh: true })).token).toBe('token-2');
    expect((await cache.getToken()).token).toBe('token-2');
  });
});

describe('retries', () => {
  it('retries a 429 after its Retry-After, then succeeds', async () => {
    let calls = 0;
    const cache = createTokenCache({
      key: 'k',
      fetchToken: async () => {
        calls++;
        if (calls === 1) throw new ImsError({ status: 429, retryAfterMs: 3000 });
        return { token: 'ok', tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR };
      },
    });
    const result = settled(cache.getToken());
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    expect(result.value?.token).toBe('ok');
  });

  it('does not retry invalid_client', async () => {
    let calls = 0;
    const cache = createTokenCache({
      key: 'k',
      fetchToken: async () => {
        calls++;
        throw new ImsError({ status: 401, error: 'invalid_client' });
      },
    });
    await expect(cache.getToken()).rejects.toMatchObject({ error: 'invalid_client' });
    expect(calls).toBe(1);
  });
});

describe('abort', () => {
  it("stops the caller's wait, aborts the shared fetch when nobody waits, and leaves no timer", async () => {
    const source = manual();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken });
    const controller = new AbortController();
    const waiting = cache.getToken({ signal: controller.signal });
    const assertion = expect(waiting).rejects.toBeInstanceOf(AbortedError);
    await flush();
    controller.abort();
    await assertion;
    expect(source.pending[0]?.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts a retry backoff and leaves no timer', async () => {
    let calls = 0;
    const cache = createTokenCache({
      key: 'k',
      fetchToken: async () => {
        calls++;
        throw new ImsError({ status: 503, retryAfterMs: 20_000 });
      },
    });
    const controller = new AbortController();
    const waiting = cache.getToken({ signal: controller.signal });
    const assertion = expect(waiting).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await assertion;
    await flush();
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toBe(1);
  });

  it('keeps the fetch running for the callers that still wait', async () => {
    const source = manual();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken });
    const controller = new AbortController();
    const leaving = cache.getToken({ signal: controller.signal });
    const staying = cache.getToken();
    const assertion = expect(leaving).rejects.toBeInstanceOf(AbortedError);
    await flush();
    controller.abort();
    await assertion;
    expect(source.pending[0]?.signal.aborted).toBe(false);
    source.pending[0]?.resolve();
    await expect(staying).resolves.toMatchObject({ token: 'token-1' });
  });

  it('rejects at once with an already aborted signal and starts no fetch', async () => {
    const source = minting();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken });
    await expect(cache.getToken({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
    expect(source.calls).toHaveLength(0);
  });

  it('starts a fresh fetch for the next caller after an abandoned one', async () => {
    const source = manual();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken });
    const controller = new AbortController();
    const abandoned = cache.getToken({ signal: controller.signal });
    const assertion = expect(abandoned).rejects.toBeInstanceOf(AbortedError);
    await flush();
    controller.abort();
    await assertion;
    const next = cache.getToken();
    await flush();
    source.pending[1]?.resolve();
    await expect(next).resolves.toMatchObject({ token: 'token-2' });
  });
});

describe('store', () => {
  const stored = (token: string, expiresOnTimestamp: number): StoredToken => ({
    accessToken: { token, tokenType: 'bearer', expiresOnTimestamp },
    storedAt: Date.now(),
  });

  it('uses a token another process wrote to the store instead of fetching', async () => {
    const store = createMemoryTokenStore();
    store.set('k', stored('from-elsewhere', Date.now() + HOUR));
    const source = minting();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken, store });
    expect((await cache.getToken()).token).toBe('from-elsewhere');
    expect(source.calls).toHaveLength(0);
  });

  it('writes each fetched token to the store', async () => {
    const store = createMemoryTokenStore();
    const cache = createTokenCache({ key: 'k', fetchToken: minting().fetchToken, store });
    await cache.getToken();
    expect((await store.get('k'))?.accessToken.token).toBe('token-1');
  });

  it('invalidate drops the token from memory and the store', async () => {
    const store = createMemoryTokenStore();
    const source = minting();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken, store });
    await cache.getToken();
    await cache.invalidate();
    expect(await store.get('k')).toBeUndefined();
    expect((await cache.getToken()).token).toBe('token-2');
  });

  it('forceRefresh does not take the stored token being replaced', async () => {
    const store = createMemoryTokenStore();
    store.set('k', stored('rejected-by-campaign', Date.now() + HOUR));
    const source = minting();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken, store });
    expect((await cache.getToken({ forceRefresh: true })).token).toBe('token-1');
  });

  it('survives a store that throws or holds garbage', async () => {
    const broken: TokenStore = {
      get: () => Promise.reject(new Error('redis down')),
      set: () => {
        throw new Error('disk full');
      },
      delete: () => Promise.reject(new Error('redis down')),
    };
    const source = minting();
    const cache = createTokenCache({ key: 'k', fetchToken: source.fetchToken, store: broken });
    expect((await cache.getToken()).token).toBe('token-1');
    expect((await cache.getToken()).token).toBe('token-1');
    await cache.invalidate();
    expect((await cache.getToken()).token).toBe('token-2');

    const garbage: TokenStore = {
      get: () => ({ nope: true }) as unknown as StoredToken,
      set() {},
      delete() {},
    };
    const other = createTokenCache({ key: 'k', fetchToken: minting().fetchToken, store: garbage });
    expect((await other.getToken()).token).toBe('token-1');
  });
});
