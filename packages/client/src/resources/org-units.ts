import { createRecordList, type ListOptions, type RecordList } from '../list.js';
import { checkedListTarget } from '../list-target.js';
import type { CallOptions } from '../options.js';
import type { OrgUnit, OrgUnitInput, PatchResult } from '../records.js';
import type { Requester } from '../requester.js';

/** Organizational units (`/profileAndServicesExt/orgUnitBase`). */
export interface OrgUnitsApi {
  /** Every organizational unit, page by page. */
  list(options?: ListOptions): RecordList<OrgUnit>;
  /** One organizational unit by `PKey`. */
  get(pkey: string, options?: CallOptions): Promise<OrgUnit>;
  /** Changes the given fields of an organizational unit. */
  update(pkey: string, fields: OrgUnitInput, options?: CallOptions): Promise<PatchResult>;
  /** Moves a profile to an organizational unit (PATCH of its `orgUnit` on the extended family). */
  assignToProfile(profilePKey: string, orgUnitPKey: string, options?: CallOptions): Promise<PatchResult>;
}

/** Builds {@link OrgUnitsApi}. */
export function createOrgUnitsApi(r: Requester): OrgUnitsApi {
  const one = (pkey: string) => r.url('/profileAndServicesExt/orgUnitBase/{PKey}', { PKey: pkey });
  return {
    list(options = {}) {
      const { path, query } = checkedListTarget('/profileAndServicesExt/orgUnitBase', options);
      return createRecordList<OrgUnit>(r, r.url(path, {}, query), options);
    },
    get: async (pkey, options) => r.data<OrgUnit>('GET', one(pkey), options),
    update: async (pkey, fields, options) =>
      r.data<PatchResult>('PATCH', one(pkey), { ...options, body: fields }),
    assignToProfile: async (profilePKey, orgUnitPKey, options) =>
      r.data<PatchResult>('PATCH', r.url('/profileAndServicesExt/profile/{PKey}', { PKey: profilePKey }), {
        ...options,
        body: { orgUnit: { PKey: orgUnitPKey } },
      }),
  };
}
