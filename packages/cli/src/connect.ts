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
import { fallbackOAuthStrategy } from './fallback-oauth.js';

type StrategyFactory<C> = (options: C & { store: TokenStore; fetch: typeof fetch }) => AuthStrategy;

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

/** The token store of the CLI: one 0600 JSON file in the cache directory. */
export function fileStore(path: string): TokenStore {
  return createFileTokenStore({ path });
}

/** Builds the strategy for `kind` from complete credentials. */
export async function createStrategy(
  kind: AuthKind,
  credentials: OAuthCredentials | JwtCredentials,
  options: { store: TokenStore; fetch: typeof fetch },
): Promise<AuthStrategy> {
  if (kind === 'oauth') {
    const module = (await import('@campaign-standard/auth-oauth')) as Record<string, unknown>;
    const factory = module['createOAuthServerToServerAuth'] as StrategyFactory<OAuthCredentials> | undefined;
    if (!factory) return fallbackOAuthStrategy(credentials as OAuthCredentials, options);
    return factory({ ...(credentials as OAuthCredentials), ...options });
  }
  const module = (await import('@campaign-standard/auth-jwt')) as Record<string, unknown>;
  const factory = module['createJwtAuth'] as StrategyFactory<JwtCredentials> | undefined;
  if (!factory)
    throw new ConfigurationError(
      [{ field: 'auth', problem: 'the JWT strategy is not available in this build' }],
      'acs',
    );
  return factory({ ...(credentials as JwtCredentials), ...options });
}
