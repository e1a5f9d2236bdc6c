import {
  type CredentialsCheck,
  type EnvironmentVariables,
  type JwtCredentials,
  type LoadedCredentials,
  ownProperties,
  readConsoleCredentials,
  readCredentialsFromEnvironment,
} from '@campaign-standard/core';
import { type CheckedJwtCredentials, checkJwtCredentials } from './credentials.js';
import type { JwtAuth, JwtRuntimeOptions } from './options.js';
import type { PrivateKeyInput } from './private-key.js';
import { buildChecked } from './strategy.js';

/** Options of {@link fromConsoleCredentials}: what a Developer Console download never contains. */
export interface JwtConsoleOptions extends JwtRuntimeOptions {
  /** The private key (a download never contains it). Give this or `privateKeyFile`. */
  privateKey?: PrivateKeyInput | undefined;
  /** The path of the PEM private key. */
  privateKeyFile?: string | undefined;
  /** The passphrase of an encrypted key. */
  passphrase?: string | undefined;
  /** Metascopes, for downloads that do not list them (the per-credential JWT JSON). */
  metascopes?: readonly string[] | string | undefined;
  /** The IMS origin, e.g. the emulator's or the stage IMS. */
  imsUrl?: string | undefined;
}

function processEnv(): EnvironmentVariables {
  return (globalThis as { process?: { env?: EnvironmentVariables } }).process?.env ?? {};
}

/**
 * The JWT strategy for credentials read by one of core's loaders (`readCredentialsFromEnvironment`,
 * `readConsoleCredentials`, `credentialsFromSettings`), or for the result of
 * {@link checkJwtCredentials}, which is taken as it is: the credentials are checked once.
 *
 * Same signature as `fromCredentials` in `@campaign-standard/auth-oauth`: given loaded
 * credentials, migrating is swapping the import.
 *
 * @deprecated JWT credentials reached end of life; see `docs/guides/migrate-jwt-to-oauth.md`.
 * @param credentials - loaded credentials, or a JWT check result
 * @param options - how to talk to IMS, cache tokens and sign
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} naming each setting that is missing or wrong.
 * @throws {@link @campaign-standard/core!PrivateKeyError | PrivateKeyError} when the key cannot be used.
 */
export function fromCredentials(
  credentials: LoadedCredentials | CredentialsCheck<CheckedJwtCredentials>,
  options: JwtRuntimeOptions = {},
): JwtAuth {
  return fromLoaded(credentials, options);
}

function fromLoaded(
  credentials: LoadedCredentials | CredentialsCheck<CheckedJwtCredentials>,
  options: JwtRuntimeOptions,
  env?: EnvironmentVariables,
): JwtAuth {
  // a check this package made is taken as it is; anything else is checked here, once
  return buildChecked(
    checkJwtCredentials(credentials),
    ownProperties(options as Record<string, unknown>),
    env,
  );
}

/**
 * The JWT strategy configured by the SDK's environment variables: `ACS_CLIENT_ID`,
 * `ACS_CLIENT_SECRET`, `ACS_ORG_ID`, `ACS_TECHNICAL_ACCOUNT_ID`, `ACS_METASCOPES`,
 * `ACS_PRIVATE_KEY` (PEM; `\n` escapes are repaired) or `ACS_PRIVATE_KEY_FILE`,
 * `ACS_PRIVATE_KEY_PASSPHRASE`, optionally `ACS_IMS_URL` and `ACS_CREDENTIALS_FILE`.
 *
 * Same signature as `fromEnvironment` in `@campaign-standard/auth-oauth`: migrating is swapping
 * the import and replacing the key variables by `ACS_SCOPES`.
 *
 * @deprecated JWT credentials reached end of life; see `docs/guides/migrate-jwt-to-oauth.md`.
 * @param env - the variables; `process.env` by default
 * @param options - how to talk to IMS and cache tokens
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} naming each variable that is missing or wrong.
 * @throws {@link @campaign-standard/core!PrivateKeyError | PrivateKeyError} when the key cannot be used.
 */
export function fromEnvironment(
  env: EnvironmentVariables = processEnv(),
  options: JwtRuntimeOptions = {},
): JwtAuth {
  return fromLoaded(readCredentialsFromEnvironment(env), options, env);
}

/**
 * The JWT strategy for a Developer Console download (workspace JSON, the credential's own JSON
 * or an aio config; a path, JSON text or parsed object), completed with the private key, which
 * downloads never contain.
 *
 * Same signature as `fromConsoleCredentials` in `@campaign-standard/auth-oauth`.
 *
 * @deprecated JWT credentials reached end of life; see `docs/guides/migrate-jwt-to-oauth.md`.
 * @param jsonOrPath - the file's path, its JSON text, or the parsed object
 * @param options - the key (`privateKey` or `privateKeyFile`, `passphrase`), and runtime options
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} when the file cannot be read or lacks what JWT needs.
 * @throws {@link @campaign-standard/core!PrivateKeyError | PrivateKeyError} when the key cannot be used.
 */
export function fromConsoleCredentials(
  jsonOrPath: string | object,
  options: JwtConsoleOptions = {},
): JwtAuth {
  const loaded = readConsoleCredentials(jsonOrPath);
  const { privateKey, privateKeyFile, passphrase, metascopes, imsUrl, ...runtime } = options;
  const jwt: Record<string, unknown> = { ...(loaded.jwt ?? {}) };
  const given: Array<[string, unknown]> = [
    ['privateKey', privateKey],
    ['privateKeyFile', privateKeyFile],
    ['passphrase', passphrase],
  ];
  for (const [name, value] of given) {
    if (value === undefined) continue;
    jwt[name] = value;
    loaded.fieldNames[`jwt.${name}`] = name;
  }
  if (metascopes !== undefined) {
    jwt['metascopes'] =
      typeof metascopes === 'string' ? metascopes.split(/[,\s]+/).filter(Boolean) : [...metascopes];
    loaded.fieldNames['jwt.metascopes'] = 'metascopes';
  }
  // An OAuth-only download stays so, to be reported as such rather than as a JWT missing fields.
  if (loaded.jwt) loaded.jwt = jwt as Partial<JwtCredentials>;
  if (imsUrl !== undefined) {
    loaded.imsUrl = imsUrl;
    loaded.fieldNames['imsUrl'] = 'imsUrl';
  }
  return fromLoaded(loaded, runtime);
}
