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
