import {
  ApiError,
  type CampaignSdkError,
  isTenantUriBody,
  parseRetryAfter,
  redactedExcerpt,
  TenantUriError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import type { WholeAnswer } from './whole-body.js';

/**
 * The outcome of a call that got an HTTP answer, openapi-fetch style: `data` on success, `error`
 * (an `ApiError`, `TenantUriError` or `UnexpectedResponseError`) otherwise, and the `response`.
 */
export type ApiResult<T> =
  | {
      /** The answer's JSON data. */
      data: T;
      /** Absent on success. */
      error: undefined;
      /** The HTTP answer (its body already read). */
      response: Response;
    }
  | {
      /** Absent on failure. */
      data: undefined;
      /** What went wrong, as a typed SDK error. */
      error: CampaignSdkError;
      /** The HTTP answer (its body already read). */
      response: Response;
    };

/** What the error mapping needs to know about the request. */
export interface RequestContext {
  method: string;
  url: string;
  /** The tenant path of the instance (`acme` or `acme-mkt-stage`). */
  tenantPath: string;
}

type Body =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string; looksJson: boolean; html: boolean };

const CAMPAIGN_CODE = /\b((?:RST|XTK|PGS|SOP|JST|SQL|DAT|WDB|NMS)-\d{4,6})\b/;
const MAX_MESSAGE = 500;

/** UTF-8 with the byte order mark dropped, as `Response.text()` decodes. */
const UTF8 = new TextDecoder();

/** Reads a body (already received whole) without ever throwing on malformed JSON. */
export function readBody(response: Response, bytes: Uint8Array | null): Body {
  const text = bytes === null ? '' : UTF8.decode(bytes);
  if (text.trim() === '') return { kind: 'empty' };
  const type = response.headers.get('content-type')?.toLowerCase() ?? '';
  const trimmed = text.trimStart();
  const looksJson = type.includes('json') || /^[[{"]/.test(trimmed);
  const html = type.includes('html') || /^<(!doctype|html|head|body)/i.test(trimmed);
  if (looksJson && !html) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      // truncated or not JSON after all: reported below as text
    }
  }
  return { kind: 'text', text, looksJson, html };
}

/** Reads an answer into an {@link ApiResult}, mapping every failure to a typed SDK error. */
export function toResult<T>(answer: WholeAnswer, context: RequestContext): ApiResult<T> {
  const { response } = answer;
  const body = readBody(response, answer.body);
  if (response.ok) {
    if (body.kind === 'empty') return { data: undefined as T, error: undefined, response };
    if (body.kind === 'json') return { data: body.value as T, error: undefined, response };
    return { data: undefined, error: unexpected(response.status, body, context), response };
  }
  return { data: undefined, error: errorFromBody(response, body, context), response };
}

function unexpected(
  status: number,
  body: Extract<Body, { kind: 'text' }>,
  context: RequestContext,
): UnexpectedResponseError {
  const what = body.html
    ? 'an HTML page (a proxy or gateway page, not Campaign)'
    : body.looksJson
      ? 'truncated or invalid JSON'
      : 'text where JSON was expected';
  return new UnexpectedResponseError(
    `Campaign answered ${status} with ${what} (${context.method} ${context.url}): ${excerpt(body.text)}`,
    { status, body: body.text },
  );
}

/** The SDK error for a non-2xx answer. */
export function errorFromBody(response: Response, body: Body, context: RequestContext): CampaignSdkError {
  const status = response.status;
  const base = {
    status,
    method: context.method,
    url: context.url,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  };
  if (body.kind === 'text' && (body.html || body.looksJson)) {
    if (isTenantUriBody(body.text)) {
      return new TenantUriError({
        ...base,
        message: excerpt(body.text),
        body: body.text,
        tenant: context.tenantPath,
      });
    }
    return unexpected(status, body, context);
  }
  if (body.kind === 'empty') {
    return new ApiError({ ...base, message: response.statusText || 'no body' });
  }
  const value = body.kind === 'json' ? body.value : body.text;
  if (isTenantUriBody(value)) {
    return new TenantUriError({
      ...base,
      message: messageOf(value),
      body: value,
      tenant: context.tenantPath,
    });
  }
  const message = messageOf(value);
  return new ApiError(
    { ...base, errorCode: errorCodeOf(value, message), message, body: value },
    UNDECRYPTABLE_PKEY.test(message) ? { hint: FOREIGN_PKEY_HINT } : {},
  );
}

/** Campaign v8's answer to a PKey it did not hand out (a stored Campaign Standard one). */
const UNDECRYPTABLE_PKEY = /\bUnable to decrypt PKey\b/;
const FOREIGN_PKEY_HINT =
  "This PKey is not one of this tenant's: PKeys do not carry over from Campaign Standard to Campaign v8. Find the record again by a business key (profiles.findByKey) and use the PKeys and hrefs its answers carry.";

function messageOf(value: unknown): string {
  if (typeof value === 'string') return excerpt(value);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of ['message', 'error_description', 'error', 'title', 'detail']) {
      const field = record[key];
      if (typeof field === 'string' && field !== '') return excerpt(field);
    }
    return excerpt(JSON.stringify(value));
  }
  return String(value);
}

function errorCodeOf(value: unknown, message: string): string | undefined {
  if (typeof value === 'object' && value !== null) {
    const code = (value as Record<string, unknown>)['error_code'];
    if (typeof code === 'string' || typeof code === 'number') return String(code);
  }
  return CAMPAIGN_CODE.exec(message)?.[1];
}

/** The body as one line for a message, redacted before it is cut so no piece of a secret stays. */
function excerpt(text: string): string {
  return redactedExcerpt(text, MAX_MESSAGE, { ellipsis: '…', collapseWhitespace: true });
}
