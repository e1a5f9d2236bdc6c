/** What kind of failure a {@link CliError} is; decides its exit code. */
export type CliErrorKind = 'usage' | 'configuration' | 'authentication' | 'api' | 'network' | 'notFound';

const EXIT_BY_KIND: Record<CliErrorKind, 2 | 3 | 4 | 5 | 6 | 7> = {
  usage: 2,
  configuration: 3,
  authentication: 4,
  api: 5,
  network: 6,
  notFound: 7,
};

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
  readonly exitCode: 2 | 3 | 4 | 5 | 6 | 7;

  constructor(kind: CliErrorKind, message: string, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.kind = kind;
    this.hint = hint;
    this.exitCode = EXIT_BY_KIND[kind];
  }
}
