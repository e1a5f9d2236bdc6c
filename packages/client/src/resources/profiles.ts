import { findOne, getOrUndefined } from '../business-key.js';
import { checkFieldName } from '../keys.js';
import { createRecordList, type ListOptions, listTarget, type RecordList } from '../list.js';
import { checkedListTarget } from '../list-target.js';
import type { CallOptions } from '../options.js';
import type { FieldValue, PatchResult, Profile, ProfileInput } from '../records.js';
import type { Requester } from '../requester.js';
import { encodeSegment, type QueryParams } from '../url.js';

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

/**
 * A business key of a profile, to address it without storing its `PKey` (PKeys change when a
 * tenant moves from Campaign Standard to Campaign v8; the keys below do not):
 *
 * - `{ email }`: the profile with this email address (the `byEmail` filter);
 * - `{ customKey }`: the profile whose custom key (a key field an administrator added to the
 *   extended profile) has this value (`/profileAndServicesExt/profile/<customKey>`);
 * - `{ filter, params }`: the one profile a custom filter of the extended profile finds, the filter
 *   named either platform's way (`byCrmId` or its REST name).
 */
export type ProfileKey =
  | {
      /** The email address. */
      email: string;
    }
  | {
      /** The value of the profile's custom key. */
      customKey: string;
    }
  | {
      /** A custom filter of the extended profile that matches one profile. */
      filter: string;
      /** Its parameters (`crmId_parameter`). */
      params: QueryParams;
    };

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
  /**
   * The profile a business key names, or `undefined` when there is none; a key that matches
   * several profiles fails with `UnexpectedResponseError`. The same call works on Campaign Standard
   * and Campaign v8, so an integration can stop storing PKeys. `ext` reads the extended profile
   * (always so for `customKey` and `filter`).
   */
  findByKey(key: ProfileKey, options?: CallOptions & ExtOption): Promise<Profile | undefined>;
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
      const { path, query } = checkedListTarget(`${family(options)}/profile`, options, r.platform);
      return createRecordList<Profile>(r, r.url(path, {}, query), options);
    },
    values(field, options = {}) {
      const name = checkFieldName(field, 'profiles.values');
      const { filters: _f, customFilters: _c, ...paging } = options as ListOptions & ExtOption;
      const { path, query } = listTarget(`${family(options)}/profile/${encodeSegment(name)}`, paging);
      return createRecordList<FieldValue>(r, r.url(path, {}, query), options);
    },
    get: async (pkey, options) => r.data<Profile>('GET', one(pkey, options), options),
    async findByKey(key, options) {
      if ('customKey' in key)
        return getOrUndefined<Profile>(
          r,
          r.url('/profileAndServicesExt/profile/{PKey}', { PKey: key.customKey }),
          options,
        );
      const { path, query } =
        'email' in key
          ? checkedListTarget(`${family(options)}/profile`, { filters: { byEmail: { email: key.email } } })
          : checkedListTarget(
              '/profileAndServicesExt/profile',
              { customFilters: { [key.filter]: key.params } },
              r.platform,
            );
      return findOne<Profile>(r, r.url(path, {}, query), 'The profile key', options);
    },
    create: async (fields, options) =>
      r.data<Profile>('POST', r.url(`${family(options)}/profile`), { ...options, body: fields }),
    update: async (pkey, fields, options) => r.patch(one(pkey, options), fields, options),
    async delete(pkey, options) {
      await r.data<unknown>('DELETE', one(pkey, options), options);
    },
  };
}
