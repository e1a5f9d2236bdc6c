import {
  ConfigurationError,
  type CredentialsCheck,
  createCacheKey,
  createTokenCache,
  type GetTokenOptions,
  ownProperties,
  readTextFile,
  registerSecret,
} from '@campaign-standard/core';
import { type CheckedJwtCredentials, checkJwtCredentials, jwtConfigurationError } from './credentials.js';
import { warnJwtDeprecated } from './deprecation.js';
import {
  CREDENTIAL_KEYS,
  checkRuntimeOptions,
  type JwtAuth,
  type JwtAuthOptions,
  type JwtRuntimeOptions,
  pickRuntime,
} from './options.js';
import { normalizePem } from './pem.js';
import type { PrivateKeyInput } from './private-key.js';
import { metascopeName } from './sign.js';
import { createSigningKey } from './signing-key.js';
import { createJwtExchange } from './token-request.js';

/** The `kind` of this strategy. */
export const JWT_KIND = 'jwt';

const DEFAULT_JWT_LIFETIME_SECONDS = 300;

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
 * checked (RSA, 2048 bits or more, matching `certificate` when given) with `node:crypto` where the
 * runtime has it (Node, Deno, Bun). Elsewhere (Cloudflare Workers without `nodejs_compat`, other
 * edge runtimes), and for a Web Crypto `CryptoKey`, Web Crypto signs: the key must then be
 * unencrypted PKCS#8 (or a `CryptoKey`), is imported on the first token request, and a key that
 * cannot be imported fails that request with a `PrivateKeyError`. Emits one
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
  return buildChecked(checkJwtCredentials(credentialInput, 'options'), input);
}

/**
 * @internal Builds the strategy from checked credentials, or throws every problem at once: the
 * credentials' (with advice for OAuth settings) and the runtime options'.
 */
export function buildChecked(
  check: CredentialsCheck<CheckedJwtCredentials>,
  options: Record<string, unknown>,
  env?: Record<string, string | undefined>,
): JwtAuth {
  const runtimeIssues = checkRuntimeOptions(options);
  if (!check.credentials || runtimeIssues.length > 0) throw jwtConfigurationError(check, runtimeIssues);
  return buildJwtAuth(check, pickRuntime(options), env);
}

/** The key's text or object, read from its file when that is where it is; registered for redaction. */
function keyOf(check: CredentialsCheck<CheckedJwtCredentials>): PrivateKeyInput {
  const credentials = check.credentials!;
  const text =
    credentials.privateKey === undefined
      ? readTextFile(credentials.privateKeyFile!, {
          field: check.fieldNames['jwt.privateKeyFile'] ?? 'privateKeyFile',
          source: check.source,
          alternative: 'the PEM text of the key',
        })
      : credentials.privateKey;
  if (typeof text === 'string') {
    registerSecret(text);
    registerSecret(normalizePem(text).pem);
  }
  return text;
}

/**
 * Imports the key and assembles the strategy from checked credentials, without checking them
 * again. The secrets enter the program here, so they are registered for redaction here.
 */
function buildJwtAuth(
  check: CredentialsCheck<CheckedJwtCredentials>,
  runtime: JwtRuntimeOptions,
  env: Record<string, string | undefined> | undefined,
): JwtAuth {
  const credentials = check.credentials!;
  registerSecret(credentials.clientSecret);
  registerSecret(credentials.passphrase);
  const signingKey = createSigningKey(keyOf(check), {
    passphrase: credentials.passphrase,
    certificate: runtime.certificate,
  });
  warnJwtDeprecated(runtime.quietDeprecation, env);

  const imsUrl = credentials.imsUrl.replace(/\/+$/, '');
  const metascopes = Object.freeze([...new Set(credentials.metascopes.map(metascopeName))]);
  const cache = createTokenCache({
    key: async () =>
      createCacheKey(
        JWT_KIND,
        {
          imsUrl,
          clientId: credentials.clientId,
          orgId: credentials.orgId,
          technicalAccountId: credentials.technicalAccountId,
          metascopes,
          keyId: await signingKey.id(),
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
      key: signingKey,
      lifetimeSeconds: runtime.jwtLifetimeSeconds ?? DEFAULT_JWT_LIFETIME_SECONDS,
      fetch: runtime.fetch,
      userAgent: runtime.userAgent,
    }),
    store: runtime.store,
    refreshWindowMs: runtime.refreshWindowMs,
    retry: runtime.retry,
    logger: runtime.logger,
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
