import { afterEach, describe, expect, it, vi } from 'vitest';
import { loggerProblem, logs, sdkLog } from './logger.js';
import { registerSecret } from './redact.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sdkLog', () => {
  it('writes one redacted line at the level asked, to pino-, winston- and console-shaped loggers', () => {
    const secret = 'logger-test-secret-value-1234';
    registerSecret(secret);
    const seen: unknown[][] = [];
    const logger = { info: (...args: unknown[]) => seen.push(args) };
    sdkLog(logger, 'info', `fetched with ${secret}`);
    sdkLog(logger, 'debug', 'not written: no debug method');
    expect(seen).toEqual([['fetched with [REDACTED]']]);
  });

  it('without a logger: silent, except warnings, emitted as process warnings with their code', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    sdkLog(undefined, 'info', 'quiet');
    sdkLog(undefined, 'debug', 'quiet');
    sdkLog(undefined, 'warn', { message: 'old option', code: 'ACS_TEST', type: 'DeprecationWarning' });
    sdkLog(undefined, 'warn', 'plain');
    expect(emit.mock.calls).toEqual([
      ['old option', { type: 'DeprecationWarning', code: 'ACS_TEST' }],
      ['plain', { type: 'Warning', code: 'ACS_WARNING' }],
    ]);
  });

  it('a logger that throws does not fail the SDK', () => {
    const logger = {
      warn() {
        throw new Error('broken transport');
      },
    };
    expect(() => sdkLog(logger, 'warn', 'x')).not.toThrow();
  });

  it('console satisfies the interface', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    sdkLog(console, 'info', 'hello');
    expect(info).toHaveBeenCalledWith('hello');
    expect(logs(console, 'debug')).toBe(true);
    expect(logs(undefined, 'warn')).toBe(false);
  });
});

describe('loggerProblem', () => {
  it('accepts objects with level methods and refuses the rest', () => {
    expect(loggerProblem(undefined)).toBeUndefined();
    expect(loggerProblem(console)).toBeUndefined();
    expect(loggerProblem({ warn: () => undefined })).toBeUndefined();
    expect(loggerProblem('pino')).toMatch(/must be an object/);
    expect(loggerProblem({ info: 'x' })).toBe('has a non-function info');
  });
});

describe('the token cache reports to its logger', () => {
  it('a token fetched (info, never the token), a retried request (debug), a wait for another process (debug)', async () => {
    const { createTokenCache } = await import('./token-cache.js');
    const { createMemoryTokenStore } = await import('./stores.js');
    const { ImsError } = await import('./errors.js');
    const lines: string[] = [];
    const logger = {
      debug: (line: string) => lines.push(`debug ${line}`),
      info: (line: string) => lines.push(`info ${line}`),
    };
    let fetches = 0;
    const token = 'logged-cache-token-value-0123456789';
    const cache = createTokenCache({
      key: 'k',
      logger,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      fetchToken: async () => {
        fetches++;
        if (fetches === 1) throw new ImsError({ status: 503, error: 'server_error' });
        return { token, tokenType: 'bearer', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    });
    await cache.getToken();
    expect(lines[0]).toMatch(/^debug Token request failed \(.+\), retry 1 in \d+ ms$/);
    expect(lines[1]).toMatch(/^info Access token fetched from IMS \(missing\), valid for 60 min$/);
    expect(lines.join('\n')).not.toContain(token);

    // another process holds the shared lock, then writes its token: this one waits and logs it
    const memory = createMemoryTokenStore();
    let polls = 0;
    const shared = {
      get: memory.get,
      set: memory.set,
      delete: memory.delete,
      async acquire() {
        polls++;
        if (polls === 2)
          await memory.set('k2', {
            accessToken: { token, tokenType: 'bearer', expiresOnTimestamp: Date.now() + 3_600_000 },
            storedAt: Date.now(),
          });
        return undefined;
      },
    };
    let clock = 0;
    const waiting = createTokenCache({
      key: 'k2',
      store: shared,
      logger,
      now: () => {
        clock += 5;
        return Date.now() + clock;
      },
      fetchToken: async () => {
        throw new Error('not fetched: the other process wrote the token');
      },
    });
    lines.length = 0;
    expect((await waiting.getToken()).token).toBe(token);
    expect(lines).toEqual([
      expect.stringMatching(/^debug Waited \d+ ms for the token another process fetched \(shared store\)$/),
    ]);
  });
});
