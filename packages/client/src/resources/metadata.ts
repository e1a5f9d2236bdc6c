import { UnexpectedResponseError } from '@campaign-standard/core';
import type { CallOptions } from '../options.js';
import type { ResourceFilters, ResourceType } from '../records.js';
import type { Requester } from '../requester.js';

/** Where a resource lives: out-of-the-box, extended (custom fields, `cus*` resources) or custom unlinked. */
export type ResourceFamily = 'profileAndServices' | 'profileAndServicesExt' | 'customResources';

/** Options of the metadata calls. */
export interface MetadataOptions extends CallOptions {
  /** @defaultValue 'profileAndServices' */
  family?: ResourceFamily;
}

/** Resource descriptions (`resourceType`) and their filters. */
export interface MetadataApi {
  /** The description of a resource: its fields, their types, and a link to its filters. */
  get(resource: string, options?: MetadataOptions): Promise<ResourceType>;
  /** The filters of a resource, keyed by name (follows the description's `filters.href`). */
  filters(
    resource: string | Pick<ResourceType, 'filters'>,
    options?: MetadataOptions,
  ): Promise<ResourceFilters>;
}

/** Builds {@link MetadataApi}. */
export function createMetadataApi(r: Requester): MetadataApi {
  const get = async (resource: string, options?: MetadataOptions) =>
    r.data<ResourceType>(
      'GET',
      r.url(`/${options?.family ?? 'profileAndServices'}/resourceType/{R}`, { R: resource }),
      options,
    );
  return {
    get,
    async filters(resource, options) {
      const description = typeof resource === 'string' ? await get(resource, options) : resource;
      const href = description.filters?.href;
      if (typeof href !== 'string') {
        throw new UnexpectedResponseError('The resource description has no filters link', {
          status: 200,
          body: JSON.stringify(description),
        });
      }
      return r.data<ResourceFilters>('GET', r.href(href), options);
    },
  };
}
