import {
  acsEnvironment,
  ConfigurationError,
  type ConfigurationIssue,
  consoleCredentialJson,
  DEFAULT_IMS_URL,
  formatEnvFile,
  isLoadedCredentials,
  type LoadedCredentials,
  METASCOPE_SCOPES,
  readConsoleCredentials,
} from '@campaign-standard/core';
import { metascopeName } from './sign.js';

/**
 * The OAuth Server-to-Server scopes that stand for each JWT metascope (core's one list). Only
 * metascopes whose scope list is known are there; others are reported, not guessed.
 */
export { METASCOPE_SCOPES };

/** Stands where a secret would be when `includeSecrets` is not set. */
export const SECRET_PLACEHOLDER = '<client secret from the Developer Console>';

/** A JWT configuration as passed to `createJwtAuth` (the key is not needed and ignored). */
export interface JwtConfigInput {
  /** The client id (API key); the OAuth credential keeps it. */
  clientId?: string | undefined;
  /** The JWT credential's client secret. */
  clientSecret?: string | undefined;
  /** The IMS organization, `…@AdobeOrg`. */
  orgId?: string | undefined;
  /** The technical account, `…@techacct.adobe.com`; the OAuth credential keeps it. */
  technicalAccountId?: string | undefined;
  /** The technical account's e-mail address. */
  technicalAccountEmail?: string | undefined;
  /** The JWT metascopes (`ent_campaign_sdk`, …), a list or comma-separated text; mapped to OAuth scopes. */
  metascopes?: readonly string[] | string | undefined;
  /** The IMS origin, kept as is. */
  imsUrl?: string | undefined;
  [other: string]: unknown;
}

/** Options of {@link toOAuthServerToServerConfig}. */
export interface MigrationOptions {
  /** Put the real secrets in the output (needed for the environment lines to work). @defaultValue false */
  includeSecrets?: boolean | undefined;
  /** The OAuth credential's own secrets, when they differ from the JWT credential's secret. */
  clientSecrets?: readonly string[] | undefined;
  /** For an aio config with several contexts: the one to convert. */
  context?: string | undefined;
}

/** Options for `createOAuthServerToServerAuth`, produced by the migration. */
export interface OAuthServerToServerConfig {
  /** Unchanged by the migration (so `X-Api-Key` stays the same). */
  clientId: string;
  /** The secrets, or {@link SECRET_PLACEHOLDER} unless `includeSecrets` was set. */
  clientSecrets: string[];
  /** Unchanged by the migration. */
  orgId: string;
  /** The scopes for the metascopes (or the OAuth credential's own scopes, when the input has them). */
  scopes: string[];
  /** Unchanged by the migration. */
  technicalAccountId?: string;
  /** Unchanged by the migration. */
  technicalAccountEmail?: string;
  /** Only when not the production IMS. */
  imsUrl?: string;
}

/** The result of {@link toOAuthServerToServerConfig}: one configuration in three forms. */
export interface OAuthMigration {
  /** Options for `createOAuthServerToServerAuth` from `@campaign-standard/auth-oauth`. */
  config: OAuthServerToServerConfig;
  /**
   * Where the scopes come from: the OAuth Server-to-Server credential found in the input (a
   * migration workspace), or the mapping of the metascopes.
   */
  scopesFrom: 'oauth-credential' | 'metascopes';
  /** Metascopes with no known scope list: copy their scopes from the Developer Console. */
  unknownMetascopes: string[];
  /** What to check by hand. */
  notes: string[];
  /** `ACS_*` lines for a `.env` file (no private key lines: OAuth needs none). */
  environment: string;
  /** The Developer Console's per-credential OAuth Server-to-Server JSON. */
  consoleJson: Record<string, unknown>;
}

function listOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(/[,\s]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return undefined;
}

/** The input as loaded credentials, whatever its form. */
function toLoaded(input: unknown, context: string | undefined): LoadedCredentials {
  if (isLoadedCredentials(input)) return input;
  const looksLikeOptions =
    typeof input === 'object' &&
    input !== null &&
    ['clientId', 'orgId', 'metascopes', 'technicalAccountId'].some((key) => key in input);
  if (!looksLikeOptions)
    return readConsoleCredentials(input as string | object, context === undefined ? {} : { context });
  const options = input as JwtConfigInput;
  const jwt: Record<string, unknown> = {};
  for (const key of [
    'clientId',
    'clientSecret',
    'orgId',
    'technicalAccountId',
    'technicalAccountEmail',
  ] as const) {
    const value = options[key];
    if (typeof value === 'string' && value.trim() !== '') jwt[key] = value.trim();
  }
  const metascopes = listOf(options.metascopes);
  if (metascopes) jwt['metascopes'] = metascopes;
  const fieldNames: Record<string, string> = {};
  for (const key of ['clientId', 'clientSecret', 'orgId', 'technicalAccountId', 'metascopes'])
    fieldNames[`jwt.${key}`] = key;
  const loaded: LoadedCredentials = {
    source: 'options',
    format: 'options',
    jwt,
    fieldNames,
    issues: [],
    notes: [],
  };
  if (typeof options.imsUrl === 'string') loaded.imsUrl = options.imsUrl;
  return loaded;
}

/**
 * Converts a JWT (Service Account) configuration into the OAuth Server-to-Server configuration
 * that replaces it, as Adobe's migration does: same client id, org and technical account; scopes
 * for the metascopes (`ent_campaign_sdk` → the Campaign scopes, `ent_adobeio_sdk` → the I/O
 * Management scopes); unknown metascopes are listed in `unknownMetascopes`, not guessed. A
 * Developer Console migration workspace already holds the OAuth credential: its scopes and
 * secrets are used.
 *
 * The result comes as options for `createOAuthServerToServerAuth`, as `ACS_*` environment lines
 * and as the Console's per-credential JSON. Secrets appear only with `includeSecrets: true`;
 * otherwise {@link SECRET_PLACEHOLDER} stands in their place.
 *
 * @param jwtConfig - options as given to `createJwtAuth`, credentials read by core's loaders, or a
 *   Developer Console download (path, JSON text or object)
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} when the client id, org or metascopes are missing.
 *
 * @example
 * ```ts
 * const { config, environment, unknownMetascopes } = toOAuthServerToServerConfig(jwtOptions);
 * const auth = createOAuthServerToServerAuth({ ...config, clientSecrets: [newSecret] });
 * ```
 */
export function toOAuthServerToServerConfig(
  jwtConfig: JwtConfigInput | LoadedCredentials | string | object,
  options: MigrationOptions = {},
): OAuthMigration {
  const loaded = toLoaded(jwtConfig, options.context);
  const jwt = loaded.jwt ?? {};
  const oauth = loaded.oauth ?? {};
  const name = (key: string): string =>
    loaded.fieldNames[`jwt.${key}`] ?? loaded.fieldNames[`oauth.${key}`] ?? key;
  const notes: string[] = [];

  const clientId = jwt.clientId ?? oauth.clientId;
  const orgId = jwt.orgId ?? oauth.orgId;
  const technicalAccountId = jwt.technicalAccountId ?? oauth.technicalAccountId;
  const technicalAccountEmail = jwt.technicalAccountEmail ?? oauth.technicalAccountEmail;
  const metascopes = (jwt.metascopes ?? []).map(metascopeName);

  const issues: ConfigurationIssue[] = [];
  if (!clientId) issues.push({ field: name('clientId'), problem: 'is missing' });
  if (!orgId) issues.push({ field: name('orgId'), problem: 'is missing' });

  let scopesFrom: OAuthMigration['scopesFrom'] = 'metascopes';
  const unknownMetascopes: string[] = [];
  let scopes: string[] = [];
  if (oauth.scopes && oauth.scopes.length > 0) {
    scopesFrom = 'oauth-credential';
    scopes = [...oauth.scopes];
    notes.push(`The scopes are those of the OAuth Server-to-Server credential found in ${loaded.source}.`);
  } else if (metascopes.length === 0) {
    issues.push({
      field: name('metascopes'),
      problem: 'is missing: the scopes are derived from the metascopes',
    });
  } else {
    for (const metascope of metascopes) {
      const mapped = METASCOPE_SCOPES[metascope];
      if (!mapped) unknownMetascopes.push(metascope);
      else for (const scope of mapped) if (!scopes.includes(scope)) scopes.push(scope);
    }
    if (unknownMetascopes.length > 0)
      notes.push(
        `No scope list is known for ${unknownMetascopes.join(', ')}: copy the scopes from the Scopes tab of the ` +
          'OAuth Server-to-Server credential in the Developer Console.',
      );
  }
  if (issues.length > 0) throw new ConfigurationError(issues, loaded.source);

  let secrets: string[];
  if (options.clientSecrets && options.clientSecrets.length > 0) secrets = [...options.clientSecrets];
  else if (oauth.clientSecrets && oauth.clientSecrets.length > 0 && scopesFrom === 'oauth-credential')
    secrets = [...oauth.clientSecrets];
  else if (jwt.clientSecret) {
    secrets = [jwt.clientSecret];
    notes.push(
      "The secret is the JWT credential's: check on the new OAuth Server-to-Server credential's page that it is the same.",
    );
  } else {
    secrets = [];
    notes.push(
      'No client secret was given: copy one from the OAuth Server-to-Server credential in the Developer Console.',
    );
  }
  const shownSecrets = options.includeSecrets
    ? secrets
    : secrets.length > 0
      ? secrets.map(() => SECRET_PLACEHOLDER)
      : [SECRET_PLACEHOLDER];

  const imsUrl = (jwt.imsUrl ?? loaded.imsUrl)?.replace(/\/+$/, '');
  const config: OAuthServerToServerConfig = {
    clientId: clientId!,
    clientSecrets: shownSecrets,
    orgId: orgId!,
    scopes,
  };
  if (technicalAccountId) config.technicalAccountId = technicalAccountId;
  if (technicalAccountEmail) config.technicalAccountEmail = technicalAccountEmail;
  if (imsUrl && imsUrl !== DEFAULT_IMS_URL) config.imsUrl = imsUrl;

  return {
    config,
    scopesFrom,
    unknownMetascopes,
    notes,
    environment: environmentLines(config, loaded, unknownMetascopes),
    consoleJson: consoleCredentialJson(config),
  };
}

/** The `.env` text of the configuration (core's one writer), with the instance settings kept. */
function environmentLines(
  config: OAuthServerToServerConfig,
  loaded: LoadedCredentials,
  unknownMetascopes: string[],
): string {
  const comments = ['OAuth Server-to-Server credential (converted from JWT; no private key needed)'];
  if (unknownMetascopes.length > 0)
    comments.push(`add the scopes for ${unknownMetascopes.join(', ')} from the Developer Console`);
  const env = acsEnvironment({
    ...config,
    tenant: loaded.tenant,
    environment: loaded.environment,
    baseUrl: loaded.baseUrl,
    technicalAccountEmail: undefined,
  });
  return formatEnvFile(env, comments);
}
