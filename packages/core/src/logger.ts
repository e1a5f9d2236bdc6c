import { redact } from './redact.js';

/**
 * Where the SDK reports its own events: tokens refreshed, retries and their waits, 429 back-offs,
 * waits for another process's token, deprecations. pino, winston and `console` satisfy it as they
 * are; a level left out is silent. Each method is called with one line of text, already redacted
 * (no client secret, private key, passphrase or token ever reaches a logger).
 *
 * Levels: `debug` for each retry and wait, `info` for each token fetched from IMS, `warn` for
 * deprecations and anything the application should change, `error` is not used by the SDK today.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const client = createCampaignClient({ auth, tenant: 'acme', logger: pino() });
 * ```
 */
export interface Logger {
  /** Detail: each retry and how long it waits. */
  debug?(message: string): unknown;
  /** Events worth a line in production logs: a token fetched from IMS. */
  info?(message: string): unknown;
  /** Something to act on: a deprecated option, a fleet lock that was not released in time. */
  warn?(message: string): unknown;
  /** Failures the SDK itself cannot report otherwise. */
  error?(message: string): unknown;
}

/** The levels of a {@link Logger}. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A warning the SDK emits: its text and stable code (`process.on('warning')` filters read it). */
export interface SdkWarning {
  /** One line of text. */
  readonly message: string;
  /** A stable code, e.g. `ACS_CLIENT_HOOKS_DEPRECATED`. */
  readonly code: string;
  /** The Node.js warning type. @defaultValue 'Warning' */
  readonly type?: 'Warning' | 'DeprecationWarning';
}

interface WarningProcess {
  emitWarning?: (message: string, options: { type: string; code: string }) => void;
}

/** The problem with a `logger` option, for `ConfigurationError`, or `undefined` when it is fine. */
export function loggerProblem(logger: unknown): string | undefined {
  if (logger === undefined) return undefined;
  if (typeof logger !== 'object' || logger === null)
    return 'must be an object with debug, info, warn or error methods (pino, winston, console)';
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    const method = (logger as Record<string, unknown>)[level];
    if (method !== undefined && typeof method !== 'function') return `has a non-function ${level}`;
  }
  return undefined;
}

/**
 * Writes one SDK event to `logger` at `level`, redacted. Without a logger, only warnings are
 * emitted, as Node.js process warnings (`process.emitWarning`), the SDK's default. A logger that
 * throws never fails the SDK's work.
 */
export function sdkLog(logger: Logger | undefined, level: LogLevel, message: string | SdkWarning): void {
  const text = redact(typeof message === 'string' ? message : message.message);
  if (logger) {
    try {
      logger[level]?.(text);
    } catch {
      // a broken logger must not break a call
    }
    return;
  }
  if (level !== 'warn' && level !== 'error') return;
  const proc = (globalThis as { process?: WarningProcess }).process;
  if (typeof proc?.emitWarning !== 'function') return;
  const warning = typeof message === 'string' ? undefined : message;
  proc.emitWarning(text, { type: warning?.type ?? 'Warning', code: warning?.code ?? 'ACS_WARNING' });
}

/** Whether a log line at `level` goes anywhere (so that building it can be skipped). */
export function logs(logger: Logger | undefined, level: LogLevel): boolean {
  return logger !== undefined && typeof logger[level] === 'function';
}
