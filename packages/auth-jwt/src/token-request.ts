import type { KeyObject } from 'node:crypto';
import {
  type AccessToken,
  accessTokenFrom,
  type FetchLike,
  ImsError,
  requestImsToken,
} from '@campaign-standard/core';
import { buildJwtClaims, signJwt } from './sign.js';

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
  key: KeyObject;
  lifetimeSeconds: number;
  fetch?: FetchLike | undefined;
  userAgent?: string | undefined;
}

/** Advice for an IMS refusal of the exchange, or `undefined`. */
export function hintForExchange(error: ImsError, imsUrl: string): string | undefined {
  const description = error.errorDescription ?? '';
  if (/bindings|signature/i.test(description) || error.error === 'invalid_signature')
    return (
      'IMS could not verify the JWT with any certificate of the credential: the private key does not belong to an ' +
      'uploaded certificate, or that certificate expired. JWT credentials can no longer be renewed: migrate to ' +
      'OAuth Server-to-Server (docs/guides/migrate-jwt-to-oauth.md).'
    );
  if (/expired/i.test(description))
    return 'IMS says the JWT expired: check the clock of this machine and jwtLifetimeSeconds.';
  if (error.error === 'invalid_scope')
    return 'The metascopes are not those bound to the credential: use the ones in the Developer Console (for Campaign, ent_campaign_sdk).';
  if (error.error === 'invalid_client' && error.status === 401)
    return 'IMS does not accept the client secret: copy it from the credential page in the Developer Console.';
  if (error.error === 'invalid_client')
    return `IMS does not know this client id: check clientId and that imsUrl (${imsUrl}) is the credential's IMS.`;
  if (error.error === 'bad_request')
    return 'The org id or technical account id does not belong to this client: copy both from the credential page.';
  return undefined;
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
      config.key,
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
      throw error.withHint(hintForExchange(error, config.imsUrl));
    }
    // The exchange documents expires_in in milliseconds, unlike token/v3.
    return accessTokenFrom(response, 'milliseconds');
  };
}
