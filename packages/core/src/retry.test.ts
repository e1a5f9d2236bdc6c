import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, ImsError, NetworkError, TimeoutError } from './errors.js';
import { computeBackoff, isRetryableTokenError, parseRetryAfter, sleep, withRetry } from './retry.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP date as the time left until then', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('computeBackoff', () => {
  const top = () => 0.999_999;

  it('grows exponentially with full jitter, capped by maxDelayMs', () => {
    expect(computeBackoff(0, {}, undefined, top)).toBe(499);
    expect(computeBackoff(2, {}, undefined, top)).toBe(1999);
    expect(computeBackoff(20, {}, undefined, top)).toBe(29_999);
    expect(computeBackoff(3, { initialDelayMs: 100, maxDelayMs: 250 }, undefined, top)).toBe(249);
    expect(computeBackoff(5, {}, undefined, () => 0)).toBe(0);
  });

  it('lets Retry-After win, capped by maxRetryAfterMs', () => {
    expect(computeBackoff(0, {}, 7000, top)).toBe(7000);
    expect(computeBackoff(0, {}, 600_000, top)).toBe(60_000);
    expect(computeBackoff(0, { maxRetryAfterMs: 5000 }, 7000, top)).toBe(5000);
  });
});

describe('isRetryableTokenError', () => {
  it('retries throttling, server faults and network failures only', () => {
    expect(isRetryableTokenError(new ImsError({ status: 429 }))).toBe(true);
    expect(isRetryableTokenError(new ImsError({ status: 503 }))).toBe(true);
    expect(isRetryableTokenError(new NetworkError('reset'))).toBe(true);
    expect(isRetryableTokenError(new TimeoutError('silent', 100))).toBe(true);
    expect(isRetryableTokenError(new NetworkError('proxy 407', { retryable: false }))).toBe(false);
    expect(isRetryableTokenError(new ImsError({ status: 400, error: 'invalid_client' }))).toBe(false);
    expect(isRetryableTokenError(new ImsError({ status: 401, error: 'invalid_client' }))).toBe(false);
    expect(isRetryableTokenError(new Error('bug'))).toBe(false);
  });
});

describe('withRetry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries a 503 and a network error, then returns the result', async () => {
    const failures = [new ImsError({ status: 503 }), new NetworkError('ECONNRESET')];
    const fn = vi.fn(async (attempt: number) => {
      const failure = failures[attempt];
      if (failure) throw failure;
      return 'ok';
    });
    const result = withRetry(fn, { random: () => 0 });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('never retries invalid_client', async () => {
    const error = new ImsError({ status: 400, error: 'invalid_client' });
    const fn = vi.fn(async () => {
      throw error;
    });
    await expect(withRetry(fn)).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxRetries with the last error', async () => {
    let calls = 0;
    const result = withRetry(
      async () => {
        calls++;
        throw new ImsError({ status: 500, errorDescription: `try ${calls}` });
      },
      { options: { maxRetries: 2 }, random: () => 0 },
    );
    const assertion = expect(result).rejects.toMatchObject({ status: 500, errorDescription: 'try 3' });
    await vi.runAllTimersAsync();
    await assertion;
    expect(calls).toBe(3);
  });

  it('waits what Retry-After asks before the next attempt', async () => {
    const fn = vi.fn(async (attempt: number) => {
      if (attempt === 0) throw new ImsError({ status: 429, retryAfterMs: 2000 });
      return 'ok';
    });
    const result = withRetry(fn);
    await vi.advanceTimersByTimeAsync(1999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    await expect(result).resolves.toBe('ok');
  });

  it('stops at once when aborted during a wait, and leaves no timer', async () => {
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      throw new ImsError({ status: 429, retryAfterMs: 30_000 });
    });
    const result = withRetry(fn, { signal: controller.signal });
    const assertion = expect(result).rejects.toBeInstanceOf(AbortedError);
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await assertion;
    expect(vi.getTimerCount()).toBe(0);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('sleep rejects with AbortedError when the signal already fired', async () => {
    await expect(sleep(1000, AbortSignal.abort())).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
