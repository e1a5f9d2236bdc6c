import { createRecordList, type ListOptions, listTarget, type RecordList } from '../list.js';
import type { CallOptions } from '../options.js';
import type { History, HistoryEvent } from '../records.js';
import type { Requester } from '../requester.js';
import { withQuery } from '../url.js';

/** Marketing history of profiles. */
export interface HistoryApi {
  /** The history record of a profile. */
  get(profilePKey: string, options?: CallOptions): Promise<History>;
  /** The marketing events of a profile, from its key or its history record (`events.href` is followed). */
  events(profile: string | Pick<History, 'events'>, options?: ListOptions): RecordList<HistoryEvent>;
}

/** Builds {@link HistoryApi}. */
export function createHistoryApi(r: Requester): HistoryApi {
  return {
    get: async (pkey, options) =>
      r.data<History>('GET', r.url('/profileAndServices/history/{PKey}', { PKey: pkey }), options),
    events(profile, options = {}) {
      const { query } = listTarget('', options);
      if (typeof profile !== 'string' && typeof profile.events?.href === 'string') {
        return createRecordList<HistoryEvent>(r, withQuery(r.href(profile.events.href), query), options);
      }
      const pkey = typeof profile === 'string' ? profile : '';
      return createRecordList<HistoryEvent>(
        r,
        r.url('/profileAndServices/history/{PKey}/events', { PKey: pkey }, query),
        options,
      );
    },
  };
}
