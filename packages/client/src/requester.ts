import type { CampaignInstance } from '@campaign-standard/core';
import { checkPathKeys } from './keys.js';
import type { CallOptions } from './options.js';
import { type ApiResult, toResult } from './response.js';
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
}

/** A {@link Requester} over a transport. */
export function createRequester(instance: CampaignInstance, send: Send): Requester {
  const result = async <T>(method: Method, url: URL, options: RequestOptions = {}): Promise<ApiResult<T>> => {
    const answer = await send({
      method,
      url,
      body: options.body,
      signal: options.signal,
      retryNonIdempotent: options.retryNonIdempotent,
    });
    return toResult<T>(answer, { method, url: url.href, tenantPath: instance.tenantPath });
  };
  return {
    instance,
    url(template, params, query) {
      checkPathKeys(template, params);
      return withQuery(urlForPath(instance, fillPath(template, params)), query);
    },
    href: (href) => resolveHref(instance, href),
    result,
    async data<T>(method: Method, url: URL, options?: RequestOptions): Promise<T> {
      const outcome = await result<T>(method, url, options);
      if (outcome.error) throw outcome.error;
      return outcome.data;
    },
  };
}
