import { AbortedError, ImsError, NetworkError, TimeoutError } from './errors.js';

/** How often and how long to retry a failed request. Every field has a default. */
export interface RetryOptions {
  /** Retries after the first attempt. `0` disables retrying. @defaultValue 3 */
  maxRetries?: number;
  /** Upper bound of the first backoff delay, doubled on each retry. @defaultValue 500 */
  initialDelayMs?: number;
  /** Upper bound of any computed backoff delay. @defaultValue 30_000 */
  maxDelayMs?: number;
  /** Upper bound of a delay asked for by the server with `Retry-After`. @defaultValue 60_000 */
  maxRetryAfterMs?: number;
}

/** The values used for every {@link RetryOptions} field left out. */
export const DEFAULT_RETRY_OPTIONS: Readonly<Required<RetryOptions>> = Object.freeze({
  maxRetries: 3,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
});

function resolveRetryOptions(options: RetryOptions | undefined): Required<RetryOptions> {
  const pick = (value: number | undefined, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  return {
    maxRetries: Math.floor(pick(options?.maxRetries, DEFAULT_RETRY_OPTIONS.maxRetries)),
    initialDelayMs: pick(options?.initialDelayMs, DEFAULT_RETRY_OPTIONS.initialDelayMs),
    maxDelayMs: pick(options?.maxDelayMs, DEFAULT_RETRY_OPTIONS.maxDelayMs),
    maxRetryAfterMs: pick(options?.maxRetryAfterMs, DEFAULT_RETRY_OPTIONS.maxRetryAfterMs),
  };
}

/**
 * Reads an HTTP `Retry-After` value, either delay-seconds (`"120"`) or an HTTP date, as a delay in
 * milliseconds from `now`. Returns `undefined` when the header is absent or unreadable; a date in
 * the past gives `0`. The caller applies its own cap.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (/^-/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential backoff with full
 * jitter (a random delay between 0 and `initialDelayMs * 2^attempt`, capped by `maxDelayMs`). A
 * server-given `retryAfterMs` wins over the computed delay, capped by `maxRetryAfterMs`.
 *
 * @param attempt - 0 for the first retry, 1 for the second, …
 * @param options - the retry settings; defaults fill what is left out
 * @param retryAfterMs - the delay the server asked for (from `Retry-After`), if any
 * @param random - a source of numbers in [0, 1), `Math.random` by default
 */
export function computeBackoff(
  attempt: number,
  options: RetryOptions = {},
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const settings = resolveRetryOptions(options);
  if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(retryAfterMs, settings.maxRetryAfterMs);
  }
  const ceiling = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Waits `ms` milliseconds. Rejects with an {@link AbortedError} as soon as `signal` fires, and
 * leaves no pending timer behind in either case.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error to reject with when `signal` fired: the signal's own reason when it is an SDK error. */
export function abortReason(signal: AbortSignal | undefined, message = 'The operation was aborted'): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof AbortedError) return reason;
  return new AbortedError(message, reason === undefined ? {} : { cause: reason });
}

/**
 * True for failures of a token request that are worth another try: an {@link ImsError} with status
 * 429 or 5xx, a {@link NetworkError} that is not marked `retryable: false` (a proxy's 407), and a
 * {@link TimeoutError}. Never for other 4xx answers (`invalid_client`, …).
 */
export function isRetryableTokenError(error: unknown): boolean {
  if (error instanceof ImsError) return error.status === 429 || error.status >= 500;
  if (error instanceof NetworkError) return error.retryable;
  return error instanceof TimeoutError;
}

/** Details passed to {@link WithRetryOptions.onRetry}. */
export interface RetryEvent {
  /** The retry about to happen: 1 for the first retry. */
  attempt: number;
  /** How long the wait is, in milliseconds. */
  delayMs: number;
  /** The failure that caused the retry. */
  error: unknown;
}

/** Options of {@link withRetry}. */
export interface WithRetryOptions {
  /** Stops waiting between attempts (the current attempt sees it through `fn`'s own handling). */
  signal?: AbortSignal | undefined;
  /** Whether a failure deserves another attempt. Default: {@link isRetryableTokenError}. */
  isRetryable?: ((error: unknown) => boolean) | undefined;
  /** The delay the server asked for, in milliseconds. Default: the error's `retryAfterMs` field. */
  retryAfterMs?: ((error: unknown) => number | undefined) | undefined;
  /** Backoff settings. */
  options?: RetryOptions | undefined;
  /** Called before each wait, e.g. to log. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** A source of numbers in [0, 1) for the jitter, `Math.random` by default. */
  random?: (() => number) | undefined;
}

function defaultRetryAfter(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Runs `fn` and, while it fails with a retryable error, runs it again after a backoff delay, up to
 * `maxRetries` more times. The last failure is thrown as is. An abort during a wait rejects with
 * an {@link AbortedError} at once and clears the timer.
 *
 * @param fn - the work; receives the attempt number (0 for the first call)
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: WithRetryOptions = {},
): Promise<T> {
  const settings = resolveRetryOptions(options.options);
  const isRetryable = options.isRetryable ?? isRetryableTokenError;
  const retryAfterOf = options.retryAfterMs ?? defaultRetryAfter;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    try {
      return await fn(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      if (attempt >= settings.maxRetries || !isRetryable(error)) throw error;
      const delayMs = computeBackoff(attempt, settings, retryAfterOf(error), options.random);
      options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
