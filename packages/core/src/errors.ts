import { redact, redactedExcerpt, redactValue } from './redact.js';

/**
 * Stable error codes. Branch on `error.code`, never on message text.
 *
 * - `ERR_CONFIGURATION`: settings are missing or malformed (see {@link ConfigurationError.issues}).
 * - `ERR_IMS`: Adobe IMS refused to issue a token.
 * - `ERR_API`: Campaign Standard answered with an error.
 * - `ERR_TENANT_URI`: the gateway's 502 "Oops … Check your URI" body: the tenant or its CNAME is wrong.
 * - `ERR_NETWORK`: the request did not get an HTTP answer (DNS, refused, reset).
 * - `ERR_TIMEOUT`: no answer within the configured time.
 * - `ERR_ABORTED`: the caller's `AbortSignal` fired.
 * - `ERR_UNEXPECTED_RESPONSE`: an answer that is not what the protocol says (HTML, truncated JSON, …).
 * - `ERR_FOREIGN_ORIGIN`: a link or redirect pointed away from the configured Campaign origin.
 * - `ERR_OUTCOME_UNKNOWN`: a non-idempotent request may or may not have taken effect; it was not resent.
 * - `ERR_PRIVATE_KEY`: a JWT private key cannot be used.
 * - `ERR_PAGINATION`: a list's pages do not lead to its end (a `next` loop, endless empty pages, a list cut short).
 * - `ERR_UNSAFE_FILE`: a private file (token cache, configuration) is a link, a special file, or in a
 *   place others can write to, so it was not read or written.
 * - `ERR_UNAVAILABLE_API`: the call is to a REST API the configured platform does not offer (Campaign
 *   v8 for migrated Campaign Standard users); it was refused before anything was sent.
 */
export type ErrorCode =
  | 'ERR_CONFIGURATION'
  | 'ERR_IMS'
  | 'ERR_API'
  | 'ERR_TENANT_URI'
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
  | 'ERR_ABORTED'
  | 'ERR_UNEXPECTED_RESPONSE'
  | 'ERR_FOREIGN_ORIGIN'
  | 'ERR_OUTCOME_UNKNOWN'
  | 'ERR_PRIVATE_KEY'
  | 'ERR_PAGINATION'
  | 'ERR_UNSAFE_FILE'
  | 'ERR_UNAVAILABLE_API';

/** Options common to every SDK error. */
export interface CampaignSdkErrorOptions {
  /** The underlying error. Its message is redacted before it is kept. */
  cause?: unknown;
  /** What the user can do about it. */
  hint?: string;
}

/**
 * The base of every error the SDK throws: a stable {@link ErrorCode}, a `name` equal to the class
 * name, an optional `hint` and `cause`. Messages and fields are redacted when the error is built,
 * so printing, logging or serializing an error never reveals a secret.
 */
export class CampaignSdkError extends Error {
  /** A stable code to branch on. */
  readonly code: ErrorCode;
  /** What the user can do about it, when the SDK knows. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: CampaignSdkErrorOptions = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: sanitizeCause(options.cause) });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint === undefined ? undefined : redact(options.hint);
  }

  /** A plain, redacted object for `JSON.stringify` and structured logs. */
  toJSON(): Record<string, unknown> {
    const own: Record<string, unknown> = {};
    for (const key of Object.keys(this)) own[key] = (this as unknown as Record<string, unknown>)[key];
    const cause =
      this.cause instanceof Error ? { name: this.cause.name, message: this.cause.message } : this.cause;
    return redactValue({ name: this.name, message: this.message, ...own, cause });
  }
}

function sanitizeCause(cause: unknown): unknown {
  if (cause instanceof Error) {
    if (cause instanceof CampaignSdkError) return cause;
    try {
      cause.message = redact(cause.message);
      if (typeof cause.stack === 'string') cause.stack = redact(cause.stack);
    } catch {
      // frozen or exotic errors keep their text; they came from the platform, not from our inputs
    }
    return cause;
  }
  // Plain objects (parsed bodies, option bags) are copied redacted: util.inspect prints them whole.
  return typeof cause === 'string' ? redact(cause) : redactValue(cause);
}

/** True when `value` is an SDK error (with the given code, if any), also across package copies. */
export function isCampaignSdkError(value: unknown, code?: ErrorCode): value is CampaignSdkError {
  if (!(value instanceof Error)) return false;
  const candidate = value as Partial<CampaignSdkError>;
  if (typeof candidate.code !== 'string' || !candidate.code.startsWith('ERR_')) return false;
  return code === undefined || candidate.code === code;
}

/** One problem found in a configuration. */
export interface ConfigurationIssue {
  /** The setting, named as the user wrote it (e.g. `ACS_CLIENT_ID`, `clientId`, `project.org.ims_org_id`). */
  field: string;
  /** What is wrong and, when useful, how to fix it. */
  problem: string;
}

/** Settings are missing or malformed. Every problem found is listed at once, with where it was read. */
export class ConfigurationError extends CampaignSdkError {
  /** Each problem found. */
  readonly issues: ConfigurationIssue[];
  /** Where the settings were read from (e.g. `environment`, `options`, a file path). */
  readonly source: string;

  constructor(issues: ConfigurationIssue[], source: string, options: CampaignSdkErrorOptions = {}) {
    const list = issues.map((issue) => `${issue.field} ${issue.problem}`).join('; ');
    super('ERR_CONFIGURATION', `Invalid configuration (${source}): ${list}`, options);
    this.issues = issues.map((issue) => ({ field: redact(issue.field), problem: redact(issue.problem) }));
    this.source = redact(source);
  }
}

/** Fields of an IMS error answer. */
export interface ImsErrorDetails {
  /** HTTP status of the answer. */
  status: number;
  /** The OAuth `error` field, e.g. `invalid_client`. */
  error?: string | undefined;
  /** The `error_description` field. */
  errorDescription?: string | undefined;
  /** The `x-debug-id` response header, for Adobe support. */
  debugId?: string | undefined;
  /** Milliseconds to wait before retrying, from `Retry-After`. */
  retryAfterMs?: number | undefined;
  /** The IMS endpoint that answered (no query string). */
  endpoint?: string | undefined;
}

/** Adobe IMS refused to issue a token. */
export class ImsError extends CampaignSdkError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The OAuth `error` field, e.g. `invalid_client`. */
  readonly error: string | undefined;
  /** The `error_description` field. */
  readonly errorDescription: string | undefined;
  /** The `x-debug-id` response header, for Adobe support. */
  readonly debugId: string | undefined;
  /** Milliseconds to wait before retrying, from `Retry-After`. */
  readonly retryAfterMs: number | undefined;
  /** The IMS endpoint that answered. */
  readonly endpoint: string | undefined;

  constructor(details: ImsErrorDetails, options: CampaignSdkErrorOptions = {}) {
    const what = [details.error, details.errorDescription].filter(Boolean).join(': ') || 'no error details';
    const debug = details.debugId ? ` (x-debug-id ${details.debugId})` : '';
    super('ERR_IMS', `IMS answered ${details.status}: ${what}${debug}`, options);
    this.status = details.status;
    this.error = details.error;
    this.errorDescription =
      details.errorDescription === undefined ? undefined : redact(details.errorDescription);
    this.debugId = details.debugId;
    this.retryAfterMs = details.retryAfterMs;
    this.endpoint = details.endpoint === undefined ? undefined : redact(details.endpoint);
  }

  /** True for throttling and server faults (429, 5xx), which are worth retrying. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }

  /**
   * The same refusal with a hint (and, optionally, a clearer description): how a strategy adds
   * what it knows about its own flow to what IMS said. Returns this error when there is nothing to add.
   */
  withHint(hint: string | undefined, errorDescription?: string): ImsError {
    if (hint === undefined && errorDescription === undefined) return this;
    return new ImsError(
      {
        status: this.status,
        error: this.error,
        errorDescription: errorDescription ?? this.errorDescription,
        debugId: this.debugId,
        retryAfterMs: this.retryAfterMs,
        endpoint: this.endpoint,
      },
      { hint: hint ?? this.hint, cause: this.cause },
    );
  }
}

/** Fields of a Campaign Standard error answer. */
export interface ApiErrorDetails {
  /** HTTP status. */
  status: number;
  /** The gateway's `error_code` (e.g. `401013`) or the Campaign code found in the text (e.g. `RST-360011`). */
  errorCode?: string | undefined;
  /** The message from the body, or the body text when it is not JSON. */
  message: string;
  /** HTTP method of the request. */
  method?: string | undefined;
  /** URL of the request (query kept, secrets redacted). */
  url?: string | undefined;
  /** The body, parsed when it was JSON, else its text (truncated). */
  body?: unknown;
  /** Milliseconds to wait before retrying, from `Retry-After`. */
  retryAfterMs?: number | undefined;
}

/** Campaign Standard (or its gateway) answered with an error. */
export class ApiError extends CampaignSdkError {
  /** HTTP status. */
  readonly status: number;
  /** The gateway's `error_code` or the Campaign error code found in the text. */
  readonly errorCode: string | undefined;
  /** HTTP method of the request. */
  readonly method: string | undefined;
  /** URL of the request. */
  readonly url: string | undefined;
  /** The body, parsed when it was JSON, else its text. */
  readonly body: unknown;
  /** Milliseconds to wait before retrying, from `Retry-After`. */
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails, options: CampaignSdkErrorOptions & { code?: ErrorCode } = {}) {
    const where = details.method && details.url ? ` (${details.method} ${details.url})` : '';
    const code = details.errorCode ? ` ${details.errorCode}` : '';
    super(
      options.code ?? 'ERR_API',
      `Campaign answered ${details.status}${code}: ${details.message}${where}`,
      options,
    );
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.method = details.method;
    this.url = details.url === undefined ? undefined : redact(details.url);
    this.body = redactValue(details.body);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The text of the gateway body that means the tenant or its CNAME is wrong. */
export const TENANT_URI_MESSAGE = 'Oops. Something went wrong. Check your URI and try again.';

/**
 * The gateway answered `{"code":502,"message":"Oops. Something went wrong. Check your URI and try
 * again."}`: the tenant in the URL is wrong, or its CNAME is not set up. Adobe's pages show the
 * same body with status 500 for a URL the gateway cannot route; the hint then says so.
 */
export class TenantUriError extends ApiError {
  /** The tenant path the request used (`acme` or `acme-mkt-stage`), when known. */
  readonly tenant: string | undefined;

  constructor(
    details: ApiErrorDetails & { tenant?: string | undefined },
    options: CampaignSdkErrorOptions = {},
  ) {
    super(details, {
      ...options,
      code: 'ERR_TENANT_URI',
      hint:
        options.hint ??
        (details.status === 500
          ? `The gateway could not route the URL${details.tenant ? ` of tenant "${details.tenant}"` : ''}. ` +
            'Check the tenant id (the <ORGANIZATION> part of https://mc.adobe.io/<ORGANIZATION>/campaign) and that the ' +
            'path is one of the API (under /<ORGANIZATION>/campaign/); an href from an answer should be used as it is.'
          : `The tenant${details.tenant ? ` "${details.tenant}"` : ''} is not known to the gateway, or its CNAME is not set up. ` +
            'Check the tenant id (the <ORGANIZATION> part of https://mc.adobe.io/<ORGANIZATION>/campaign), use ' +
            '"<tenant>-mkt-stage" or environment "stage" for the stage instance, and ask Adobe to check the CNAME if it is right.'),
    });
    this.tenant = details.tenant;
  }
}

/** True when a JSON body or text is the gateway's "Oops … Check your URI" answer. */
export function isTenantUriBody(body: unknown): boolean {
  if (typeof body === 'string') return body.includes(TENANT_URI_MESSAGE);
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { message?: unknown }).message === TENANT_URI_MESSAGE
  );
}

/** The request got no HTTP answer: DNS failure, connection refused or reset, TLS failure. */
export class NetworkError extends CampaignSdkError {
  /** The URL that was being requested (secrets redacted). */
  readonly url: string | undefined;
  /**
   * Whether trying again may help. `false` for failures that repeat until a setting changes, such
   * as a proxy's 407: retrying them only delays the message.
   */
  readonly retryable: boolean;

  constructor(
    message: string,
    options: CampaignSdkErrorOptions & { url?: string; retryable?: boolean } = {},
  ) {
    super('ERR_NETWORK', message, options);
    this.url = options.url === undefined ? undefined : redact(options.url);
    this.retryable = options.retryable ?? true;
  }
}

/** No answer arrived within the configured time. */
export class TimeoutError extends CampaignSdkError {
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options: CampaignSdkErrorOptions = {}) {
    super('ERR_TIMEOUT', message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `AbortSignal` fired before the work finished. */
export class AbortedError extends CampaignSdkError {
  constructor(message = 'The operation was aborted', options: CampaignSdkErrorOptions = {}) {
    super('ERR_ABORTED', message, options);
  }
}

/** The most characters of a body kept in {@link UnexpectedResponseError.bodyExcerpt}. */
const BODY_EXCERPT_LENGTH = 500;

/** An answer that breaks the protocol: HTML from a proxy, truncated JSON, a wrong content type. */
export class UnexpectedResponseError extends CampaignSdkError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The start of the body text (redacted, at most 500 characters). */
  readonly bodyExcerpt: string;

  /**
   * @param details - the status and the whole body text: the error redacts it before keeping its
   *   start, so a caller must not shorten it first.
   */
  constructor(
    message: string,
    details: { status: number; body?: string },
    options: CampaignSdkErrorOptions = {},
  ) {
    super('ERR_UNEXPECTED_RESPONSE', message, options);
    this.status = details.status;
    this.bodyExcerpt = redactedExcerpt(details.body ?? '', BODY_EXCERPT_LENGTH);
  }
}

/** A link or redirect pointed away from the configured origin; the token was not sent there. */
export class ForeignOriginError extends CampaignSdkError {
  /** The origin the SDK was configured for. */
  readonly expectedOrigin: string;
  /** The origin it was asked to go to. */
  readonly actualOrigin: string;

  constructor(expectedOrigin: string, actualOrigin: string, options: CampaignSdkErrorOptions = {}) {
    super(
      'ERR_FOREIGN_ORIGIN',
      `Refused to send credentials to ${actualOrigin}: only ${expectedOrigin} is configured`,
      options,
    );
    this.expectedOrigin = redact(expectedOrigin);
    this.actualOrigin = redact(actualOrigin);
  }
}

/**
 * A non-idempotent request (a POST) failed in a way that leaves its outcome unknown, and was not
 * resent so that nothing is created twice. Check whether it took effect before trying again.
 */
export class OutcomeUnknownError extends CampaignSdkError {
  /** HTTP method of the request. */
  readonly method: string;
  /** URL of the request. */
  readonly url: string;

  constructor(method: string, url: string, options: CampaignSdkErrorOptions = {}) {
    super('ERR_OUTCOME_UNKNOWN', `${method} ${url} may or may not have taken effect; it was not resent`, {
      hint: 'Check whether the record exists before retrying, or opt in to retries for this call.',
      ...options,
    });
    this.method = method;
    this.url = redact(url);
  }
}

/** A JWT private key cannot be used: wrong type, too short, wrong passphrase, malformed PEM. */
export class PrivateKeyError extends CampaignSdkError {
  constructor(message: string, options: CampaignSdkErrorOptions = {}) {
    super('ERR_PRIVATE_KEY', message, options);
  }
}

/** Why a list could not be read to its end: see {@link PaginationError}. */
export type PaginationProblem = 'loop' | 'empty-pages' | 'incomplete';

/**
 * Reading every record of a list stopped rather than go on forever or end short without saying
 * so: a `next` link led back to a page already read in this iteration (`loop`), too many pages in
 * a row came back empty with a `next` link (`empty-pages`), or the list ended before the records
 * it is known to hold (`incomplete`).
 */
export class PaginationError extends CampaignSdkError {
  /** What went wrong. */
  readonly problem: PaginationProblem;
  /** The path and query of the page where reading stopped. */
  readonly href: string;
  /** Pages read in this iteration before stopping. */
  readonly pagesRead: number;
  /** Records read in this iteration before stopping. */
  readonly recordsRead: number;

  constructor(
    problem: PaginationProblem,
    message: string,
    details: { href: string; pagesRead: number; recordsRead: number },
    options: CampaignSdkErrorOptions = {},
  ) {
    super('ERR_PAGINATION', message, options);
    this.problem = problem;
    this.href = redact(details.href);
    this.pagesRead = details.pagesRead;
    this.recordsRead = details.recordsRead;
  }
}

/**
 * Why a private file was refused (see {@link UnsafeFileError}):
 *
 * - `symlink`: the file is a symbolic link; following it could read or write anywhere.
 * - `not-regular-file`: a FIFO, socket, device or directory where a file belongs.
 * - `not-directory`: something other than a directory where its directory belongs.
 * - `foreign-owner`: owned by another user (neither you nor root).
 * - `writable-by-others`: group- or world-writable, so another user could replace it.
 */
export type UnsafeFileReason =
  | 'symlink'
  | 'not-regular-file'
  | 'not-directory'
  | 'foreign-owner'
  | 'writable-by-others';

/** Fields of an {@link UnsafeFileError}. */
export interface UnsafeFileDetails {
  /** The file that was to be read or written. */
  file: string;
  /** The path found unsafe: the file itself, its directory or one of their parents. */
  path: string;
  /** What is wrong with {@link UnsafeFileDetails.path}. */
  reason: UnsafeFileReason;
}

/**
 * A file that holds secrets (a token cache, a configuration) was not read or written because
 * doing so could leak or plant them: it is a symbolic link or a special file such as a FIFO, it
 * belongs to another user or others can write to it, or its directory (or a parent) is owned by
 * someone else or writable by others. `hint` says how to fix it (e.g. `chmod 700 <dir>`); the
 * message never holds the file's content.
 */
export class UnsafeFileError extends CampaignSdkError {
  /** The file that was to be read or written. */
  readonly file: string;
  /** The path found unsafe: the file itself, its directory or one of their parents. */
  readonly path: string;
  /** What is wrong with {@link UnsafeFileError.path}. */
  readonly reason: UnsafeFileReason;

  constructor(message: string, details: UnsafeFileDetails, options: CampaignSdkErrorOptions = {}) {
    super('ERR_UNSAFE_FILE', message, options);
    this.file = redact(details.file);
    this.path = redact(details.path);
    this.reason = details.reason;
  }
}

/** Fields of an {@link UnavailableApiError}. */
export interface UnavailableApiDetails {
  /** The platform the client is configured for (`campaign-v8`). */
  platform: string;
  /** The REST API that platform does not offer (`marketingHistory`, `privacyManagement`, …). */
  api: string;
  /** The API's name in Adobe's words (`Marketing history`). */
  label: string;
  /** What to use instead. */
  instead: string;
  /** Adobe's page that lists the platform's available APIs. */
  source: string;
  /** Method and path of the refused call. */
  method: string;
  /** The path of the refused call. */
  path: string;
}

/**
 * A call to a REST API the configured platform does not offer (on Campaign v8 for migrated Campaign
 * Standard users: transactional messages, marketing history, organizational units, privacy
 * management), refused before anything was sent. `instead` says what to use, `source` the page
 * that says so.
 */
export class UnavailableApiError extends CampaignSdkError {
  /** The platform the client is configured for. */
  readonly platform: string;
  /** The REST API that is not available. */
  readonly api: string;
  /** What to use instead. */
  readonly instead: string;
  /** Adobe's page that lists the platform's available APIs. */
  readonly source: string;
  /** Method of the refused call. */
  readonly method: string;
  /** Path of the refused call. */
  readonly path: string;

  constructor(details: UnavailableApiDetails, options: CampaignSdkErrorOptions = {}) {
    super(
      'ERR_UNAVAILABLE_API',
      `${details.label} (${details.api}) is not available on ${details.platform}: ${details.method} ${redact(details.path)} was not sent (${details.source})`,
      { hint: details.instead, ...options },
    );
    this.platform = details.platform;
    this.api = details.api;
    this.instead = details.instead;
    this.source = details.source;
    this.method = details.method;
    this.path = redact(details.path);
  }
}
