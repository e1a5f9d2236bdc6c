import {
  type AccessToken,
  accessTokenFrom,
  type FetchLike,
  ImsError,
  type ImsHintContext,
  imsHintFor,
  isRejectedSecret,
  requestImsToken,
} from '@campaign-standard/core';

/** The documented OAuth Server-to-Server token endpoint. */
export const OAUTH_TOKEN_PATH = '/ims/token/v3';

/** What a token request needs. Secrets stay in this closure's data, never on a public object. */
export interface TokenRequester {
  clientId: string;
  secrets: readonly string[];
  scopes: readonly string[];
  imsUrl: string;
  fetch?: FetchLike | undefined;
  userAgent?: string | undefined;
}

/**
 * A `fetchToken` for the token cache: asks IMS with the secret that worked last, and on a
 * rejected secret tries the other one. IMS errors come back with a hint.
 */
export function createTokenFetcher(config: TokenRequester): (signal: AbortSignal) => Promise<AccessToken> {
  let preferred = 0;
  const context: ImsHintContext = {
    flow: 'client-credentials',
    secretCount: config.secrets.length,
    secretLooksLikeList: config.secrets.some((secret) => /^\s*\[|","|,/.test(secret)),
    imsUrl: config.imsUrl,
  };
  const scope = config.scopes.join(',');

  const ask = async (secret: string, signal: AbortSignal): Promise<AccessToken> => {
    const response = await requestImsToken({
      fetch: config.fetch,
      imsUrl: config.imsUrl,
      path: OAUTH_TOKEN_PATH,
      params: {
        grant_type: 'client_credentials',
        client_id: config.clientId,
        client_secret: secret,
        scope,
      },
      signal,
      userAgent: config.userAgent,
    });
    return accessTokenFrom(response, 'seconds');
  };

  return async (signal) => {
    const order = config.secrets.map((_, index) => (preferred + index) % config.secrets.length);
    for (const [position, index] of order.entries()) {
      try {
        const token = await ask(config.secrets[index]!, signal);
        preferred = index;
        return token;
      } catch (error) {
        if (!(error instanceof ImsError)) throw error;
        const last = position === order.length - 1;
        if (isRejectedSecret(error) && !last) continue;
        const hint = imsHintFor(error, context);
        if (isRejectedSecret(error) && order.length > 1)
          throw error.withHint(
            hint,
            `${error.errorDescription ?? 'invalid client_secret parameter'} (all ${order.length} configured secrets were rejected)`,
          );
        throw error.withHint(hint);
      }
    }
    // unreachable: validation guarantees at least one secret
    throw new ImsError({
      status: 0,
      error: 'invalid_client',
      errorDescription: 'no client secret configured',
    });
  };
}
