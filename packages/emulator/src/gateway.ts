import type { RequestContext } from './context.js';
import { sendJson } from './http.js';
import type { AccessTokenClaims, TokenAuthority } from './tokens.js';

/** The Adobe I/O gateway's answer for a URI it cannot route (unknown tenant, CNAME not set up). */
export const TENANT_URI_BODY = {
  code: 502,
  message: 'Oops. Something went wrong. Check your URI and try again.',
} as const;

/** A gateway error answer: `{error_code, message}`. */
export function gatewayError(
  ctx: RequestContext,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): void {
  sendJson(ctx.res, status, { error_code: code, message }, headers);
}

/**
 * The gateway's checks before a Campaign call reaches the instance, in the order it makes them:
 * API key present, token present, token valid, API key matching the token's client. Answers and
 * returns undefined when a check fails.
 */
export async function checkGateway(
  ctx: RequestContext,
  tokens: TokenAuthority,
): Promise<AccessTokenClaims | undefined> {
  const apiKey = headerValue(ctx, 'x-api-key');
  if (apiKey) ctx.info.clientId = apiKey;
  if (!apiKey) {
    gatewayError(ctx, 403, '403000', 'Api Key is required');
    return undefined;
  }
  const authorization = headerValue(ctx, 'authorization');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!bearer) {
    gatewayError(ctx, 403, '403010', 'Oauth token is missing.');
    return undefined;
  }
  const claims = await tokens.check(bearer, ctx.now);
  if (typeof claims === 'string') {
    gatewayError(ctx, 401, '401013', 'Oauth token is not valid');
    return undefined;
  }
  ctx.info.clientId = claims.client_id;
  if (claims.client_id !== apiKey) {
    gatewayError(ctx, 403, '403003', 'Api Key is invalid');
    return undefined;
  }
  return claims;
}

function headerValue(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}
