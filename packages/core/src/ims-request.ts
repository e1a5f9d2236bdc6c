import {
  AbortedError,
  type ConfigurationIssue,
  ImsError,
  isCampaignSdkError,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
} from './errors.js';
import { deriveExpiry } from './expiry.js';
import { isLoopbackHost } from './instance.js';
import { ownProperties } from './own-properties.js';
import { registerSecret } from './redact.js';
import { parseRetryAfter } from './retry.js';
import { errorType, type SdkSpan, serverAttributes, startSdkSpan } from './telemetry.js';
import type { AccessToken, FetchLike } from './types.js';

/** How long a token request may take, from sending to the last byte of the answer (30 s). */
export const DEFAULT_IMS_TIMEOUT_MS = 30_000;

/** The production Adobe IMS host. */
export const DEFAULT_IMS_URL = 'https://ims-na1.adobelogin.com';

/** Input of {@link requestImsToken}. */
export interface ImsTokenRequest {
  /** The `fetch` to use, `globalThis.fetch` by default. */
  fetch?: FetchLike | undefined;
  /** The IMS origin, e.g. {@link DEFAULT_IMS_URL} or the emulator's URL. */
  imsUrl: string;
  /** The endpoint path, e.g. `/ims/token/v3` or `/ims/exchange/jwt`. */
  path: string;
  /** The form fields, sent urlencoded in the body (never in the URL). */
  params: Record<string, string>;
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
  /** A `User-Agent` header, where the runtime lets one be set. */
  userAgent?: string | undefined;
  /** Gives up after this many milliseconds, answer body included. @defaultValue {@link DEFAULT_IMS_TIMEOUT_MS} */
  timeoutMs?: number | undefined;
}

/** A successful IMS token answer. */
export interface ImsTokenResponse {
  /** The access token. Registered as a secret, so it is redacted from any later error text. */
  access_token: string;
  /** `bearer`. */
  token_type?: string;
  /** The lifetime, in the unit of the flow (seconds for token/v3, milliseconds for the JWT exchange). */
  expires_in?: number | string;
  /** Anything else IMS sent. */
  [field: string]: unknown;
}

/** Form fields that hold secrets: registered for redaction before anything can go wrong. */
const SECRET_PARAMS = ['client_secret', 'jwt_token', 'client_assertion', 'refresh_token'] as const;

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Posts a form to an IMS endpoint and returns the token answer.
 *
 * The request is `POST <imsUrl><path>` with an `application/x-www-form-urlencoded` body and
 * `Accept: application/json`; secrets travel only in the body. Secret fields (`client_secret`,
 * `jwt_token`, …) and the returned access token are registered with `registerSecret`.
 *
 * @throws {@link ImsError} for a non-2xx answer: `error`, `error_description`, status,
 *   `x-debug-id`, `Retry-After` and the endpoint; a body that is not JSON (a proxy's HTML page)
 *   gives `error` `unexpected_response` with the text kept in the cause.
 * @throws {@link NetworkError} when no answer arrived; {@link TimeoutError} when none arrived within
 *   `timeoutMs`; {@link AbortedError} when `signal` fired.
 * @throws {@link UnexpectedResponseError} for a 2xx answer that is not JSON or has no `access_token`.
 */
export async function requestImsToken(input: ImsTokenRequest): Promise<ImsTokenResponse> {
  const request = ownProperties(input);
  // An HTTP client span (OpenTelemetry, when present): the endpoint's path, never the form.
  const span = startSdkSpan('POST', 'client', {
    'http.request.method': 'POST',
    'url.template': request.path,
  });
  if (!span) return sendTokenRequest(request, undefined);
  if (span.recording) {
    try {
      span.set(serverAttributes(new URL(request.imsUrl)));
    } catch {
      // a bad IMS URL fails below, with its own error
    }
  }
  try {
    return await span.run(() => sendTokenRequest(request, span));
  } catch (error) {
    const ims = error instanceof ImsError ? error : undefined;
    span.fail(error, ims?.error ?? errorType(error));
    throw error;
  } finally {
    span.end();
  }
}

async function sendTokenRequest(
  request: ImsTokenRequest,
  span: SdkSpan | undefined,
): Promise<ImsTokenResponse> {
  const fetchImpl = request.fetch ?? globalThis.fetch;
  for (const name of SECRET_PARAMS) registerSecret(request.params[name]);
  const endpoint = `${request.imsUrl.replace(/\/+$/, '')}${request.path}`;
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  if (request.userAgent) headers['User-Agent'] = request.userAgent;

  // One signal for the caller's abort and our own deadline: a silent IMS must not hang a process.
  const timeoutMs = request.timeoutMs ?? DEFAULT_IMS_TIMEOUT_MS;
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (request.signal?.aborted) onCallerAbort();
  const timer = setTimeout(() => controller.abort(), timeoutMs);

  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(endpoint, {
      method: 'POST',
      headers,
      body: new URLSearchParams(request.params).toString(),
      signal: controller.signal,
      // a redirect would resend the secrets elsewhere: it is reported as an error instead
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) {
      throw new AbortedError(`The IMS request to ${endpoint} was aborted`, { cause: error });
    }
    if (controller.signal.aborted) {
      throw new TimeoutError(`IMS at ${endpoint} did not answer within ${timeoutMs} ms`, timeoutMs, {
        cause: error,
      });
    }
    throw new NetworkError(`Could not reach IMS at ${endpoint}: ${describeFailure(error)}`, {
      cause: error,
      url: endpoint,
      // a fetch wrapper (e.g. the proxy package's) that knows what went wrong also says what to do
      ...(isCampaignSdkError(error) && error.hint ? { hint: error.hint } : {}),
      ...(error instanceof NetworkError ? { retryable: error.retryable } : {}),
    });
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCallerAbort);
  }

  span?.set({ 'http.response.status_code': response.status });
  const debugId = response.headers.get('x-debug-id') ?? undefined;
  const contentType = response.headers.get('content-type') ?? '';
  const body = parseJson(text);

  if (!response.ok) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const fields = body as Record<string, unknown>;
      const description = fields['error_description'] ?? fields['message'];
      throw new ImsError({
        status: response.status,
        error: typeof fields['error'] === 'string' ? fields['error'] : undefined,
        errorDescription: typeof description === 'string' ? description : undefined,
        debugId,
        retryAfterMs,
        endpoint,
      });
    }
    const kind = contentType.split(';')[0]?.trim() || 'no content type';
    throw new ImsError(
      {
        status: response.status,
        error: 'unexpected_response',
        errorDescription: `the answer is not an IMS error body (${kind})`,
        debugId,
        retryAfterMs,
        endpoint,
      },
      {
        cause: new UnexpectedResponseError(`IMS answered ${response.status} with a non-JSON body`, {
          status: response.status,
          body: text,
        }),
        hint: debugId
          ? undefined
          : 'Something other than IMS answered (a proxy or gateway?): check the IMS URL and any HTTPS_PROXY setting.',
      },
    );
  }

  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UnexpectedResponseError(
      `IMS answered ${response.status} from ${endpoint} with a body that is not a JSON object`,
      { status: response.status, body: text },
    );
  }
  const token = (body as Record<string, unknown>)['access_token'];
  if (typeof token !== 'string' || token === '') {
    throw new UnexpectedResponseError(
      `IMS answered ${response.status} from ${endpoint} without an access_token`,
      { status: response.status, body: text },
    );
  }
  registerSecret(token);
  return body as ImsTokenResponse;
}

/**
 * The {@link AccessToken} of an IMS token answer, its expiry taken from the token's own claims when
 * it decodes, else from `expires_in` in the unit of the flow: `seconds` for `/ims/token/v3`,
 * `milliseconds` for the JWT exchange.
 */
export function accessTokenFrom(
  response: ImsTokenResponse,
  expiresInUnit: 'seconds' | 'milliseconds',
  now: number = Date.now(),
): AccessToken {
  return {
    token: response.access_token,
    tokenType: 'bearer',
    expiresOnTimestamp: deriveExpiry({
      accessToken: response.access_token,
      expiresIn: response.expires_in,
      unit: expiresInUnit,
      now,
    }),
  };
}

/**
 * Checks an IMS URL setting: https (plain http only for a loopback host, e.g. the emulator), no
 * credentials, query or fragment. Returns the problem, or `undefined` when the value is fine.
 *
 * @param value - the configured URL
 * @param field - the setting's name as the user wrote it, e.g. `imsUrl` or `ACS_IMS_URL`
 */
export function checkImsUrl(value: unknown, field: string): ConfigurationIssue | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return { field, problem: 'is empty: give the IMS origin, e.g. https://ims-na1.adobelogin.com' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { field, problem: `"${value}" is not a URL` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return {
      field,
      problem: `must use https (http is allowed for loopback only): ${url.protocol}//${url.host}`,
    };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { field, problem: 'must not carry credentials, a query or a fragment' };
  }
  return undefined;
}
