import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** What goes into the JWT that is exchanged for an access token. */
export interface JwtClaimsInput {
  /** The IMS origin; `aud` and the metascope claims are built from it, so stage works. */
  imsUrl: string;
  /** The client id; the `aud` claim ends with it. */
  clientId: string;
  /** The IMS organization; the `iss` claim. */
  orgId: string;
  /** The technical account; the `sub` claim. */
  technicalAccountId: string;
  /** Short names (`ent_campaign_sdk`) or full metascope URLs. */
  metascopes: readonly string[];
  /** Seconds from `now` until `exp`. */
  lifetimeSeconds: number;
  /** Epoch milliseconds. */
  now: number;
}

/** The short name of a metascope given as `ent_campaign_sdk` or `https://<ims>/s/ent_campaign_sdk`. */
export function metascopeName(metascope: string): string {
  const match = /\/s\/([^/]+)\/?$/.exec(metascope.trim());
  return match ? match[1]! : metascope.trim();
}

/**
 * The claims IMS expects: integer `exp`, `iss` = org, `sub` = technical account,
 * `aud` = `<imsUrl>/c/<clientId>`, and one `<imsUrl>/s/<metascope>: true` per metascope. Full
 * metascope URLs are rebuilt on the configured IMS host, so a production URL cannot slip into a
 * stage JWT.
 */
export function buildJwtClaims(input: JwtClaimsInput): Record<string, unknown> {
  const ims = input.imsUrl.replace(/\/+$/, '');
  const claims: Record<string, unknown> = {
    exp: Math.floor(input.now / 1000) + Math.trunc(input.lifetimeSeconds),
    iss: input.orgId,
    sub: input.technicalAccountId,
    aud: `${ims}/c/${input.clientId}`,
  };
  for (const metascope of input.metascopes) claims[`${ims}/s/${metascopeName(metascope)}`] = true;
  return claims;
}

/** Signs the claims RS256 with header `{"alg":"RS256","typ":"JWT"}`, as Adobe's own libraries do. */
export function signJwt(claims: Record<string, unknown>, key: KeyObject | CryptoKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);
}
