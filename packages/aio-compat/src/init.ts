import { type CampaignClientOptions, createCampaignClient } from '@campaign-standard/client';
import { type AuthStrategy, REDACTED, registerSecret } from '@campaign-standard/core';
import { CampaignStandardCoreAPI } from './api.js';
import { CampaignStandardSDKError } from './errors.js';
import { fixedTokenAuth, isAuthStrategy, warnFixedToken } from './fixed-token.js';

/**
 * Options of {@link init} beyond Adobe's three arguments: the client's options (`baseUrl`,
 * `environment`, `fetch`, `retry`, `timeout`, `middleware`, …).
 */
export type AioCompatOptions = Omit<CampaignClientOptions, 'auth' | 'tenant'>;

const initError = (detail: string, sdkDetails: Record<string, unknown>, cause?: unknown) =>
  new CampaignStandardSDKError('ERROR_SDK_INITIALIZATION', `SDK initialization error(s). ${detail}`, {
    sdkDetails,
    cause,
  });

/**
 * Resolves with an object that has every function of Adobe's `@adobe/aio-lib-campaign-standard`,
 * called through the SDK's client. The same arguments as Adobe's `init`, and an optional fourth.
 *
 * @example
 * ```ts
 * import { fromEnvironment } from '@campaign-standard/auth-oauth';
 * import { init } from '@campaign-standard/aio-compat';
 *
 * const campaign = await init('acme', '', fromEnvironment());
 * const { body } = await campaign.getAllProfiles({ lineCount: 10 });
 * ```
 *
 * @param tenantId - the tenant (the `<ORGANIZATION>` of `https://mc.adobe.io/<ORGANIZATION>/campaign`)
 * @param apiKey - the API key (client id), sent as `X-Api-Key`. With an `AuthStrategy`, `''` means
 *   the strategy's `clientId`; another value than that is refused.
 * @param accessTokenOrAuth - an `AuthStrategy` (from `@campaign-standard/auth-oauth` or
 *   `@campaign-standard/auth-jwt`), which fetches and refreshes tokens; or, as with Adobe's, a fixed
 *   access token, used until it expires (a one-time warning, code `ACS_AIO_COMPAT_FIXED_TOKEN`, says so)
 * @param options - the client's options (`baseUrl`, `environment`, `fetch`, `retry`, …)
 * @throws {@link CampaignStandardSDKError} `ERROR_SDK_INITIALIZATION` when an argument is missing or
 *   malformed (the promise rejects; the token is never part of the error)
 */
export async function init(
  tenantId: string,
  apiKey: string,
  accessTokenOrAuth: string | AuthStrategy,
  options: AioCompatOptions = {},
): Promise<CampaignStandardCoreAPI> {
  const token = typeof accessTokenOrAuth === 'string' ? accessTokenOrAuth : undefined;
  if (token) registerSecret(token);
  const strategy = isAuthStrategy(accessTokenOrAuth) ? accessTokenOrAuth : undefined;
  const sdkDetails = {
    tenantId,
    apiKey,
    accessToken: token ? REDACTED : strategy ? `AuthStrategy (${String(strategy.kind)})` : accessTokenOrAuth,
  };
  const missing: string[] = [];
  if (!tenantId) missing.push('tenantId');
  if (!apiKey && !strategy) missing.push('apiKey');
  if (!token && !strategy) missing.push('accessToken');
  if (missing.length > 0) throw initError(`Missing arguments: ${missing.join(', ')}`, sdkDetails);

  let auth: AuthStrategy;
  if (strategy) {
    if (apiKey && apiKey !== strategy.clientId) {
      throw initError(
        `apiKey is not the clientId of the AuthStrategy: Campaign takes the X-Api-Key of the client the token was issued to (pass '' to use the strategy's)`,
        sdkDetails,
      );
    }
    auth = strategy;
  } else {
    auth = fixedTokenAuth(token as string, apiKey);
    warnFixedToken();
  }
  try {
    const client = createCampaignClient({ ...options, auth, tenant: tenantId });
    return new CampaignStandardCoreAPI(tenantId, auth.clientId, client);
  } catch (error) {
    throw initError((error as Error).message, sdkDetails, error);
  }
}
