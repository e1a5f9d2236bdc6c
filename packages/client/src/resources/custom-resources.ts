import { findOne } from '../business-key.js';
import { createRecordList, type ListOptions, type RecordList } from '../list.js';
import { checkedListTarget } from '../list-target.js';
import type { CallOptions } from '../options.js';
import type { CustomResourceInput, CustomResourceRecord, PatchResult, ResourceType } from '../records.js';
import type { Requester } from '../requester.js';
import { encodeSegment, type QueryParams } from '../url.js';

/** Options of {@link CampaignClient.customResources}. */
export interface CustomResourceOptions {
  /**
   * `true` for a resource linked to profiles (on `/profileAndServicesExt`, usually named `cus*`),
   * `false` for an unlinked one (on `/customResources`).
   * @defaultValue false
   */
  linkedToProfile?: boolean;
}

/** The records of one custom resource. */
export interface CustomResourceApi<T extends CustomResourceRecord = CustomResourceRecord> {
  /** Every record matching the options, page by page. */
  list(options?: ListOptions): RecordList<T>;
  /** One record by `PKey`. */
  get(pkey: string, options?: CallOptions): Promise<T>;
  /**
   * The one record a custom filter finds by a business key (`findByKey('byCode', {
   * code_parameter: 'X1' })`), the filter named either platform's way; `undefined` when none, an
   * `UnexpectedResponseError` when several. Works the same on Campaign Standard and v8, whose
   * PKeys differ for the same record.
   */
  findByKey(filter: string, params: QueryParams, options?: CallOptions): Promise<T | undefined>;
  /** Creates a record (never resent after a failure unless `retryNonIdempotent`). */
  create(fields: CustomResourceInput, options?: CallOptions): Promise<T>;
  /** Changes the given fields of a record. */
  update(pkey: string, fields: CustomResourceInput, options?: CallOptions): Promise<PatchResult>;
  /** Deletes a record. */
  delete(pkey: string, options?: CallOptions): Promise<void>;
  /** The description of the resource. */
  metadata(options?: CallOptions): Promise<ResourceType>;
}

/** Builds a {@link CustomResourceApi}. */
export function createCustomResourceApi<T extends CustomResourceRecord = CustomResourceRecord>(
  r: Requester,
  name: string,
  options: CustomResourceOptions = {},
): CustomResourceApi<T> {
  const family = options.linkedToProfile ? '/profileAndServicesExt' : '/customResources';
  const collection = () => r.url(`${family}/{R}`, { R: name });
  const one = (pkey: string) => r.url(`${family}/{R}/{PKey}`, { R: name, PKey: pkey });
  return {
    list(listOptions = {}) {
      const { path, query } = checkedListTarget(`${family}/${encodeSegment(name)}`, listOptions, r.platform);
      return createRecordList<T>(r, r.url(path, {}, query), listOptions);
    },
    get: async (pkey, call) => r.data<T>('GET', one(pkey), call),
    async findByKey(filter, params, call) {
      const { path, query } = checkedListTarget(
        `${family}/${encodeSegment(name)}`,
        { customFilters: { [filter]: params } },
        r.platform,
      );
      return findOne<T>(r, r.url(path, {}, query), `Filter ${filter} of ${name}`, call);
    },
    create: async (fields, call) => r.data<T>('POST', collection(), { ...call, body: fields }),
    update: async (pkey, fields, call) => r.patch(one(pkey), fields, call),
    async delete(pkey, call) {
      await r.data<unknown>('DELETE', one(pkey), call);
    },
    metadata: async (call) =>
      r.data<ResourceType>('GET', r.url(`${family}/resourceType/{R}`, { R: name }), call),
  };
}
