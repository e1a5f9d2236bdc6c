import type { CampaignInstance } from '@campaign-standard/core';
import { checkPathKeys } from './keys.js';
import type { CallOptions } from './options.js';
import { createPlatform, type Platform } from './platform.js';
import type { PatchResult } from './records.js';
import { type ApiResult, toResult } from './response.js';
import { rememberTemplate } from './telemetry.js';
import type { Method, Send } from './transport.js';
import { fillPath, type QueryParams, resolveHref, urlForPath, withQuery } from './url.js';

/** Options of one request made by the resource helpers. */
export interface RequestOptions extends CallOptions {
  /** A JSON body. */
  body?: unknown;
}

/** What the resource helpers build on: URLs of the instance and requests that return or throw. */
export interface Requester {
  /** The instance the client talks to. */
  readonly instance: CampaignInstance;
  /** The platform behind the instance (Campaign Standard or v8), its unavailable APIs and filter names. */
  readonly platform: Platform;
  /**
   * A URL from a path template of the instance, its `{params}` and a query. A record key
   * (`{PKey}`, `{subscriptionPKey}`, …) that is not one of Campaign's `@` keys is refused (a custom
   * key of an extended profile, unless it reads as a filter, a field or `_count`).
   */
  url(template: string, params?: Record<string, string | number>, query?: QueryParams): URL;
  /** A URL from an href found in an answer (same origin only). */
  href(href: string): URL;
  /** Sends a request; HTTP errors come back as `error`. */
  result<T>(method: Method, url: URL, options?: RequestOptions): Promise<ApiResult<T>>;
  /** Sends a request and returns its data; HTTP errors are thrown. */
  data<T>(method: Method, url: URL, options?: RequestOptions): Promise<T>;
  /**
   * PATCHes a record and returns its `PKey` and `href`: from the answer, or from the URL when the
   * answer has no body (Campaign v8 answers a PATCH without changes 204 No Content).
   */
  patch(url: URL, body: unknown, options?: CallOptions): Promise<PatchResult>;
}

/** A {@link Requester} over a transport. */
export function createRequester(
  instance: CampaignInstance,
  send: Send,
  platform: Platform = createPlatform({}),
): Requester {
  const basePath = new URL(instance.baseUrl).pathname.replace(/\/+$/, '');
  const result = async <T>(method: Method, url: URL, options: RequestOptions = {}): Promise<ApiResult<T>> => {
    // A call to an API the platform lacks (Campaign v8) is refused before anything is sent.
    if (platform.name !== 'campaign-standard' && url.pathname.startsWith(`${basePath}/`))
      platform.check(method, url.pathname.slice(basePath.length));
    const answer = await send({
      method,
      url,
      body: options.body,
      signal: options.signal,
      retryNonIdempotent: options.retryNonIdempotent,
    });
    return toResult<T>(answer, { method, url: url.href, tenantPath: instance.tenantPath });
  };
  const data = async <T>(method: Method, url: URL, options?: RequestOptions): Promise<T> => {
    const outcome = await result<T>(method, url, options);
    if (outcome.error) throw outcome.error;
    return outcome.data;
  };
  return {
    instance,
    platform,
    url(template, params, query) {
      checkPathKeys(template, params);
      return rememberTemplate(withQuery(urlForPath(instance, fillPath(template, params)), query), template);
    },
    href: (href) => resolveHref(instance, href),
    result,
    data,
    async patch(url, body, options) {
      const answer = await data<PatchResult | undefined>('PATCH', url, { ...options, body });
      if (answer !== undefined && answer !== null) return answer;
      const key = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      return { PKey: decodeURIComponent(key), href: `${url.origin}${url.pathname}` };
    },
  };
}
