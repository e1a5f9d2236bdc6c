import {
  ConfigurationError,
  type CredentialsCheck,
  checkOAuthCredentials,
  configurationErrorFor,
  createCacheKey,
  createTokenCache,
  type GetTokenOptions,
  type OAuthCredentials,
  ownProperties,
  pickRuntimeOptions,
  registerSecret,
} from '@campaign-standard/core';
import {
  CREDENTIAL_KEYS,
  checkRuntimeOptions,
  JWT_SETTINGS_ADVICE,
  type OAuthRuntimeOptions,
  type OAuthServerToServerAuth,
  type OAuthServerToServerOptions,
} from './options.js';
import { createTokenFetcher } from './token-request.js';

/** The `kind` of this strategy. */
export const OAUTH_SERVER_TO_SERVER_KIND = 'oauth-server-to-server';

/**
 * Authenticates with an OAuth Server-to-Server credential (client credentials), the method Adobe
 * supports since JWT credentials reached end of life.
 *
 * Tokens come from `POST <imsUrl>/ims/token/v3` and are cached, refreshed ahead of expiry and
 * fetched at most once at a time by core's token cache; throttling, server and network failures
 * are retried with backoff. With two secrets (during a rotation), a rejected secret makes the
 * strategy try the other one and keep using the one that works.
 *
 * Every option is checked up front; all problems are reported at once. Secrets are kept out of
 * the returned object, so printing or serializing it reveals none.
 *
 * @example
 * ```ts
 * import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
 *
 * const auth = createOAuthServerToServerAuth({
 *   clientId: 'a1b2c3…',
 *   clientSecrets: [process.env.ACS_CLIENT_SECRET!],
 *   orgId: 'ABC123@AdobeOrg',
 *   scopes: ['openid', 'AdobeID', 'campaign_sdk'],
 * });
 * const { token } = await auth.getToken();
 * ```
 *
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} listing every problem with the options.
 */
export function createOAuthServerToServerAuth(options: OAuthServerToServerOptions): OAuthServerToServerAuth {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new ConfigurationError(
      [{ field: 'options', problem: 'must be an object with clientId, clientSecrets, orgId and scopes' }],
      'options',
    );
  const input = ownProperties(options as unknown as Record<string, unknown>);
  const credentialInput: Record<string, unknown> = {};
  for (const key of CREDENTIAL_KEYS) if (input[key] !== undefined) credentialInput[key] = input[key];
  return buildChecked(checkOAuthCredentials(credentialInput, 'options'), input);
}

/**
 * @internal Builds the strategy from checked credentials, or throws every problem at once: the
 * credentials' (with advice for JWT settings) and the runtime options'.
 */
export function buildChecked(
  check: CredentialsCheck<OAuthCredentials>,
  options: Record<string, unknown>,
): OAuthServerToServerAuth {
  const runtimeIssues = checkRuntimeOptions(options);
  if (!check.credentials || runtimeIssues.length > 0)
    throw configurationErrorFor(check, {
      extraIssues: runtimeIssues,
      advice: check.otherKind === 'jwt' ? JWT_SETTINGS_ADVICE : undefined,
    });
  return build(check.credentials as OAuthCredentials & { imsUrl: string }, pickRuntimeOptions(options));
}

/**
 * Assembles the strategy from checked credentials, without checking them again. The secrets
 * enter the program here, so they are registered for redaction here.
 */
function build(
  credentials: OAuthCredentials & { imsUrl: string },
  runtime: OAuthRuntimeOptions,
): OAuthServerToServerAuth {
  const secrets = [...credentials.clientSecrets];
  for (const secret of secrets) registerSecret(secret);
  const scopes = Object.freeze([...credentials.scopes]);

  const cache = createTokenCache({
    key: () =>
      createCacheKey(
        OAUTH_SERVER_TO_SERVER_KIND,
        { imsUrl: credentials.imsUrl, clientId: credentials.clientId, orgId: credentials.orgId, scopes },
        secrets,
      ),
    fetchToken: createTokenFetcher({
      clientId: credentials.clientId,
      secrets,
      scopes,
      imsUrl: credentials.imsUrl,
      fetch: runtime.fetch,
      userAgent: runtime.userAgent,
    }),
    store: runtime.store,
    refreshWindowMs: runtime.refreshWindowMs,
    retry: runtime.retry,
    logger: runtime.logger,
  });

  const strategy: OAuthServerToServerAuth = {
    kind: OAUTH_SERVER_TO_SERVER_KIND,
    clientId: credentials.clientId,
    orgId: credentials.orgId,
    scopes,
    imsUrl: credentials.imsUrl,
    getToken: (getOptions?: GetTokenOptions) => cache.getToken(getOptions),
    invalidate: (rejectedToken?: string) => cache.invalidate(rejectedToken),
  };
  return Object.freeze(strategy);
}
