import {
  type AuthStrategy,
  createCacheKey,
  createTokenCache,
  DEFAULT_IMS_URL,
  deriveExpiry,
  type OAuthCredentials,
  requestImsToken,
  type TokenStore,
} from '@campaign-standard/core';

/**
 * A minimal OAuth Server-to-Server strategy on core's building blocks, used only while
 * `@campaign-standard/auth-oauth` does not export its factory (the packages are built in parallel).
 */
export function fallbackOAuthStrategy(
  credentials: OAuthCredentials,
  options: { store: TokenStore; fetch: typeof fetch },
): AuthStrategy {
  const imsUrl = credentials.imsUrl ?? DEFAULT_IMS_URL;
  const cache = createTokenCache({
    key: () =>
      createCacheKey(
        'oauth-server-to-server',
        { imsUrl, clientId: credentials.clientId, orgId: credentials.orgId, scopes: credentials.scopes },
        credentials.clientSecrets,
      ),
    store: options.store,
    async fetchToken(signal) {
      const answer = await requestImsToken({
        fetch: options.fetch,
        imsUrl,
        path: '/ims/token/v3',
        signal,
        params: {
          grant_type: 'client_credentials',
          client_id: credentials.clientId,
          client_secret: credentials.clientSecrets[0]!,
          scope: credentials.scopes.join(','),
        },
      });
      return {
        token: answer.access_token,
        tokenType: 'bearer',
        expiresOnTimestamp: deriveExpiry({
          accessToken: answer.access_token,
          expiresIn: answer.expires_in,
          unit: 'seconds',
        }),
      };
    },
  });
  return {
    kind: 'oauth-server-to-server',
    clientId: credentials.clientId,
    orgId: credentials.orgId,
    getToken: (getOptions) => cache.getToken(getOptions),
    invalidate: () => cache.invalidate(),
  };
}
