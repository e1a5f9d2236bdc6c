import { ConfigurationError } from '@campaign-standard/core';
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
  /** One marketing event of a profile, by the profile's and the event's `PKey`. */
  event(profilePKey: string, eventPKey: string, options?: CallOptions): Promise<HistoryEvent>;
  /**
   * The mirror page of a message sent to a profile: the event's `mirrorPage.href` is followed (or
   * the href itself). Adobe does not show the answer; Campaign (and the emulator) send the page as a
   * JSON string, returned as it is.
   */
  mirrorPage(event: string | Pick<HistoryEvent, 'mirrorPage'>, options?: CallOptions): Promise<string>;
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
    event: async (profilePKey, eventPKey, options) =>
      r.data<HistoryEvent>(
        'GET',
        r.url('/profileAndServices/history/{PKey}/events/{eventPKey}', {
          PKey: profilePKey,
          eventPKey,
        }),
        options,
      ),
    async mirrorPage(event, options) {
      const href = typeof event === 'string' ? event : event?.mirrorPage?.href;
      if (typeof href !== 'string' || href === '') {
        throw new ConfigurationError(
          [{ field: 'mirrorPage.href', problem: 'is missing: pass an event of history.events()' }],
          'history.mirrorPage',
        );
      }
      const page = await r.data<unknown>('GET', r.href(href), options);
      return typeof page === 'string' ? page : JSON.stringify(page);
    },
  };
}
