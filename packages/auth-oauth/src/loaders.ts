import {
  type CredentialsCheck,
  checkOAuthCredentials,
  type EnvironmentVariables,
  type LoadedCredentials,
  type OAuthCredentials,
  ownProperties,
  readConsoleCredentials,
  readCredentialsFromEnvironment,
} from '@campaign-standard/core';
import type { OAuthRuntimeOptions, OAuthServerToServerAuth } from './options.js';
import { buildChecked } from './strategy.js';

function processEnv(): EnvironmentVariables {
  return (globalThis as { process?: { env?: EnvironmentVariables } }).process?.env ?? {};
}

/**
 * The strategy for credentials read by one of core's loaders (`readCredentialsFromEnvironment`,
 * `readConsoleCredentials`, `credentialsFromSettings`), or for the result of core's
 * `checkOAuthCredentials`, which is taken as it is: the credentials are checked once.
 *
 * Same signature as `fromCredentials` in `@campaign-standard/auth-jwt`: given loaded
 * credentials, migrating is swapping the import.
 *
 * @param credentials - loaded credentials, or an OAuth Server-to-Server check result
 * @param options - how to talk to IMS and cache tokens
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} naming each setting that is missing or wrong.
 */
export function fromCredentials(
  credentials: LoadedCredentials | CredentialsCheck<OAuthCredentials>,
  options: OAuthRuntimeOptions = {},
): OAuthServerToServerAuth {
  // a check core made is taken as it is; anything else is checked here, once
  return buildChecked(checkOAuthCredentials(credentials), ownProperties(options as Record<string, unknown>));
}

/**
 * The strategy configured by the SDK's environment variables: `ACS_CLIENT_ID`,
 * `ACS_CLIENT_SECRET` (or `ACS_CLIENT_SECRETS`, a comma or JSON list of up to two), `ACS_ORG_ID`,
 * `ACS_SCOPES` (a comma or JSON list), optionally `ACS_IMS_URL`, or `ACS_CREDENTIALS_FILE` naming
 * a Developer Console download (the variables override it).
 *
 * Same signature as `fromEnvironment` in `@campaign-standard/auth-jwt`: migrating is swapping
 * the import and the variables.
 *
 * @param env - the variables; `process.env` by default (where there is one)
 * @param options - how to talk to IMS and cache tokens
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} naming each variable that is missing or wrong.
 */
export function fromEnvironment(
  env: EnvironmentVariables = processEnv(),
  options: OAuthRuntimeOptions = {},
): OAuthServerToServerAuth {
  return fromCredentials(readCredentialsFromEnvironment(env), options);
}

/**
 * The strategy for a Developer Console download: the workspace JSON ("Download all"), the
 * credential's own JSON, or an aio config, as a file path, JSON text or parsed object. During a
 * JWT → OAuth migration the workspace holds both credentials, and the OAuth one is used.
 *
 * Same signature as `fromConsoleCredentials` in `@campaign-standard/auth-jwt`.
 *
 * @param jsonOrPath - the file's path, its JSON text, or the parsed object
 * @param options - how to talk to IMS and cache tokens (and `imsUrl` for the stage IMS)
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} when the file cannot be read or lacks what OAuth needs.
 */
export function fromConsoleCredentials(
  jsonOrPath: string | object,
  options: OAuthRuntimeOptions & { imsUrl?: string | undefined } = {},
): OAuthServerToServerAuth {
  const loaded = readConsoleCredentials(jsonOrPath);
  const { imsUrl, ...runtime } = options;
  if (imsUrl !== undefined) loaded.imsUrl = imsUrl;
  return fromCredentials(loaded, runtime);
}
