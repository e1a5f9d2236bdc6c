import type { StoredToken, TokenStore } from './types.js';

/**
 * True when `value` has the shape of a {@link StoredToken} (a token string and numeric
 * timestamps). Stores shared with other processes use it to ignore entries they cannot trust.
 */
export function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as { accessToken?: unknown; storedAt?: unknown };
  if (typeof entry.storedAt !== 'number' || !Number.isFinite(entry.storedAt)) return false;
  const token = entry.accessToken as Partial<Record<keyof StoredToken['accessToken'], unknown>> | undefined;
  if (typeof token !== 'object' || token === null) return false;
  if (typeof token.token !== 'string' || token.token === '') return false;
  if (token.tokenType !== 'bearer') return false;
  if (typeof token.expiresOnTimestamp !== 'number' || !Number.isFinite(token.expiresOnTimestamp))
    return false;
  return (
    token.refreshAfterTimestamp === undefined ||
    (typeof token.refreshAfterTimestamp === 'number' && Number.isFinite(token.refreshAfterTimestamp))
  );
}

/**
 * A {@link TokenStore} in this process's memory: the default behind every token cache. Expired
 * entries are dropped when read.
 *
 * @param now - the clock, `Date.now` by default
 */
export function createMemoryTokenStore(now: () => number = Date.now): TokenStore {
  const entries = new Map<string, StoredToken>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry && entry.accessToken.expiresOnTimestamp <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    set(key, value) {
      entries.set(key, value);
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
