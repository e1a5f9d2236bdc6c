import {
  type AuthStrategy,
  ConfigurationError,
  type CredentialsCheck,
  checkOAuthCredentials,
  isCampaignSdkError,
  type LoadedCredentials,
  type OAuthCredentials,
  type TokenStore,
} from '@campaign-standard/core';
import { createFileTokenStore } from '@campaign-standard/core/file-store';
import type { AuthKind } from './config/resolve.js';

/** What to do about a configuration the strategy refused. */
const DOCTOR_HINT =
  'Run `acs doctor` to see where each setting comes from, or try the command with --sandbox.';

/** The outcome of checking the credentials for one kind of authentication. */
export type CheckedCredentials = CredentialsCheck<OAuthCredentials> | CredentialsCheck<object>;

/**
 * Checks the credentials for `kind`, once, with the strategy package's own rules (core's for
 * OAuth Server-to-Server, auth-jwt's for JWT, loaded only when asked for).
 */
export async function checkCredentials(
  kind: AuthKind,
  credentials: LoadedCredentials,
): Promise<CheckedCredentials> {
  if (kind === 'oauth') return checkOAuthCredentials(credentials);
  const { checkJwtCredentials } = await import('@campaign-standard/auth-jwt');
  return checkJwtCredentials(credentials);
}

/**
 * The token store of the CLI: one 0600 JSON file in the cache directory. A file that is a link, a
 * FIFO or otherwise unsafe, or a directory others can write to, is skipped and reported to `warn`.
 */
export function fileStore(path: string, warn: (text: string) => void): TokenStore {
  return createFileTokenStore({ path, onWarning: warn });
}

/** The strategy's refusal of a configuration, with the way to see where each setting comes from. */
function withDoctorHint(error: unknown): unknown {
  // by code, not class: the strategy package may use another copy of core
  if (!isCampaignSdkError(error, 'ERR_CONFIGURATION')) return error;
  const { issues, source } = error as ConfigurationError;
  const hint = [error.hint, DOCTOR_HINT].filter(Boolean).join(' ');
  return new ConfigurationError(issues, source, { hint });
}

/**
 * Builds the strategy for `kind` from the check of its credentials, through the strategy
 * package's `fromCredentials`, which takes the check as it is: nothing is checked twice. A failed
 * check is thrown as the strategy reports it (with its advice), plus how to investigate.
 */
export async function createStrategy(
  kind: AuthKind,
  check: CheckedCredentials,
  options: { store: TokenStore; fetch: typeof fetch; quiet?: boolean },
): Promise<AuthStrategy> {
  const { quiet, ...runtime } = options;
  try {
    if (kind === 'oauth') {
      const { fromCredentials } = await import('@campaign-standard/auth-oauth');
      return fromCredentials(check as CredentialsCheck<OAuthCredentials>, {
        userAgent: 'acs-cli',
        ...runtime,
      });
    }
    const { fromCredentials } = await import('@campaign-standard/auth-jwt');
    return fromCredentials(check as Parameters<typeof fromCredentials>[0], {
      userAgent: 'acs-cli',
      ...(quiet ? { quietDeprecation: true } : {}),
      ...runtime,
    });
  } catch (error) {
    throw withDoctorHint(error);
  }
}
