import {
  type AuthStrategy,
  type ConfigurationIssue,
  checkTokenRuntimeOptions,
  checkUnknownOptions,
  pickRuntimeOptions,
  TOKEN_RUNTIME_OPTION_KEYS,
  type TokenRuntimeOptions,
} from '@campaign-standard/core';
import type { PrivateKeyInput } from './private-key.js';

/**
 * Settings that are not credentials: how the strategy talks to IMS and caches tokens (as every
 * strategy, see core's `TokenRuntimeOptions`), signs its JWT and warns.
 */
export interface JwtRuntimeOptions extends TokenRuntimeOptions {
  /** Seconds from signing until the JWT's `exp`. @defaultValue 300 */
  jwtLifetimeSeconds?: number | undefined;
  /**
   * The certificate (PEM or DER X.509) uploaded to the Developer Console: when given, the private
   * key is checked to be its private half before anything is sent to IMS.
   */
  certificate?: string | Uint8Array | undefined;
  /** Do not emit the deprecation warning (also `ACS_SUPPRESS_JWT_WARNING=1`). */
  quietDeprecation?: boolean | undefined;
}

/** Options of {@link createJwtAuth}. */
export interface JwtAuthOptions extends JwtRuntimeOptions {
  /** The credential's client id (API key); also sent as `X-Api-Key` on Campaign calls. */
  clientId: string;
  /** The credential's client secret. */
  clientSecret: string;
  /** The IMS organization id, `…@AdobeOrg`. */
  orgId: string;
  /** The technical account id, `…@techacct.adobe.com`. */
  technicalAccountId: string;
  /** Metascopes, short (`ent_campaign_sdk`) or as full URLs; a list or a comma-separated text. */
  metascopes: readonly string[] | string;
  /**
   * The RSA private key: PEM (PKCS#8 or PKCS#1, encrypted or not), PEM/DER bytes, a `KeyObject`,
   * or a Web Crypto `CryptoKey`. Without `node:crypto` (edge runtimes): unencrypted PKCS#8 or a
   * `CryptoKey`.
   */
  privateKey?: PrivateKeyInput | undefined;
  /** Instead of `privateKey`: the path of a PEM key file (where there is a file system). */
  privateKeyFile?: string | undefined;
  /** The passphrase of an encrypted private key. */
  passphrase?: string | undefined;
  /** The IMS origin. @defaultValue `https://ims-na1.adobelogin.com` */
  imsUrl?: string | undefined;
}

/** The strategy {@link createJwtAuth} returns. Holds no secret on the object. */
export interface JwtAuth extends AuthStrategy {
  /** Always `jwt`. */
  readonly kind: 'jwt';
  /** The credential's client id, sent as `X-Api-Key`. */
  readonly clientId: string;
  /** The IMS organization id. */
  readonly orgId: string;
  /** The technical account the JWT is issued for. */
  readonly technicalAccountId: string;
  /** The metascopes claimed, as short names. */
  readonly metascopes: readonly string[];
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
  'technicalAccountId',
  'technicalAccountEmail',
  'metascopes',
  'privateKey',
  'privateKeyFile',
  'passphrase',
  'imsUrl',
];
/** The runtime options of this strategy, beyond those every strategy takes. */
const JWT_RUNTIME_KEYS = ['jwtLifetimeSeconds', 'certificate', 'quietDeprecation'];

const MISPLACED: Record<string, string> = {
  scopes:
    'belongs to OAuth Server-to-Server: a JWT credential takes metascopes. To migrate, see toOAuthServerToServerConfig',
  client_id: 'is not an option: use clientId',
  client_secret: 'is not an option: use clientSecret',
  ims_org_id: 'is not an option: use orgId',
  technical_account_id: 'is not an option: use technicalAccountId',
  meta_scopes: 'is not an option: use metascopes',
  private_key: 'is not an option: use privateKey',
};

/** Problems with the runtime options (core's shared checks, then this strategy's) and with names nobody reads. */
export function checkRuntimeOptions(options: Record<string, unknown>): ConfigurationIssue[] {
  const issues = checkTokenRuntimeOptions(options);
  const { jwtLifetimeSeconds, certificate, quietDeprecation } = options;
  if (
    jwtLifetimeSeconds !== undefined &&
    (typeof jwtLifetimeSeconds !== 'number' || !Number.isFinite(jwtLifetimeSeconds))
  )
    issues.push({ field: 'jwtLifetimeSeconds', problem: 'must be a number of seconds' });
  if (certificate !== undefined && typeof certificate !== 'string' && !(certificate instanceof Uint8Array))
    issues.push({ field: 'certificate', problem: 'must be the certificate PEM text or its bytes' });
  if (quietDeprecation !== undefined && typeof quietDeprecation !== 'boolean')
    issues.push({ field: 'quietDeprecation', problem: 'must be true or false' });
  const known = [...CREDENTIAL_KEYS, ...TOKEN_RUNTIME_OPTION_KEYS, ...JWT_RUNTIME_KEYS];
  return [...issues, ...checkUnknownOptions(options, known, MISPLACED, 'createJwtAuth')];
}

/** Only the runtime options of an options object. */
export function pickRuntime(options: Record<string, unknown>): JwtRuntimeOptions {
  return pickRuntimeOptions<JwtRuntimeOptions>(options, JWT_RUNTIME_KEYS);
}
