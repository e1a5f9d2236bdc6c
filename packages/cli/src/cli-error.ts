import { type CliErrorKind, EXIT_CODES } from './exit-codes.js';

export type { CliErrorKind } from './exit-codes.js';

/**
 * A failure found by the command line itself (a bad argument, a file that would be overwritten):
 * a message, what to do about it, and the exit code of its kind.
 */
export class CliError extends Error {
  /** What the user can do about it. */
  readonly hint: string | undefined;
  /** The kind of failure. */
  readonly kind: CliErrorKind;
  /** The process exit code for this failure. */
  readonly exitCode: (typeof EXIT_CODES)[CliErrorKind];

  constructor(kind: CliErrorKind, message: string, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.kind = kind;
    this.hint = hint;
    this.exitCode = EXIT_CODES[kind];
  }
}
