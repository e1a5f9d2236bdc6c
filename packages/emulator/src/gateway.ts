import type { RequestContext } from './context.js';
import { sendJson } from './http.js';
import type { AccessTokenClaims, TokenAuthority } from './tokens.js';

/** The message of the gateway's answer for a URI it cannot route. */
export const TENANT_URI_MESSAGE = 'Oops. Something went wrong. Check your URI and try again.';

/**
 * The Adobe I/O gateway's answer for a URI it cannot route. Adobe's pages show it with two
 * statuses: `{"code": 502, …}` when the tenant's CNAME is not set up
 * (help/api/using/setting-up-api-access.md) and `{"code": 500, …}` when the URI is not valid, e.g.
 * an organization id the credential was not picked for (help/api/using/troubleshooting.md). The
 * `code` in the body is the HTTP status.
 */
export function tenantUriBody(status: 500 | 502 = 502): { code: 500 | 502; message: string } {
  return { code: status, message: TENANT_URI_MESSAGE };
}

/** The gateway's 502 "Oops … Check your URI" body (unknown tenant, CNAME not set up). */
export const TENANT_URI_BODY = tenantUriBody(502);

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
