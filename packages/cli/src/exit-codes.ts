import type { BulkErrorCode } from '@campaign-standard/bulk';
import { type ErrorCode, isCampaignSdkError } from '@campaign-standard/core';

/**
 * The one table of the exit codes of `acs`: each kind of failure, its code (stable, so that
 * scripts can branch on them) and what it means. {@link EXIT_CODES}, the codes of `CliError`,
 * the mapping of SDK errors and the `--help` text are all read from it.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | success |
 * | 1 | unexpected failure (a bug, an interrupted run) |
 * | 2 | usage: unknown command or option, bad argument |
 * | 3 | configuration: settings missing or malformed, unusable private key, unsafe config file |
 * | 4 | authentication: Adobe IMS refused to issue a token |
 * | 5 | Campaign answered with an error (other than 404) or broke the protocol |
 * | 6 | network: no answer, timeout, or a request whose outcome is unknown |
 * | 7 | not found: Campaign answered 404 |
 * | 8 | a bulk job completed, but Campaign refused some rows (the rejects file lists them) |
 * | 9 | a bulk job is incomplete (stopped by Ctrl-C or a failure): `--resume` continues it |
 * | 10 | a bulk job's input file is malformed (the message names the line): nothing was sent |
 * | 11 | a bulk job's journal or an export's checkpoint cannot be used (exists, another job's, locked, corrupt) |
 * | 12 | a check found something that blocks (`acs migrate standard-to-v8 check`: calls that will fail on Campaign v8) |
 * | 13 | a generated file differs from the tenant's schema (`acs types generate --check`) |
 */
const EXIT_TABLE = [
  { kind: 'ok', code: 0, meaning: 'success' },
  { kind: 'unexpected', code: 1, meaning: 'unexpected failure' },
  { kind: 'usage', code: 2, meaning: 'usage: unknown command or option, bad argument' },
  { kind: 'configuration', code: 3, meaning: 'configuration missing or malformed' },
  { kind: 'authentication', code: 4, meaning: 'authentication: IMS refused the credentials' },
  { kind: 'api', code: 5, meaning: 'Campaign answered with an error' },
  { kind: 'network', code: 6, meaning: 'network failure or timeout' },
  { kind: 'notFound', code: 7, meaning: 'not found (404)' },
  {
    kind: 'refused',
    code: 8,
    meaning: 'bulk job complete, but Campaign refused rows (see the rejects file)',
  },
  {
    kind: 'incomplete',
    code: 9,
    meaning: 'bulk job incomplete (stopped or failed): run it again with --resume',
  },
  { kind: 'input', code: 10, meaning: 'bulk input file malformed (the line is named): nothing was sent' },
  {
    kind: 'journal',
    code: 11,
    meaning: 'bulk journal or export checkpoint unusable (exists, locked, other job)',
  },
  { kind: 'blocked', code: 12, meaning: 'a check found what blocks (migrate standard-to-v8 check)' },
  {
    kind: 'outdated',
    code: 13,
    meaning: 'a generated file differs from the tenant (types generate --check)',
  },
] as const;

/** Every kind of outcome, `ok` included. */
export type ExitKind = (typeof EXIT_TABLE)[number]['kind'];

/** What kind of failure a `CliError` is; decides its exit code. */
export type CliErrorKind = Exclude<ExitKind, 'ok' | 'unexpected'>;

/** The exit codes of `acs` by kind of outcome. */
export const EXIT_CODES = Object.freeze(
  Object.fromEntries(EXIT_TABLE.map((row) => [row.kind, row.code])) as {
    readonly [K in ExitKind]: Extract<(typeof EXIT_TABLE)[number], { kind: K }>['code'];
  },
);

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The kind of failure each SDK error code is. */
const SDK_ERROR_KINDS: Record<ErrorCode, Exclude<ExitKind, 'ok'>> = {
  ERR_CONFIGURATION: 'configuration',
  ERR_PRIVATE_KEY: 'configuration',
  ERR_UNSAFE_FILE: 'configuration',
  ERR_IMS: 'authentication',
  ERR_API: 'api',
  ERR_TENANT_URI: 'api',
  ERR_UNEXPECTED_RESPONSE: 'api',
  ERR_FOREIGN_ORIGIN: 'api',
  ERR_PAGINATION: 'api',
  ERR_NETWORK: 'network',
  ERR_TIMEOUT: 'network',
  ERR_OUTCOME_UNKNOWN: 'network',
  ERR_ABORTED: 'unexpected',
  // refused before sending; the platform would have answered 404
  ERR_UNAVAILABLE_API: 'notFound',
};

/** The kind of failure each error code of `@campaign-standard/bulk` is. */
const BULK_ERROR_KINDS: Record<BulkErrorCode, Exclude<ExitKind, 'ok'>> = {
  ERR_BULK_INPUT: 'input',
  ERR_BULK_JOURNAL: 'journal',
  ERR_BULK_CHECKPOINT: 'journal',
};

/** The kind of failure an error is: a `CliError`'s own, an SDK error's by code, else `unexpected`. */
export function failureKind(error: unknown): Exclude<ExitKind, 'ok'> {
  if (error instanceof Error && error.name === 'CliError') {
    const kind = (error as { kind?: unknown }).kind;
    if (typeof kind === 'string' && Object.hasOwn(EXIT_CODES, kind) && kind !== 'ok')
      return kind as CliErrorKind;
  }
  if (!isCampaignSdkError(error)) return 'unexpected';
  if (error.code === 'ERR_API' && (error as { status?: unknown }).status === 404) return 'notFound';
  if (Object.hasOwn(SDK_ERROR_KINDS, error.code)) return SDK_ERROR_KINDS[error.code];
  const code: string = error.code;
  return Object.hasOwn(BULK_ERROR_KINDS, code) ? BULK_ERROR_KINDS[code as BulkErrorCode] : 'unexpected';
}

/** The exit code a failure maps to. */
export function exitCodeFor(error: unknown): ExitCode {
  return EXIT_CODES[failureKind(error)];
}

/** The exit codes as `acs --help` lists them. */
export function exitCodeHelp(): string {
  return `\nExit codes:\n${EXIT_TABLE.map((row) => `  ${row.code}  ${row.meaning}`).join('\n')}\n`;
}
