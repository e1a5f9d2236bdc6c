import { ConfigurationError } from '@campaign-standard/core';
import { createRecordList, type ListOptions, type RecordList } from '../list.js';
import { checkedListTarget } from '../list-target.js';
import type { CallOptions } from '../options.js';
import type { PrivacyRequest, PrivacyRequestInput } from '../records.js';
import type { Requester } from '../requester.js';

/** GDPR and CCPA requests (`/privacy/privacyTool`). */
export interface PrivacyApi {
  /** Creates a request (never resent after a failure unless `retryNonIdempotent`). */
  create(request: PrivacyRequestInput, options?: CallOptions): Promise<PrivacyRequest>;
  /** Every request, page by page. */
  list(options?: ListOptions): RecordList<PrivacyRequest>;
  /** One request and its status, by `PKey` (`@…`; `_count` or a filter name is refused). */
  get(pkey: string, options?: CallOptions): Promise<PrivacyRequest>;
  /**
   * The data file of an access request: from the request record (its `privacyRequestData.href`
   * and `name`), or from that href and the request name.
   */
  dataFile(
    request: Pick<PrivacyRequest, 'privacyRequestData' | 'name'>,
    options?: CallOptions,
  ): Promise<string>;
  /** The data file of an access request, from its `privacyRequestData.href` and the request name. */
  dataFile(href: string, name: string, options?: CallOptions): Promise<string>;
}

/** Builds {@link PrivacyApi}. */
export function createPrivacyApi(r: Requester): PrivacyApi {
  return {
    create: async (request, options) =>
      r.data<PrivacyRequest>('POST', r.url('/privacy/privacyTool'), { ...options, body: request }),
    list(options = {}) {
      const { path, query } = checkedListTarget('/privacy/privacyTool', options);
      return createRecordList<PrivacyRequest>(r, r.url(path, {}, query), options);
    },
    get: async (pkey, options) =>
      r.data<PrivacyRequest>('GET', r.url('/privacy/privacyTool/{PKey}', { PKey: pkey }), options),
    async dataFile(
      request: string | Pick<PrivacyRequest, 'privacyRequestData' | 'name'>,
      nameOrOptions?: string | CallOptions,
      maybeOptions?: CallOptions,
    ): Promise<string> {
      const href = typeof request === 'string' ? request : request.privacyRequestData?.href;
      const name = typeof request === 'string' ? nameOrOptions : request.name;
      const options = typeof nameOrOptions === 'object' ? nameOrOptions : maybeOptions;
      const issues = [];
      if (typeof href !== 'string' || href === '')
        issues.push({ field: 'privacyRequestData.href', problem: 'is missing' });
      if (typeof name !== 'string' || name === '') issues.push({ field: 'name', problem: 'is missing' });
      if (issues.length > 0) throw new ConfigurationError(issues, 'privacy.dataFile');
      const data = await r.data<unknown>('POST', r.href(href as string), { ...options, body: { name } });
      return typeof data === 'string' ? data : JSON.stringify(data);
    },
  };
}
