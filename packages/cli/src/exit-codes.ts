import { isCampaignSdkError } from '@campaign-standard/core';
import { CliError } from './cli-error.js';

/**
 * The exit codes of `acs`, stable so that scripts can branch on them.
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
 */
export const EXIT_CODES = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  configuration: 3,
  authentication: 4,
  api: 5,
  network: 6,
  notFound: 7,
} as const;

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code a failure maps to. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (!isCampaignSdkError(error)) return EXIT_CODES.unexpected;
  switch (error.code) {
    case 'ERR_CONFIGURATION':
    case 'ERR_PRIVATE_KEY':
    case 'ERR_UNSAFE_FILE':
      return EXIT_CODES.configuration;
    case 'ERR_IMS':
      return EXIT_CODES.authentication;
    case 'ERR_API':
      return (error as { status?: unknown }).status === 404 ? EXIT_CODES.notFound : EXIT_CODES.api;
    case 'ERR_TENANT_URI':
    case 'ERR_UNEXPECTED_RESPONSE':
    case 'ERR_FOREIGN_ORIGIN':
    case 'ERR_PAGINATION':
      return EXIT_CODES.api;
    case 'ERR_NETWORK':
    case 'ERR_TIMEOUT':
    case 'ERR_OUTCOME_UNKNOWN':
      return EXIT_CODES.network;
    default:
      return EXIT_CODES.unexpected;
  }
}
