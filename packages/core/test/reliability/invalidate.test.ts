import { describe, expect, it } from 'vitest';
import { createMemoryTokenStore } from '../../src/stores.js';
import { createTokenCache } from '../../src/token-cache.js';
import type { AccessToken, StoredToken } from '../../src/types.js';

const HOUR = 3_600_000;

/** A cache whose fetches mint `token-<n>`, counting them. */
function counting(store = createMemoryTokenStore()) {
  let fetches = 0;
  const cache = createTokenCache({
    key: 'k',
    store,
    fetchToken: async (): Promise<AccessToken> => {
      fetches++;
      await new Promise((resolve) => setImmediate(resolve));
      return { token: `token-${fetches}`, tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR };
    },
  });
  return { cache, store, fetches: () => fetches };
}

describe('invalidate(rejectedToken)', () => {
  it('many calls refused with the same token cause one new token, whatever their order', async () => {
    const { cache, fetches } = counting();
    const { token } = await cache.getToken();
    // 20 calls were refused with token-1; they report it one after the other, each then asking
    // for a token, some of them after the first replacement has already arrived.
    const reauth = async (delay: number) => {
      for (let i = 0; i < delay; i++) await new Promise((resolve) => setImmediate(resolve));
      await cache.invalidate(token);
      return (await cache.getToken()).token;
    };
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => reauth(i % 7)));
    expect(new Set(tokens)).toEqual(new Set(['token-2']));
    expect(fetches()).toBe(2);
  });

  it('a refused token that is no longer cached changes nothing', async () => {
    const { cache, fetches } = counting();
    await cache.getToken();
    await cache.invalidate('token-1');
    expect((await cache.getToken()).token).toBe('token-2');
    await cache.invalidate('token-1');
    await cache.invalidate('some-other-token');
    expect((await cache.getToken()).token).toBe('token-2');
    expect(fetches()).toBe(2);
  });

  it('without an argument it drops whatever is cached, as before', async () => {
    const { cache, fetches } = counting();
    await cache.getToken();
    await cache.invalidate();
    await cache.invalidate();
    expect((await cache.getToken()).token).toBe('token-2');
    await cache.invalidate();
    expect((await cache.getToken()).token).toBe('token-3');
    expect(fetches()).toBe(3);
  });

  it('keeps a newer token another process wrote to a shared store', async () => {
    const shared = createMemoryTokenStore();
    const { cache, fetches } = counting(shared);
    await cache.getToken();
    // another process was refused token-1 too, re-authenticated first and shared its token
    const fresh: StoredToken = {
      accessToken: {
        token: 'from-another-process',
        tokenType: 'bearer',
        expiresOnTimestamp: Date.now() + HOUR,
      },
      storedAt: Date.now(),
    };
    shared.set('k', fresh);
    await cache.invalidate('token-1');
    expect((await cache.getToken()).token).toBe('from-another-process');
    expect(fetches()).toBe(1);
    // and drops the shared entry when it is the refused one
    await cache.invalidate('from-another-process');
    expect(await shared.get('k')).toBeUndefined();
    expect((await cache.getToken()).token).toBe('token-2');
  });
});
