// Tokens are secrets wherever they come from: the token cache registers each one it takes in,
// including those another run or process left in a shared store, which this process never fetched.
import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../src/redact.js';
import { createTokenCache } from '../../src/token-cache.js';
import type { StoredToken, TokenStore } from '../../src/types.js';

const HOUR = 3_600_000;

describe('the token cache', () => {
  it('registers a token read from the store for redaction', async () => {
    const token = 'token-from-another-process-plain-words';
    const stored: StoredToken = {
      accessToken: { token, tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR },
      storedAt: Date.now(),
    };
    const store: TokenStore = { get: async () => stored, set: async () => {}, delete: async () => {} };
    const cache = createTokenCache({
      key: 'k',
      store,
      fetchToken: () => Promise.reject(new Error('not expected')),
    });
    expect(redact(token)).toBe(token);
    expect((await cache.getToken()).token).toBe(token);
    expect(redact(`Bearer-less ${token}`)).toBe(`Bearer-less ${REDACTED}`);
  });

  it('registers a token its fetchToken returned, whatever fetched it', async () => {
    const token = 'token-from-a-custom-fetch-plain-words';
    const cache = createTokenCache({
      key: 'k',
      fetchToken: async () => ({ token, tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR }),
    });
    await cache.getToken();
    expect(redact(token)).toBe(REDACTED);
  });
});
