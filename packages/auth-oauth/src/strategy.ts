import {
  ConfigurationError,
  createCacheKey,
  createTokenCache,
  type GetTokenOptions,
  registerSecret,
} from '@campaign-standard/core';
import { type OAuthServerToServerAuth, type OAuthServerToServerOptions, resolveOptions } from './options.js';
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
  return build(options, 'options');
}

/** @internal Builds the strategy; `source` names where the options came from, for messages. */
export function build(options: unknown, source: string): OAuthServerToServerAuth {
  const { resolved, issues } = resolveOptions(options);
  if (!resolved) throw new ConfigurationError(issues, source);
  const { credentials, runtime } = resolved;
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
