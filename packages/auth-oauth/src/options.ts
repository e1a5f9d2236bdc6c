import {
  type AuthStrategy,
  type ConfigurationIssue,
  checkOAuthCredentials,
  type FetchLike,
  type OAuthCredentials,
  ownProperties,
  type RetryOptions,
  type TokenStore,
} from '@campaign-standard/core';

/** Settings of the strategy that are not credentials: how it talks to IMS and caches tokens. */
export interface OAuthRuntimeOptions {
  /** The `fetch` to use, `globalThis.fetch` by default (inject one for proxies or tests). */
  fetch?: FetchLike | undefined;
  /**
   * Where tokens are cached. Default: memory, private to this strategy. Use the file store from
   * `@campaign-standard/core/file-store` to share tokens between runs, or a shared store
   * (Redis, …) to share them between processes.
   */
  store?: TokenStore | undefined;
  /** Refresh this long before expiry, serving the current token meanwhile. @defaultValue 600_000 */
  refreshWindowMs?: number | undefined;
  /** Retries on IMS 429, 5xx and network errors; `false` to fail at once. */
  retry?: RetryOptions | false | undefined;
  /** A `User-Agent` for token requests, where the runtime allows one. */
  userAgent?: string | undefined;
}

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

/** Credentials plus runtime options, checked and normalized. */
export interface ResolvedOptions {
  credentials: OAuthCredentials & { imsUrl: string };
  runtime: OAuthRuntimeOptions;
}

const CREDENTIAL_KEYS = [
  'clientId',
  'clientSecret',
  'clientSecrets',
  'orgId',
  'scopes',
  'technicalAccountId',
  'technicalAccountEmail',
  'imsUrl',
];
const RUNTIME_KEYS = ['fetch', 'store', 'refreshWindowMs', 'retry', 'userAgent'];
const RETRY_KEYS = ['maxRetries', 'initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'];

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

function isNumberAtLeastZero(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Problems with the options that are not credentials. */
export function checkRuntimeOptions(options: Record<string, unknown>): ConfigurationIssue[] {
  const issues: ConfigurationIssue[] = [];
  const { fetch, store, refreshWindowMs, retry, userAgent } = options;
  if (fetch !== undefined && typeof fetch !== 'function')
    issues.push({ field: 'fetch', problem: 'must be a function with the signature of fetch' });
  if (store !== undefined) {
    const candidate = store as Partial<Record<'get' | 'set' | 'delete', unknown>> | null;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      typeof candidate.get !== 'function' ||
      typeof candidate.set !== 'function' ||
      typeof candidate.delete !== 'function'
    )
      issues.push({ field: 'store', problem: 'must be a token store with get, set and delete methods' });
  }
  if (refreshWindowMs !== undefined && !isNumberAtLeastZero(refreshWindowMs))
    issues.push({ field: 'refreshWindowMs', problem: 'must be a number of milliseconds, 0 or more' });
  if (retry !== undefined && retry !== false) {
    if (typeof retry !== 'object' || retry === null || Array.isArray(retry))
      issues.push({ field: 'retry', problem: `must be false or an object with ${RETRY_KEYS.join(', ')}` });
    else
      for (const [name, value] of Object.entries(retry)) {
        if (!RETRY_KEYS.includes(name))
          issues.push({
            field: `retry.${name}`,
            problem: `is not a retry option (${RETRY_KEYS.join(', ')})`,
          });
        else if (value !== undefined && !isNumberAtLeastZero(value))
          issues.push({ field: `retry.${name}`, problem: 'must be a number, 0 or more' });
      }
  }
  if (userAgent !== undefined && typeof userAgent !== 'string')
    issues.push({ field: 'userAgent', problem: 'must be a string' });
  return issues;
}

/** Options nobody reads: typos, and names copied from Developer Console files or JWT setups. */
export function checkUnknownOptions(options: Record<string, unknown>): ConfigurationIssue[] {
  const known = new Set([...CREDENTIAL_KEYS, ...RUNTIME_KEYS]);
  return Object.keys(options)
    .filter((name) => !known.has(name))
    .map((name) => ({
      field: name,
      problem: MISPLACED[name] ?? 'is not an option of createOAuthServerToServerAuth',
    }));
}

/** Scopes trimmed, empty ones dropped, duplicates removed, first occurrence kept. */
export function normalizeScopes(scopes: readonly string[]): string[] {
  const out: string[] = [];
  for (const scope of scopes) {
    const trimmed = scope.trim();
    if (trimmed !== '' && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
}

/**
 * Checks every option at once: the credential (through core's `checkOAuthCredentials`), the
 * runtime options and unknown names. Returns the normalized options, or every problem found.
 */
export function resolveOptions(
  options: unknown,
):
  | { resolved: ResolvedOptions; issues?: undefined }
  | { resolved?: undefined; issues: ConfigurationIssue[] } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return {
      issues: [
        { field: 'options', problem: 'must be an object with clientId, clientSecrets, orgId and scopes' },
      ],
    };
  }
  const input = ownProperties(options as Record<string, unknown>);
  const credentialInput: Record<string, unknown> = {};
  for (const key of CREDENTIAL_KEYS) if (input[key] !== undefined) credentialInput[key] = input[key];
  const check = checkOAuthCredentials(credentialInput, 'options');
  const issues = [...check.issues, ...checkRuntimeOptions(input), ...checkUnknownOptions(input)];
  if (issues.length > 0 || !check.credentials) return { issues };
  const credentials = check.credentials;
  return {
    resolved: {
      credentials: {
        ...credentials,
        scopes: normalizeScopes(credentials.scopes),
        imsUrl: (credentials.imsUrl ?? '').replace(/\/+$/, ''),
      },
      runtime: {
        fetch: input['fetch'] as FetchLike | undefined,
        store: input['store'] as TokenStore | undefined,
        refreshWindowMs: input['refreshWindowMs'] as number | undefined,
        retry: input['retry'] as RetryOptions | false | undefined,
        userAgent: input['userAgent'] as string | undefined,
      },
    },
  };
}
