import {
  type AuthStrategy,
  ConfigurationError,
  checkJwtCredentials,
  checkOAuthCredentials,
  type JwtCredentials,
  type LoadedCredentials,
  type OAuthCredentials,
  readCredentialsFromEnvironment,
  type TokenStore,
} from '@campaign-standard/core';
import { createFileTokenStore } from '@campaign-standard/core/file-store';
import type { AuthKind } from './config/resolve.js';

/** Loads the `ACS_*` values (already merged across layers) as core's credentials. */
export function loadCredentials(env: Record<string, string>, source: string): LoadedCredentials {
  const { ACS_CREDENTIALS_FILE: _alreadyMerged, ...rest } = env;
  const loaded = readCredentialsFromEnvironment(rest);
  return { ...loaded, source };
}

/** Complete credentials for `kind`, or a configuration error listing every problem. */
export function requireCredentials(kind: 'oauth', loaded: LoadedCredentials): OAuthCredentials;
export function requireCredentials(kind: 'jwt', loaded: LoadedCredentials): JwtCredentials;
export function requireCredentials(
  kind: AuthKind,
  loaded: LoadedCredentials,
): OAuthCredentials | JwtCredentials;
export function requireCredentials(
  kind: AuthKind,
  loaded: LoadedCredentials,
): OAuthCredentials | JwtCredentials {
  const check =
    kind === 'oauth'
      ? checkOAuthCredentials(loaded, loaded.source)
      : checkJwtCredentials(loaded, loaded.source);
  if (check.credentials) return check.credentials;
  throw new ConfigurationError(check.issues, loaded.source, {
    hint: 'Run `acs doctor` to see where each setting comes from, or try the command with --sandbox.',
  });
}

/**
 * The token store of the CLI: one 0600 JSON file in the cache directory. A file that is a link, a
 * FIFO or otherwise unsafe, or a directory others can write to, is skipped and reported to `warn`.
 */
export function fileStore(path: string, warn: (text: string) => void): TokenStore {
  return createFileTokenStore({ path, onWarning: warn });
}

/** Builds the strategy for `kind` from complete credentials. */
export async function createStrategy(
  kind: AuthKind,
  credentials: OAuthCredentials | JwtCredentials,
  options: { store: TokenStore; fetch: typeof fetch; quiet?: boolean },
): Promise<AuthStrategy> {
  const { quiet, ...runtime } = options;
  if (kind === 'oauth') {
    const { createOAuthServerToServerAuth } = await import('@campaign-standard/auth-oauth');
    const c = credentials as OAuthCredentials;
    return createOAuthServerToServerAuth({
      userAgent: 'acs-cli',
      clientId: c.clientId,
      clientSecrets: c.clientSecrets,
      orgId: c.orgId,
      scopes: c.scopes,
      ...(c.technicalAccountId ? { technicalAccountId: c.technicalAccountId } : {}),
      ...(c.imsUrl ? { imsUrl: c.imsUrl } : {}),
      ...runtime,
    });
  }
  const { createJwtAuth } = await import('@campaign-standard/auth-jwt');
  const c = credentials as JwtCredentials;
  return createJwtAuth({
    userAgent: 'acs-cli',
    ...(quiet ? { quietDeprecation: true } : {}),
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    orgId: c.orgId,
    technicalAccountId: c.technicalAccountId,
    metascopes: c.metascopes,
    ...(c.privateKey ? { privateKey: c.privateKey } : {}),
    ...(c.privateKeyFile ? { privateKeyFile: c.privateKeyFile } : {}),
    ...(c.passphrase ? { passphrase: c.passphrase } : {}),
    ...(c.imsUrl ? { imsUrl: c.imsUrl } : {}),
    ...runtime,
  });
}
