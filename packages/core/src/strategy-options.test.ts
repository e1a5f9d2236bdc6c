import { describe, expect, it } from 'vitest';
import { checkTokenRuntimeOptions, checkUnknownOptions, pickRuntimeOptions } from './strategy-options.js';

describe('checkTokenRuntimeOptions', () => {
  it('accepts the documented shapes', () => {
    expect(
      checkTokenRuntimeOptions({
        fetch: () => undefined,
        store: { get() {}, set() {}, delete() {} },
        refreshWindowMs: 0,
        retry: { maxRetries: 1, initialDelayMs: 10 },
        userAgent: 'x',
      }),
    ).toEqual([]);
    expect(checkTokenRuntimeOptions({ retry: false })).toEqual([]);
  });

  it('checks every key inside retry, not only its type', () => {
    expect(checkTokenRuntimeOptions({ retry: { maxRetrys: 2, maxDelayMs: -1 } })).toEqual([
      {
        field: 'retry.maxRetrys',
        problem: 'is not a retry option (maxRetries, initialDelayMs, maxDelayMs, maxRetryAfterMs)',
      },
      { field: 'retry.maxDelayMs', problem: 'must be a number, 0 or more' },
    ]);
    expect(checkTokenRuntimeOptions({ retry: 3 }).map((issue) => issue.field)).toEqual(['retry']);
  });

  it('reports wrong types of the other options', () => {
    expect(
      checkTokenRuntimeOptions({ fetch: 'x', store: {}, refreshWindowMs: Number.NaN, userAgent: 1 }).map(
        (issue) => issue.field,
      ),
    ).toEqual(['fetch', 'store', 'refreshWindowMs', 'userAgent']);
  });
});

describe('checkUnknownOptions', () => {
  it('says what a misplaced name is, and names the factory for the rest', () => {
    expect(
      checkUnknownOptions({ a: 1, client_id: 'x', toString: 1 }, ['a'], { client_id: 'use clientId' }, 'f'),
    ).toEqual([
      { field: 'client_id', problem: 'use clientId' },
      { field: 'toString', problem: 'is not an option of f' },
    ]);
  });
});

describe('pickRuntimeOptions', () => {
  it('keeps the runtime options given, and the extra keys', () => {
    expect(pickRuntimeOptions({ fetch: 1, clientId: 'x', quiet: true, store: undefined }, ['quiet'])).toEqual(
      {
        fetch: 1,
        quiet: true,
      },
    );
  });
});
