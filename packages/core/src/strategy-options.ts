import type { ConfigurationIssue } from './errors.js';
import { type Logger, loggerProblem } from './logger.js';
import { createRecord } from './own-properties.js';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retry.js';
import type { FetchLike, TokenStore } from './types.js';

/** The settings of a strategy that are not credentials: how it talks to IMS and caches tokens. */
export interface TokenRuntimeOptions {
  /** The `fetch` to use, `globalThis.fetch` by default (inject one for proxies or tests). */
  fetch?: FetchLike | undefined;
  /**
   * Where tokens are cached. Default: memory, private to this strategy. Use the file store from
   * `@campaign-standard/core/file-store` to share tokens between runs, or a shared store
   * (Redis, …) to share them between processes.
   */
  store?: TokenStore | undefined;
  /** Refresh this long before expiry, serving the current token meanwhile. @defaultValue 600_000 */
  refreshWindowMs?: number | undefined;
  /** Retries on IMS 429, 5xx and network errors; `false` to fail at once. */
  retry?: RetryOptions | false | undefined;
  /** A `User-Agent` for token requests, where the runtime allows one. */
  userAgent?: string | undefined;
  /** Where tokens fetched (`info`) and token requests retried (`debug`) are reported; see {@link @campaign-standard/core!Logger | Logger}. */
  logger?: Logger | undefined;
}

/** The names of the {@link TokenRuntimeOptions}. */
export const TOKEN_RUNTIME_OPTION_KEYS: readonly string[] = Object.freeze([
  'fetch',
  'store',
  'refreshWindowMs',
  'retry',
  'userAgent',
  'logger',
]);

const RETRY_KEYS = Object.keys(DEFAULT_RETRY_OPTIONS);

function isNumberAtLeastZero(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Problems with the {@link TokenRuntimeOptions} of an options object (other names are left
 * alone): `fetch` a function, `store` an object with `get`, `set` and `delete`,
 * `refreshWindowMs` a number of milliseconds, `retry` `false` or an object of {@link RetryOptions}
 * (each key known, each value a number, 0 or more), `userAgent` a string, `logger` a {@link Logger}.
 */
export function checkTokenRuntimeOptions(options: Readonly<Record<string, unknown>>): ConfigurationIssue[] {
  const issues: ConfigurationIssue[] = [];
  const { fetch, store, refreshWindowMs, retry, userAgent, logger } = options;
  if (fetch !== undefined && typeof fetch !== 'function')
    issues.push({ field: 'fetch', problem: 'must be a function with the signature of fetch' });
  if (store !== undefined) {
    const candidate = store as Partial<Record<'get' | 'set' | 'delete', unknown>> | null;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      typeof candidate.get !== 'function' ||
      typeof candidate.set !== 'function' ||
      typeof candidate.delete !== 'function'
    )
      issues.push({ field: 'store', problem: 'must be a token store with get, set and delete methods' });
  }
  if (refreshWindowMs !== undefined && !isNumberAtLeastZero(refreshWindowMs))
    issues.push({ field: 'refreshWindowMs', problem: 'must be a number of milliseconds, 0 or more' });
  if (retry !== undefined && retry !== false) {
    if (typeof retry !== 'object' || retry === null || Array.isArray(retry))
      issues.push({ field: 'retry', problem: `must be false or an object with ${RETRY_KEYS.join(', ')}` });
    else
      for (const [name, value] of Object.entries(retry)) {
        if (!RETRY_KEYS.includes(name))
          issues.push({
            field: `retry.${name}`,
            problem: `is not a retry option (${RETRY_KEYS.join(', ')})`,
          });
        else if (value !== undefined && !isNumberAtLeastZero(value))
          issues.push({ field: `retry.${name}`, problem: 'must be a number, 0 or more' });
      }
  }
  if (userAgent !== undefined && typeof userAgent !== 'string')
    issues.push({ field: 'userAgent', problem: 'must be a string' });
  const loggerIssue = loggerProblem(logger);
  if (loggerIssue) issues.push({ field: 'logger', problem: loggerIssue });
  return issues;
}

/**
 * Options nobody reads: each name of `options` that is not in `known`, with what `misplaced`
 * says about it (names copied from Developer Console files or from the other strategy), else
 * `is not an option of <factory>`.
 *
 * @param options - the options as given
 * @param known - every name the strategy reads
 * @param misplaced - what to say about names people often give by mistake
 * @param factory - the function the options were given to, for the default message
 */
export function checkUnknownOptions(
  options: Readonly<Record<string, unknown>>,
  known: Iterable<string>,
  misplaced: Readonly<Record<string, string>>,
  factory: string,
): ConfigurationIssue[] {
  const names = new Set(known);
  return Object.keys(options)
    .filter((name) => !names.has(name))
    .map((name) => ({
      field: name,
      problem: Object.hasOwn(misplaced, name) ? misplaced[name]! : `is not an option of ${factory}`,
    }));
}

/** Only the {@link TokenRuntimeOptions} of an options object, and `extraKeys`, when set. */
export function pickRuntimeOptions<T extends TokenRuntimeOptions>(
  options: Readonly<Record<string, unknown>>,
  extraKeys: readonly string[] = [],
): T {
  // without a prototype: an option left out can never be read from a polluted Object.prototype
  const out = createRecord();
  for (const key of [...TOKEN_RUNTIME_OPTION_KEYS, ...extraKeys])
    if (options[key] !== undefined) out[key] = options[key];
  return out as T;
}
