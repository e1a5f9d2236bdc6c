import {
  type AccessToken,
  accessTokenFrom,
  type FetchLike,
  ImsError,
  imsHintFor,
  requestImsToken,
} from '@campaign-standard/core';
import { MIGRATION_GUIDE } from './deprecation.js';
import { buildJwtClaims, signJwt } from './sign.js';
import type { SigningKey } from './signing-key.js';

/** The JWT exchange endpoint. */
export const JWT_EXCHANGE_PATH = '/ims/exchange/jwt';

/** What an exchange needs. Held in a closure, never on a public object. */
export interface JwtExchangeConfig {
  imsUrl: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  technicalAccountId: string;
  metascopes: readonly string[];
  key: SigningKey;
  lifetimeSeconds: number;
  fetch?: FetchLike | undefined;
  userAgent?: string | undefined;
}

/** A `fetchToken` for core's token cache: signs a fresh JWT and exchanges it. */
export function createJwtExchange(config: JwtExchangeConfig): (signal: AbortSignal) => Promise<AccessToken> {
  return async (signal) => {
    const jwt = await signJwt(
      buildJwtClaims({
        imsUrl: config.imsUrl,
        clientId: config.clientId,
        orgId: config.orgId,
        technicalAccountId: config.technicalAccountId,
        metascopes: config.metascopes,
        lifetimeSeconds: config.lifetimeSeconds,
        now: Date.now(),
      }),
      await config.key.key(),
    );
    let response: Awaited<ReturnType<typeof requestImsToken>>;
    try {
      response = await requestImsToken({
        fetch: config.fetch,
        imsUrl: config.imsUrl,
        path: JWT_EXCHANGE_PATH,
        params: { client_id: config.clientId, client_secret: config.clientSecret, jwt_token: jwt },
        signal,
        userAgent: config.userAgent,
      });
    } catch (error) {
      if (!(error instanceof ImsError)) throw error;
      throw error.withHint(
        imsHintFor(error, { flow: 'jwt-exchange', imsUrl: config.imsUrl, migrationGuide: MIGRATION_GUIDE }),
      );
    }
    // The exchange documents expires_in in milliseconds, unlike token/v3.
    return accessTokenFrom(response, 'milliseconds');
  };
}
