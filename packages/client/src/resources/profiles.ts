import { createRecordList, type ListOptions, listTarget, type RecordList } from '../list.js';
import type { CallOptions } from '../options.js';
import type { PatchResult, Profile, ProfileInput } from '../records.js';
import type { Requester } from '../requester.js';

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

/** Profiles (`nms:recipient`). */
export interface ProfilesApi {
  /** Every profile matching the options, page by page. */
  list(options?: ProfileListOptions): RecordList<Profile>;
  /** One profile by `PKey` (or by custom key on the extended family). */
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
      const { path, query } = listTarget(`${family(options)}/profile`, options);
      return createRecordList<Profile>(r, r.url(path, {}, query), options);
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
