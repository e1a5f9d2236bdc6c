import {
  type AuthStrategy,
  type ConfigurationIssue,
  checkTokenRuntimeOptions,
  checkUnknownOptions,
  TOKEN_RUNTIME_OPTION_KEYS,
  type TokenRuntimeOptions,
} from '@campaign-standard/core';

/**
 * Settings of the strategy that are not credentials: how it talks to IMS and caches tokens, the
 * same as every strategy's (core's `TokenRuntimeOptions`).
 */
export type OAuthRuntimeOptions = TokenRuntimeOptions;

/** Options of {@link createOAuthServerToServerAuth}: the credential and how to use it. */
export interface OAuthServerToServerOptions extends OAuthRuntimeOptions {
  /** The credential's client id (API key); also sent as `X-Api-Key` on Campaign calls. */
  clientId: string;
  /** The client secret. Give this or `clientSecrets`. */
  clientSecret?: string | undefined;
  /**
   * One or two client secrets (two while a secret is being rotated). When IMS rejects one with
   * `invalid client_secret parameter`, the next is tried, and the one that works is used first.
   */
  clientSecrets?: readonly string[] | undefined;
  /** The IMS organization id, `…@AdobeOrg`. */
  orgId: string;
  /** The scopes on the credential's Scopes tab, e.g. `openid`, `AdobeID`, `campaign_sdk`. */
  scopes: readonly string[] | string;
  /** The technical account (informational for this flow; checked when given). */
  technicalAccountId?: string | undefined;
  /** The IMS origin. @defaultValue `https://ims-na1.adobelogin.com` */
  imsUrl?: string | undefined;
}

/** The strategy {@link createOAuthServerToServerAuth} returns. Holds no secret on the object. */
export interface OAuthServerToServerAuth extends AuthStrategy {
  /** Always `oauth-server-to-server`. */
  readonly kind: 'oauth-server-to-server';
  /** The credential's client id, sent as `X-Api-Key`. */
  readonly clientId: string;
  /** The IMS organization id. */
  readonly orgId: string;
  /** The scopes requested, trimmed and de-duplicated, in the order given. */
  readonly scopes: readonly string[];
  /** The IMS origin tokens are requested from. */
  readonly imsUrl: string;
  /**
   * Drops the cached token, from memory and from the store. Given the token Campaign refused,
   * keeps a newer one another call already fetched, so concurrent refusals cause one new token.
   */
  invalidate(rejectedToken?: string): Promise<void>;
}

/** The credential names this strategy reads; everything else must be a runtime option. */
export const CREDENTIAL_KEYS = [
  'clientId',
  'clientSecret',
  'clientSecrets',
  'orgId',
  'scopes',
  'technicalAccountId',
  'technicalAccountEmail',
  'imsUrl',
];

const JWT_ONLY = 'belongs to a JWT (Service Account) credential';

/** Names seen in Developer Console files, other libraries and JWT setups, and what to say about them. */
const MISPLACED: Record<string, string> = {
  client_id: 'is not an option: use clientId',
  apiKey: 'is not an option: use clientId',
  client_secret: 'is not an option: use clientSecret',
  client_secrets: 'is not an option: use clientSecrets',
  secret: 'is not an option: use clientSecret',
  ims_org_id: 'is not an option: use orgId',
  org_id: 'is not an option: use orgId',
  imsOrgId: 'is not an option: use orgId',
  scope: 'is not an option: use scopes',
  technical_account_id: 'is not an option: use technicalAccountId',
  metascopes: `${JWT_ONLY}: OAuth Server-to-Server takes scopes`,
  meta_scopes: `${JWT_ONLY}: OAuth Server-to-Server takes scopes`,
  privateKey: `${JWT_ONLY}: OAuth Server-to-Server needs no private key`,
  privateKeyFile: `${JWT_ONLY}: OAuth Server-to-Server needs no private key`,
  passphrase: `${JWT_ONLY}: OAuth Server-to-Server needs no private key`,
};

/** Problems with the runtime options (core's shared checks) and with names nobody reads. */
export function checkRuntimeOptions(options: Record<string, unknown>): ConfigurationIssue[] {
  return [
    ...checkTokenRuntimeOptions(options),
    ...checkUnknownOptions(
      options,
      [...CREDENTIAL_KEYS, ...TOKEN_RUNTIME_OPTION_KEYS],
      MISPLACED,
      'createOAuthServerToServerAuth',
    ),
  ];
}

/**
 * What to do with JWT (Service Account) settings given to this strategy: core's check says they
 * are JWT ones, this package says what that means.
 */
export const JWT_SETTINGS_ADVICE =
  'JWT credentials stopped working in 2025-2026: migrate to OAuth Server-to-Server (see ' +
  'docs/guides/migrate-jwt-to-oauth.md; toOAuthServerToServerConfig() in @campaign-standard/auth-jwt converts ' +
  'the configuration), or authenticate with @campaign-standard/auth-jwt while the JWT credential still works.';
