import { checkFieldName } from '../keys.js';
import { createRecordList, type ListOptions, listTarget, type RecordList } from '../list.js';
import { checkedListTarget } from '../list-target.js';
import type { CallOptions } from '../options.js';
import type { FieldValue, PatchResult, Profile, ProfileInput } from '../records.js';
import type { Requester } from '../requester.js';
import { encodeSegment } from '../url.js';

/** Selects the extended family (`profileAndServicesExt`): custom fields, custom filters, `orgUnit`. */
export interface ExtOption {
  /** Use `/profileAndServicesExt` instead of `/profileAndServices`. */
  ext?: boolean;
}

/** Built-in profile filters. */
export interface ProfileFilters {
  /** Profiles with this exact email address. */
  byEmail?: {
    /** The email address. */
    email: string;
  };
  /** Profiles whose email or last name starts with `text` (case-sensitive). */
  byText?: {
    /** The start of the email address or last name. */
    text: string;
    /** The filter's `filterType` parameter, passed as given. */
    filterType?: string;
  };
  /** Profiles found by their key fields (email). */
  byKeysProfile?: {
    /** The email address. */
    email: string;
  };
  /** Members of a static audience. */
  byStaticAudience?: {
    /** The audience's `PKey`. */
    audience: string;
  };
  /** Subscribers of a service. */
  subscribers?: {
    /** The service's `PKey`. */
    service: string;
  };
}

/** Options of {@link ProfilesApi.list}. */
export interface ProfileListOptions extends ListOptions<ProfileFilters>, ExtOption {}

/** Options of {@link ProfilesApi.values}: a projection pages and sorts as a list, without filters. */
export interface ProfileValuesOptions extends Omit<ListOptions, 'filters' | 'customFilters'>, ExtOption {}

/** Profiles (`nms:recipient`). */
export interface ProfilesApi {
  /** Every profile matching the options, page by page. */
  list(options?: ProfileListOptions): RecordList<Profile>;
  /**
   * The value of one field for every profile, page by page (a projection, `/profile/<field>`): Campaign
   * answers the bare values (`"jane@example.com"`), not records. Custom `cus*` fields need `ext: true`.
   * A name that is a key (`@…`), a filter (`by…`) or `_count` is refused with a `ConfigurationError`.
   */
  values(field: string, options?: ProfileValuesOptions): RecordList<FieldValue>;
  /**
   * One profile by `PKey` (`@…`), or by custom key on the extended family. A value that is not a
   * key (a filter or field name, `_count`) is refused with a `ConfigurationError` before any request.
   */
  get(pkey: string, options?: CallOptions & ExtOption): Promise<Profile>;
  /** Creates a profile (never resent after a failure unless `retryNonIdempotent`). */
  create(fields: ProfileInput, options?: CallOptions & ExtOption): Promise<Profile>;
  /** Changes the given fields of a profile. */
  update(pkey: string, fields: ProfileInput, options?: CallOptions & ExtOption): Promise<PatchResult>;
  /** Deletes a profile. */
  delete(pkey: string, options?: CallOptions & ExtOption): Promise<void>;
}

/** The family path for the `ext` option. */
export function family(options?: ExtOption): string {
  return options?.ext ? '/profileAndServicesExt' : '/profileAndServices';
}

/** Builds {@link ProfilesApi}. */
export function createProfilesApi(r: Requester): ProfilesApi {
  const one = (pkey: string, options?: ExtOption) =>
    r.url(`${family(options)}/profile/{PKey}`, { PKey: pkey });
  return {
    list(options = {}) {
      const { path, query } = checkedListTarget(`${family(options)}/profile`, options);
      return createRecordList<Profile>(r, r.url(path, {}, query), options);
    },
    values(field, options = {}) {
      const name = checkFieldName(field, 'profiles.values');
      const { filters: _f, customFilters: _c, ...paging } = options as ListOptions & ExtOption;
      const { path, query } = listTarget(`${family(options)}/profile/${encodeSegment(name)}`, paging);
      return createRecordList<FieldValue>(r, r.url(path, {}, query), options);
    },
    get: async (pkey, options) => r.data<Profile>('GET', one(pkey, options), options),
    create: async (fields, options) =>
      r.data<Profile>('POST', r.url(`${family(options)}/profile`), { ...options, body: fields }),
    update: async (pkey, fields, options) =>
      r.data<PatchResult>('PATCH', one(pkey, options), { ...options, body: fields }),
    async delete(pkey, options) {
      await r.data<unknown>('DELETE', one(pkey, options), options);
    },
  };
}
