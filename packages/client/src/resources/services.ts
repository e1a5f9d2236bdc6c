import { createRecordList, type ListOptions, type RecordList } from '../list.js';
import { checkedListTarget } from '../list-target.js';
import type { CallOptions } from '../options.js';
import type { Service, ServiceInput } from '../records.js';
import type { Requester } from '../requester.js';
import { type ExtOption, family } from './profiles.js';

/** Built-in service filters. */
export interface ServiceFilters {
  /** Services of a channel. */
  byChannel?: {
    /** The channel. */
    channel: 'email' | 'sms';
  };
  /** Services whose label or name starts with `text`. */
  byText?: {
    /** The start of the label or name. */
    text: string;
  };
  /** Services valid between two dates. */
  byPlanning?: {
    /** The first day, as Campaign expects it (e.g. `2024-01-31`). */
    startDate?: string;
    /** The last day. */
    endDate?: string;
  };
  /** Services targeting a resource. */
  byTargetResource?: {
    /** The target resource, e.g. `profile`. */
    targetResource: string;
  };
}

/** Options of {@link ServicesApi.list}. */
export interface ServiceListOptions extends ListOptions<ServiceFilters>, ExtOption {}

/** Subscription services (`nms:service`). */
export interface ServicesApi {
  /** Every service matching the options, page by page. */
  list(options?: ServiceListOptions): RecordList<Service>;
  /** One service by `PKey`. */
  get(pkey: string, options?: CallOptions & ExtOption): Promise<Service>;
  /** Creates a service (never resent after a failure unless `retryNonIdempotent`). */
  create(fields: ServiceInput, options?: CallOptions & ExtOption): Promise<Service>;
}

/** Builds {@link ServicesApi}. */
export function createServicesApi(r: Requester): ServicesApi {
  return {
    list(options = {}) {
      const { path, query } = checkedListTarget(`${family(options)}/service`, options, r.platform);
      return createRecordList<Service>(r, r.url(path, {}, query), options);
    },
    get: async (pkey, options) =>
      r.data<Service>('GET', r.url(`${family(options)}/service/{PKey}`, { PKey: pkey }), options),
    create: async (fields, options) =>
      r.data<Service>('POST', r.url(`${family(options)}/service`), { ...options, body: fields }),
  };
}
