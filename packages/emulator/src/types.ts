/** A client (Developer Console credential) the emulated IMS knows. */
export interface EmulatorClientConfig {
  /** The client id, also the `X-Api-Key` on Campaign calls. */
  clientId: string;
  /** One or two client secrets; either one is accepted (rotation). */
  clientSecrets: string[];
  /** The IMS organization, `…@AdobeOrg`; the JWT `iss`. */
  orgId: string;
  /** The technical account, `…@techacct.adobe.com`; the JWT `sub` and the token's `user_id`. */
  technicalAccountId: string;
  /** The technical account's e-mail address. */
  technicalAccountEmail?: string;
  /** OAuth Server-to-Server scopes the client may ask for. */
  scopes: string[];
  /** JWT metascopes bound to the client, as short names (`ent_campaign_sdk`). */
  metascopes: string[];
  /** PEM SPKI public keys and/or X.509 certificates that JWTs for this client may be signed with. */
  publicKeys?: string[];
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; `0` (default) picks a free one. The host is always 127.0.0.1. */
  port?: number;
  /** Registered clients; default: one demo client usable with both OAuth S2S and JWT. */
  clients?: EmulatorClientConfig[];
  /** Production tenants; each also gets `<tenant>-mkt-stage` with separate data. Default `['acme']`. */
  tenants?: string[];
  /**
   * Campaign v8 tenants: Campaign Standard tenants after their migration to Campaign v8, served in
   * the same process as the Standard ones so a migration can be rehearsed. Each serves the records
   * of the Standard tenant it was migrated from (the same data, live) with its own PKeys and the
   * differences Adobe documents for migrated users (see `docs/campaign-v8.md`). Default: none.
   */
  v8Tenants?: CampaignV8TenantOptions[];
  /** Lifetime of minted access tokens, in seconds. Default 86400. */
  tokenLifetimeSeconds?: number;
  /** Seeded profiles per instance; default 50. Generated on demand, so 100,000 is cheap. */
  profiles?: number;
  /**
   * Campaign's `XtkBigTableThreshold`: a list of a table holding more records than this has no
   * `next` link unless the request carries `_forcePagination=true`. Default 100,000, Campaign's
   * default; a small value lets a test reach the big-table behaviour with a few records.
   */
  bigTableThreshold?: number;
  /** Seed of the generated data and of probabilistic faults. Default 1. */
  seed?: number;
  /**
   * The API gateway's throttling: each IMS organization (all its clients and tenants together)
   * may make this many Campaign calls a second; above it, 429 `{"error_code":"429050","message":
   * "Too many requests"}` with `Retry-After`. IMS is never limited. Default: no limit.
   * {@link Emulator.setRateLimit} changes it while the emulator runs.
   */
  rateLimit?: RateLimitOptions;
}

/** A REST API Adobe's Campaign v8 migration page names as not available (yet) or deprecated on v8. */
export type CampaignV8Api =
  | 'transactionalMessages'
  | 'marketingHistory'
  | 'organizationalUnits'
  | 'privacyManagement';

/** A Campaign v8 tenant of the emulator; see {@link EmulatorOptions.v8Tenants}. */
export interface CampaignV8TenantOptions {
  /**
   * The Campaign v8 tenant id, the first segment of its URLs (`/<name>/campaign/…`); it also gets
   * `<name>-mkt-stage`, serving the Standard tenant's stage records. It must differ from every
   * Campaign Standard tenant: Adobe recommends the v8 tenant id in REST URLs after the migration.
   */
  name: string;
  /** The Campaign Standard tenant (one of `tenants`) whose records it serves. Default: the first. */
  migratedFrom?: string;
  /**
   * The APIs answered as not available (404 `Unsupported endpoint. (endpoint=rest/…)`). Default:
   * all four, as the migration page's note says (transactional messages "for now"; marketing
   * history, organizational units and privacy management deprecated). `[]` serves them all.
   */
  unavailableApis?: CampaignV8Api[];
  /**
   * Fields dropped by the migration, as `<resource>.<field>`: read back blank, writes ignored.
   * Default `['profile.fax', 'profile.thumbnail']` (Adobe does not list the dropped fields).
   */
  droppedFields?: string[];
}

/**
 * A rate limit of the emulated API gateway (a token bucket per IMS organization): each
 * organization's bucket holds `burst` tokens and starts full, gains `requestsPerSecond` tokens a
 * second, and each Campaign call takes one; a call finding none is answered 429.
 */
export interface RateLimitOptions {
  /** Campaign calls each organization may make per second, on average; a positive number. */
  requestsPerSecond: number;
  /**
   * How many calls may come at once after a quiet time (the bucket's size); a positive integer.
   * Default: `requestsPerSecond` rounded down, at least 1.
   */
  burst?: number;
  /**
   * The limiter's clock, epoch milliseconds; default `Date.now`. Only the limiter reads it, so a
   * test can step time (`let now = 0; … clock: () => now`) instead of waiting.
   */
  clock?: () => number;
}

/** Which token flow a token request used. */
export type GrantKind = 'jwt' | 'client_credentials';

/** One line of the request log. Holds no secret: the query is redacted. */
export interface EmulatorRequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Path and redacted query. */
  path: string;
  /** Status answered; `0` when the connection was reset on purpose. */
  status: number;
  /** The client the request was made for, when known (form field, API key or token). */
  clientId: string | undefined;
  /** `ims` for `/ims/...`, `api` for Campaign calls. */
  target: 'ims' | 'api';
  /** Campaign tenant path (`acme`, `acme-mkt-stage`) for API calls. */
  tenant: string | undefined;
  /** For token requests: which flow. */
  grant: GrantKind | undefined;
  /** Epoch milliseconds when the request arrived. */
  time: number;
}

/** Filter of {@link EmulatorStats.tokenRequests}. */
export interface TokenRequestFilter {
  /** Only requests for this client. */
  clientId?: string;
  /** Only requests of this flow. */
  grant?: GrantKind;
  /** Only requests that got a token, or only refused ones. */
  outcome?: 'success' | 'error';
}

/** Filter of {@link EmulatorStats.apiRequests}. */
export interface ApiRequestFilter {
  /** Only requests for this client (its API key or token). */
  clientId?: string;
  /** Only requests answered with this status. */
  status?: number;
  /** Only requests with this HTTP method. */
  method?: string;
  /** Only requests to this tenant path (`acme`, `acme-mkt-stage`). */
  tenant?: string;
  /** Only requests whose path starts with this, e.g. `/acme/campaign/profileAndServices/profile`. */
  pathPrefix?: string;
}

/** Counters and the request log. */
export interface EmulatorStats {
  /** Token requests (`/ims/exchange/jwt`, `/ims/token/v*`) matching the filter, faults included. */
  tokenRequests(filter?: TokenRequestFilter): number;
  /** Campaign requests matching the filter, faults and gateway refusals included. */
  apiRequests(filter?: ApiRequestFilter): number;
  /**
   * Campaign requests matching the filter that the rate limit answered 429 (a 429 fault or a
   * workflow signal's cooldown is not counted here; `apiRequests({ status: 429 })` counts all).
   */
  rateLimited(filter?: ApiRequestFilter): number;
  /** A copy of the request log, oldest first. */
  requests(): EmulatorRequestLogEntry[];
  /** Forgets every count and log line. */
  reset(): void;
}

/** A fault to inject; see {@link EmulatorFaults.inject}. */
export interface FaultSpec {
  /** Which requests: IMS ones, Campaign ones, or all. */
  target: 'ims' | 'api' | 'all';
  /**
   * - `status`: answer `status` (429, 500, 502, 503, 504) with the body the real service uses;
   * - `latency`: wait `latencyMs`, then answer normally;
   * - `reset`: destroy the connection without an answer;
   * - `cname`: the gateway's "Oops… Check your URI" answer, 502 by default (`status: 500` for the
   *   form Adobe's troubleshooting page shows).
   */
  kind: 'status' | 'latency' | 'reset' | 'cname';
  /** For `status`; for `cname`, 500 or 502 (default 502). */
  status?: number;
  /** `Retry-After` in seconds, with 429/503. */
  retryAfterSeconds?: number;
  /** For `latency`. */
  latencyMs?: number;
  /** Apply to the next N matching requests only; default: until cleared. */
  times?: number;
  /** Chance (0..1) that a matching request is hit, drawn from the seeded generator. */
  probability?: number;
  /** Only requests whose path starts with this. */
  pathPrefix?: string;
}

/** Fault injection. */
export interface EmulatorFaults {
  /** Adds a fault; several may be active, the first matching one applies. */
  inject(fault: FaultSpec): void;
  /** Removes every fault. */
  clear(): void;
}

/** The default client's credentials, ready to use. */
export interface EmulatorCredentials {
  /** The first configured tenant. */
  tenant: string;
  /** The client id, also the `X-Api-Key`. */
  clientId: string;
  /** The first client secret. */
  clientSecret: string;
  /** The IMS organization, `…@AdobeOrg`. */
  orgId: string;
  /** The technical account, `…@techacct.adobe.com`. */
  technicalAccountId: string;
  /** The technical account's e-mail address. */
  technicalAccountEmail: string;
  /** The OAuth Server-to-Server scopes of the client. */
  scopes: string[];
  /** The JWT metascopes of the client. */
  metascopes: string[];
  /** PKCS#8 PEM generated at start-up, whose public key is registered for this client. */
  privateKey: string;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The IMS host to configure in clients (same origin; paths under `/ims/...`). */
  imsUrl: string;
  /** The gateway origin; the Campaign base is `${baseUrl}/<tenant>/campaign`. */
  baseUrl: string;
  /** The default client's credentials. */
  credentials: EmulatorCredentials;
  /** Registers (or replaces) a client. */
  registerClient(client: EmulatorClientConfig): void;
  /** Counters and the request log. */
  stats: EmulatorStats;
  /** Fault injection. */
  faults: EmulatorFaults;
  /** Every token issued so far becomes expired: Campaign answers 401013 to it. */
  expireTokens(): void;
  /** Every token issued so far becomes revoked: Campaign answers 401013 to it. */
  revokeTokens(): void;
  /**
   * Sets the rate limit from now on (every organization starts again with a full bucket), or
   * removes it with `undefined`; see {@link EmulatorOptions.rateLimit}.
   */
  setRateLimit(limit: RateLimitOptions | undefined): void;
  /** Closes the server and its connections. */
  stop(): Promise<void>;
}
