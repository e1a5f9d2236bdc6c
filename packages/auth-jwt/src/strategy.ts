import {
  ConfigurationError,
  checkJwtCredentials,
  createCacheKey,
  createTokenCache,
  type GetTokenOptions,
  type JwtCredentials,
  ownProperties,
  readTextFile,
  registerSecret,
} from '@campaign-standard/core';
import { warnJwtDeprecated } from './deprecation.js';
import {
  CREDENTIAL_KEYS,
  checkRuntimeOptions,
  type JwtAuth,
  type JwtAuthOptions,
  type JwtRuntimeOptions,
  pickRuntime,
} from './options.js';
import { loadPrivateKey, type PrivateKeyInput, publicKeyId } from './private-key.js';
import { metascopeName } from './sign.js';
import { createJwtExchange } from './token-request.js';

/** The `kind` of this strategy. */
export const JWT_KIND = 'jwt';

const DEFAULT_JWT_LIFETIME_SECONDS = 300;

/** @internal What {@link buildJwtAuth} needs: checked credentials and where the key comes from. */
export interface JwtBuildInput {
  credentials: JwtCredentials & { imsUrl: string };
  /** The key as given in code when it is not text (a Buffer or KeyObject). */
  keyObjectInput?: PrivateKeyInput | undefined;
  /** The name of the key file setting, for the error when it cannot be read. */
  keyFileField: string;
  source: string;
  runtime: JwtRuntimeOptions;
  env?: Record<string, string | undefined> | undefined;
}

/**
 * Authenticates with a legacy JWT (Service Account) credential.
 *
 * @deprecated Adobe retired JWT credentials (end of life 30 June 2025; they stop working when
 * their certificate expires or on 1 March 2026, whichever is earlier). Use
 * `createOAuthServerToServerAuth` from `@campaign-standard/auth-oauth`; `toOAuthServerToServerConfig`
 * converts this configuration. See `docs/guides/migrate-jwt-to-oauth.md`.
 *
 * Each token request signs a fresh RS256 JWT (`exp` = now + `jwtLifetimeSeconds`, `iss` = org,
 * `sub` = technical account, `aud` = `<imsUrl>/c/<clientId>`, one claim per metascope) and
 * exchanges it at `<imsUrl>/ims/exchange/jwt`. Tokens are cached, refreshed ahead of expiry and
 * fetched at most once at a time by core's token cache. The key is imported once, here, and
 * checked (RSA, 2048 bits or more, matching `certificate` when given). Emits one
 * `DeprecationWarning` per process unless `quietDeprecation` or `ACS_SUPPRESS_JWT_WARNING=1`.
 *
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} listing every problem with the options at once.
 * @throws {@link @campaign-standard/core!PrivateKeyError | PrivateKeyError} when the key cannot be used.
 *
 * @example
 * ```ts
 * import { createJwtAuth } from '@campaign-standard/auth-jwt';
 *
 * const auth = createJwtAuth({
 *   clientId: 'a1b2c3…',
 *   clientSecret: process.env.ACS_CLIENT_SECRET!,
 *   orgId: 'ABC123@AdobeOrg',
 *   technicalAccountId: 'DEF456@techacct.adobe.com',
 *   metascopes: ['ent_campaign_sdk'],
 *   privateKey: readFileSync('private.key', 'utf8'),
 * });
 * ```
 */
export function createJwtAuth(options: JwtAuthOptions): JwtAuth {
  if (typeof options !== 'object' || options === null)
    throw new ConfigurationError(
      [
        {
          field: 'options',
          problem:
            'must be an object with clientId, clientSecret, orgId, technicalAccountId, metascopes and privateKey',
        },
      ],
      'options',
    );
  const input = ownProperties(options as unknown as Record<string, unknown>);
  const credentialInput: Record<string, unknown> = {};
  for (const key of CREDENTIAL_KEYS) if (input[key] !== undefined) credentialInput[key] = input[key];
  const check = checkJwtCredentials(credentialInput, 'options');
  const issues = [...check.issues, ...checkRuntimeOptions(input)];
  if (issues.length > 0 || !check.credentials) throw new ConfigurationError(issues, 'options');
  return buildJwtAuth({
    credentials: check.credentials as JwtCredentials & { imsUrl: string },
    keyObjectInput:
      typeof input['privateKey'] === 'string'
        ? undefined
        : (input['privateKey'] as JwtAuthOptions['privateKey']),
    keyFileField: 'privateKeyFile',
    source: 'options',
    runtime: pickRuntime(input),
  });
}

/** @internal Imports the key and assembles the strategy from checked credentials. */
export function buildJwtAuth(input: JwtBuildInput): JwtAuth {
  const { credentials, runtime } = input;
  let keyInput: PrivateKeyInput | undefined = input.keyObjectInput ?? credentials.privateKey;
  if (keyInput === undefined && credentials.privateKeyFile !== undefined)
    keyInput = readTextFile(credentials.privateKeyFile, {
      field: input.keyFileField,
      source: input.source,
      alternative: 'the PEM text of the key',
    });
  const key = loadPrivateKey(keyInput!, {
    passphrase: credentials.passphrase,
    certificate: runtime.certificate,
  });
  registerSecret(credentials.clientSecret);
  warnJwtDeprecated(runtime.quietDeprecation, input.env);

  const imsUrl = credentials.imsUrl.replace(/\/+$/, '');
  const metascopes = Object.freeze([...new Set(credentials.metascopes.map(metascopeName))]);
  const keyId = publicKeyId(key);
  const cache = createTokenCache({
    key: () =>
      createCacheKey(
        JWT_KIND,
        {
          imsUrl,
          clientId: credentials.clientId,
          orgId: credentials.orgId,
          technicalAccountId: credentials.technicalAccountId,
          metascopes,
          keyId,
        },
        [credentials.clientSecret],
      ),
    fetchToken: createJwtExchange({
      imsUrl,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      orgId: credentials.orgId,
      technicalAccountId: credentials.technicalAccountId,
      metascopes,
      key,
      lifetimeSeconds: runtime.jwtLifetimeSeconds ?? DEFAULT_JWT_LIFETIME_SECONDS,
      fetch: runtime.fetch,
      userAgent: runtime.userAgent,
    }),
    store: runtime.store,
    refreshWindowMs: runtime.refreshWindowMs,
    retry: runtime.retry,
  });

  const strategy: JwtAuth = {
    kind: JWT_KIND,
    clientId: credentials.clientId,
    orgId: credentials.orgId,
    technicalAccountId: credentials.technicalAccountId,
    metascopes,
    imsUrl,
    getToken: (getOptions?: GetTokenOptions) => cache.getToken(getOptions),
    invalidate: (rejectedToken?: string) => cache.invalidate(rejectedToken),
  };
  return Object.freeze(strategy);
}
