import {
  type AccessToken,
  type AuthStrategy,
  ConfigurationError,
  decodeImsTokenClaims,
  registerSecret,
  sdkLog,
} from '@campaign-standard/core';

/** The warning's code, for `process.on('warning')` filters and `--disable-warning`. */
export const FIXED_TOKEN_WARNING_CODE = 'ACS_AIO_COMPAT_FIXED_TOKEN';

/** The `kind` of the strategy {@link fixedTokenAuth} builds. */
export const FIXED_TOKEN_KIND = 'fixed-token';

// On globalThis, so two copies of this package in one process still warn once.
const WARNED = Symbol.for('@campaign-standard/aio-compat.fixed-token-warned');

/** Emits one warning per process (code `ACS_AIO_COMPAT_FIXED_TOKEN`): a fixed token expires. */
export function warnFixedToken(): void {
  const state = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (state[WARNED]) return;
  state[WARNED] = true;
  sdkLog(undefined, 'warn', {
    message:
      'init() of @campaign-standard/aio-compat was given a fixed access token: it is sent until it expires ' +
      '(IMS access tokens last about 24 hours) and is never renewed, so calls then fail with 401. Pass an ' +
      'AuthStrategy as the third argument instead, e.g. fromEnvironment() of @campaign-standard/auth-oauth, ' +
      'which fetches, caches and refreshes tokens: see docs/guides/migrate-from-aio-lib-campaign-standard.md.',
    code: FIXED_TOKEN_WARNING_CODE,
  });
}

/** True when `value` has the shape of an {@link AuthStrategy}. */
export function isAuthStrategy(value: unknown): value is AuthStrategy {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<AuthStrategy>;
  return typeof candidate.getToken === 'function' && typeof candidate.invalidate === 'function';
}

/**
 * An {@link AuthStrategy} that always answers the one token it was given, as Adobe's library
 * uses it. The token is registered as a secret (never printed by the SDK). When the token carries
 * IMS's `created_at` and `expires_in` claims and they say it has expired, calls are refused before
 * anything is sent, with a `ConfigurationError` saying so, instead of a 401 from Campaign.
 *
 * @param token - the access token given to `init()`
 * @param apiKey - the API key (client id), sent as `X-Api-Key`
 */
export function fixedTokenAuth(token: string, apiKey: string): AuthStrategy {
  registerSecret(token);
  const claims = decodeImsTokenClaims(token);
  const createdAt = Number(claims?.['created_at']);
  const lifetime = Number(claims?.['expires_in']);
  const expiresOn =
    Number.isFinite(createdAt) && Number.isFinite(lifetime) && lifetime > 0
      ? createdAt + lifetime
      : Number.MAX_SAFE_INTEGER;
  const accessToken: AccessToken = { token, tokenType: 'bearer', expiresOnTimestamp: expiresOn };
  return {
    kind: FIXED_TOKEN_KIND,
    clientId: apiKey,
    orgId: '',
    async getToken() {
      if (Date.now() >= expiresOn) {
        throw new ConfigurationError(
          [
            {
              field: 'accessToken',
              problem: `expired at ${new Date(expiresOn).toISOString()}: a fixed token is never renewed; pass an AuthStrategy (e.g. from @campaign-standard/auth-oauth) to init() instead`,
            },
          ],
          'init',
        );
      }
      return accessToken;
    },
    invalidate() {
      // Nothing to drop: there is no other token to fetch.
    },
  };
}
