import type { ApiResult } from '@campaign-standard/client';

/**
 * What the compat functions resolve with: the response object of Adobe's library (a
 * swagger-client response), read the same way: `body` (or `obj`) is the parsed JSON, `status`
 * the HTTP status. `text` and `data` hold the JSON text of `body` (`''` for an answer without a
 * body, such as a DELETE's), where Adobe's library has the text as it was received.
 *
 * @typeParam T - the JSON body
 */
export interface AioResponse<T = unknown> {
  /** True for a 2xx status (always, since other statuses reject). */
  ok: boolean;
  /** The URL that answered. */
  url: string;
  /** The HTTP status. */
  status: number;
  /** The HTTP status text. */
  statusText: string;
  /** The answer's headers, by lower-case name. */
  headers: Record<string, string>;
  /** The body as JSON text (`''` when there is none). */
  text: string;
  /** The same as `text`. */
  data: string;
  /** The parsed JSON body (`undefined` when there is none). */
  body: T;
  /** The same as `body`. */
  obj: T;
}

/** The headers of a `Response` as a plain object. */
export function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/**
 * Adobe's response object for a successful call of the client. `text` and `data` are computed
 * when first read (most code reads `body` only), then kept.
 */
export function toAioResponse<T>(
  result: Extract<ApiResult<T>, { error: undefined }>,
  url: string,
): AioResponse<T> {
  const { response, data } = result;
  let text: string | undefined;
  const json = () => {
    text ??= data === undefined ? '' : JSON.stringify(data);
    return text;
  };
  return {
    ok: response.ok,
    url: response.url || url,
    status: response.status,
    statusText: response.statusText,
    headers: headersOf(response),
    get text() {
      return json();
    },
    get data() {
      return json();
    },
    body: data,
    obj: data,
  };
}

/** Statuses whose `Response` cannot carry a body. */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * A fetch `Response` again, for the functions of Adobe's library that hand one back: the status,
 * status text and headers Campaign answered, and the body the client read (as JSON when the
 * answer was JSON, else as the text it was).
 */
export function rebuildResponse(response: Response, body: unknown, url: string): Response {
  const headers = new Headers(response.headers);
  for (const name of ['content-length', 'content-encoding', 'transfer-encoding']) headers.delete(name);
  const json = response.headers.get('content-type')?.toLowerCase().includes('json') ?? false;
  const text = body === undefined ? null : typeof body === 'string' && !json ? body : JSON.stringify(body);
  const rebuilt = new Response(NO_BODY.has(response.status) ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  Object.defineProperty(rebuilt, 'url', { value: response.url || url });
  return rebuilt;
}
