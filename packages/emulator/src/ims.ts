import { randomBytes } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { ClientRegistry, RegisteredClient } from './clients.js';
import type { RequestContext } from './context.js';
import { readFormParams, sendJson } from './http.js';
import type { TokenAuthority } from './tokens.js';

/** What the IMS routes need from the emulator. */
export interface ImsDeps {
  clients: ClientRegistry;
  tokens: TokenAuthority;
  /** Lifetime of minted tokens, in milliseconds. */
  lifetimeMs: number;
  /** Origins under which clients may know this IMS (`http://127.0.0.1:<port>`, `http://localhost:<port>`). */
  origins: () => string[];
}

/** An IMS error answer: `{error, error_description}` with an `x-debug-id` header, as IMS sends. */
export function imsError(ctx: RequestContext, status: number, error: string, description: string): void {
  sendJson(ctx.res, status, { error, error_description: description }, { 'x-debug-id': debugId() });
}

/** A support id like the one IMS puts on every error. */
export function debugId(): string {
  return randomBytes(12).toString('hex');
}

const TOKEN_PATH = /^\/ims\/token\/v[234]\/?$/;
const JWT_PATH = /^\/ims\/exchange\/jwt\/?$/;

/** Handles `/ims/...`; answers 404 for paths IMS would not know. */
export async function handleIms(ctx: RequestContext, deps: ImsDeps): Promise<void> {
  const { path, method } = ctx;
  if (JWT_PATH.test(path) || TOKEN_PATH.test(path)) {
    ctx.info.tokenRequest = true;
    ctx.info.grant = JWT_PATH.test(path) ? 'jwt' : 'client_credentials';
    if (method !== 'POST') return imsError(ctx, 405, 'method_not_allowed', 'Use POST');
    const params = await readFormParams(ctx.url, ctx.req.headers, ctx.body);
    ctx.info.clientId = params.get('client_id') || undefined;
    return ctx.info.grant === 'jwt' ? exchangeJwt(ctx, deps, params) : clientCredentials(ctx, deps, params);
  }
  if (path === '/ims/validate_token/v1' && (method === 'POST' || method === 'GET'))
    return validateToken(ctx, deps);
  if (path === '/ims/.well-known/openid-configuration' && method === 'GET') {
    const issuer = deps.origins()[0];
    return sendJson(ctx.res, 200, {
      issuer,
      token_endpoint: `${issuer}/ims/token/v3`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: ['client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
      response_types_supported: ['token'],
    });
  }
  return imsError(ctx, 404, 'not_found', 'Unknown IMS endpoint');
}

async function clientCredentials(
  ctx: RequestContext,
  deps: ImsDeps,
  params: Map<string, string>,
): Promise<void> {
  const grantType = params.get('grant_type');
  if (!grantType) return imsError(ctx, 400, 'invalid_request', 'grant_type parameter is missing');
  if (grantType !== 'client_credentials')
    return imsError(ctx, 400, 'unsupported_grant_type', `unsupported grant_type ${grantType}`);
  const client = deps.clients.get(params.get('client_id'));
  if (!client) return imsError(ctx, 400, 'invalid_client', 'invalid client_id parameter');
  if (!client.config.clientSecrets.includes(params.get('client_secret') ?? ''))
    return imsError(ctx, 400, 'invalid_client', 'invalid client_secret parameter');
  // [I] aio-lib-core-auth leaves `scope` out when its list is empty; the token then carries the
  // credential's configured scopes, as the Console's credential defines them.
  const requested = splitScopes(params.get('scope'));
  const scopes = requested.length > 0 ? requested : client.config.scopes;
  const outside = scopes.filter((s) => !client.config.scopes.includes(s));
  if (outside.length > 0) return imsError(ctx, 400, 'invalid_scope', `invalid scope (${outside.join(',')})`);
  const { token } = await mintFor(client, scopes.join(','), deps, ctx.now);
  // Like IMS, the answer is computed a moment after creation: one unit less than the lifetime.
  const expiresIn = Math.max(0, Math.floor(deps.lifetimeMs / 1000) - 1);
  sendJson(ctx.res, 200, { access_token: token, token_type: 'bearer', expires_in: expiresIn });
}

async function exchangeJwt(ctx: RequestContext, deps: ImsDeps, params: Map<string, string>): Promise<void> {
  const jwt = params.get('jwt_token') ?? '';
  let claims: JWTPayload;
  try {
    const header = decodeProtectedHeader(jwt);
    claims = decodeJwt(jwt);
    if (header.alg !== 'RS256') throw new Error('alg');
  } catch {
    return imsError(ctx, 400, 'invalid_token', 'JWT token is incorrectly formatted, and can not be decoded.');
  }
  const origins = deps.origins();
  const audClient = clientInAudience(claims.aud, origins);
  const client = deps.clients.get(audClient);
  if (!client) return imsError(ctx, 400, 'invalid_client', 'invalid client_id in the JWT audience');
  if (params.get('client_id') !== audClient)
    return imsError(ctx, 400, 'invalid_client', 'client_id parameter does not match the JWT audience');
  if (!client.config.clientSecrets.includes(params.get('client_secret') ?? ''))
    return imsError(ctx, 401, 'invalid_client', 'invalid client_secret parameter');
  if (!(await signedByBinding(jwt, client)))
    return imsError(ctx, 400, 'invalid_token', 'Could not match JWT signature to any of the bindings');
  if (typeof claims.exp !== 'number' || !Number.isInteger(claims.exp))
    return imsError(ctx, 400, 'invalid_token', 'exp claim must be an integer');
  if (claims.jti !== undefined && !Number.isInteger(claims.jti))
    return imsError(ctx, 400, 'invalid_token', 'jti claim must be an integer');
  if (claims.exp * 1000 <= ctx.now) return imsError(ctx, 400, 'invalid_token', 'JWT token has expired');
  if (claims.iss !== client.config.orgId)
    return imsError(ctx, 400, 'bad_request', 'iss claim does not match the organization of the client');
  if (claims.sub !== client.config.technicalAccountId)
    return imsError(ctx, 400, 'bad_request', 'sub claim does not match the technical account of the client');
  const metascopes = metascopeClaims(claims);
  if (metascopes.length === 0)
    return imsError(ctx, 400, 'invalid_scope', 'The JWT does not contain any metascope.');
  const allowed = new Set(origins.flatMap((o) => client.config.metascopes.map((m) => `${o}/s/${m}`)));
  if (!metascopes.every((m) => allowed.has(m)))
    return imsError(
      ctx,
      400,
      'invalid_scope',
      'The metascopes in the JWT are not a subset of the metascopes in the binding.',
    );
  const scope = (client.config.scopes.length > 0 ? client.config.scopes : client.config.metascopes).join(',');
  const { token } = await mintFor(client, scope, deps, ctx.now);
  sendJson(ctx.res, 200, {
    token_type: 'bearer',
    access_token: token,
    expires_in: Math.max(0, deps.lifetimeMs - 1),
  });
}

async function validateToken(ctx: RequestContext, deps: ImsDeps): Promise<void> {
  const params = await readFormParams(ctx.url, {}, ctx.body);
  const bearer = /^Bearer\s+(\S+)/i.exec(String(ctx.req.headers.authorization ?? ''))?.[1];
  const token = bearer ?? params.get('token') ?? '';
  const result = await deps.tokens.check(token, ctx.now);
  if (typeof result === 'string') return sendJson(ctx.res, 200, { valid: false, reason: result });
  const clientId = params.get('client_id');
  if (clientId && clientId !== result.client_id)
    return sendJson(ctx.res, 200, { valid: false, reason: 'bad_client' });
  ctx.info.clientId = result.client_id;
  sendJson(ctx.res, 200, {
    valid: true,
    token: result,
    expires_at: Number(result.created_at) + Number(result.expires_in),
  });
}

function mintFor(client: RegisteredClient, scope: string, deps: ImsDeps, now: number) {
  return deps.tokens.mint({
    clientId: client.config.clientId,
    userId: client.config.technicalAccountId,
    scope,
    lifetimeMs: deps.lifetimeMs,
    now,
  });
}

function splitScopes(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The client id in an `aud` of the form `<ims origin>/c/<client_id>`, for one of our origins. */
function clientInAudience(aud: JWTPayload['aud'], origins: string[]): string | undefined {
  const value = Array.isArray(aud) ? aud[0] : aud;
  if (typeof value !== 'string') return undefined;
  for (const origin of origins) {
    const prefix = `${origin}/c/`;
    if (value.startsWith(prefix)) return value.slice(prefix.length) || undefined;
  }
  return undefined;
}

/** Claims shaped like metascopes: `<host>/s/<name>: true`. */
function metascopeClaims(claims: JWTPayload): string[] {
  return Object.entries(claims)
    .filter(([key, value]) => /^https?:\/\/[^/]+\/s\/[^/]+$/.test(key) && value === true)
    .map(([key]) => key);
}

/** IMS tries every certificate bound to the client; any one that verifies is enough. */
async function signedByBinding(jwt: string, client: RegisteredClient): Promise<boolean> {
  for (const key of client.keys) {
    try {
      await compactVerify(jwt, key, { algorithms: ['RS256'] });
      return true;
    } catch {
      // try the next binding
    }
  }
  return false;
}
