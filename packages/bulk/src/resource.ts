import { ConfigurationError, isForbiddenKey } from '@campaign-standard/core';

/** The families a profile or service is read and written through. */
export type ProfileFamily = 'profileAndServices' | 'profileAndServicesExt';

/**
 * What a bulk job reads or writes:
 *
 * - `'profile'`, `'service'`: on `/profileAndServices`;
 * - `{ kind: 'profile' | 'service', family: 'profileAndServicesExt' }`: with the custom fields of the
 *   extended family (`cusCrmId`, `orgUnit`, …);
 * - `{ kind: 'custom', name: 'cusVehicle', family }`: a custom resource, linked to profiles
 *   (`profileAndServicesExt`) or not (`customResources`).
 */
export type BulkResource =
  | 'profile'
  | 'service'
  | {
      /** A profile or a service. */
      kind: 'profile' | 'service';
      /** @defaultValue 'profileAndServices' */
      family?: ProfileFamily;
    }
  | {
      /** A custom resource. */
      kind: 'custom';
      /** Its name, as the API shows it (`cusVehicle`). */
      name: string;
      /** `profileAndServicesExt` for a resource linked to profiles, `customResources` otherwise. */
      family: 'profileAndServicesExt' | 'customResources';
    };

/**
 * How records are found by their business key: a filter of the resource (built in, or defined in
 * Campaign on the extended family) and the query parameter that takes the key's value. Records the
 * filter returns are kept only when their key field equals the value exactly, so a filter that
 * matches more (a prefix filter such as `byText`) is fine.
 */
export interface KeyLookup {
  /** The filter's name: `byEmail`, `byText`, a custom `byCrmId`. */
  filter: string;
  /** The query parameter given the key's value: `email`, `text`, `crmId_parameter`. */
  parameter: string;
  /** Other query parameters the filter needs, e.g. `{ filterType: 'cusCrmId' }` for `byText`. */
  query?: Record<string, string>;
}

/**
 * The business key: a field name (dotted for a nested field), looked up the default way (see the
 * README), or the field and how to look it up.
 */
export type BulkKey =
  | string
  | {
      /** The field holding the key. */
      field: string;
      /** How records are found by it; by default as for a plain field name. */
      lookup?: KeyLookup;
    };

/** A resource and key resolved into what requests need. */
export interface ResolvedTarget {
  /** `profile`, `service` or `custom`. */
  kind: 'profile' | 'service' | 'custom';
  /** The collection path, e.g. `/profileAndServices/profile`. */
  collection: string;
  /** The key field. */
  keyField: string;
  /** The key field as path segments. */
  keyPath: string[];
  /** How to find records by key. */
  lookup: KeyLookup;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The lookup used when the caller names only the key field. */
export function defaultLookup(kind: ResolvedTarget['kind'], field: string): KeyLookup {
  if (kind === 'profile' && field === 'email') return { filter: 'byEmail', parameter: 'email' };
  if (kind === 'profile') return { filter: 'byText', parameter: 'text', query: { filterType: field } };
  if (kind === 'service' && (field === 'name' || field === 'label'))
    return { filter: 'byText', parameter: 'text' };
  // Campaign's custom filters: `by<Name>` with `<name>_parameter` (help/api/using/filtering.md).
  const last = field.split('.').pop() ?? field;
  return { filter: `by${capitalize(last)}`, parameter: `${last}_parameter` };
}

/** The kind and collection path of a resource, or the problems with it. */
function resourceTarget(
  resource: BulkResource,
  issues: Array<{ field: string; problem: string }>,
): { kind: ResolvedTarget['kind']; collection: string } {
  if (resource === 'profile' || resource === 'service') {
    return { kind: resource, collection: `/profileAndServices/${resource}` };
  }
  if (
    typeof resource === 'object' &&
    resource !== null &&
    (resource.kind === 'profile' || resource.kind === 'service')
  ) {
    const family = resource.family ?? 'profileAndServices';
    if (family !== 'profileAndServices' && family !== 'profileAndServicesExt')
      issues.push({
        field: 'resource.family',
        problem: 'must be profileAndServices or profileAndServicesExt',
      });
    return { kind: resource.kind, collection: `/${family}/${resource.kind}` };
  }
  if (typeof resource === 'object' && resource !== null && resource.kind === 'custom') {
    if (typeof resource.name !== 'string' || !NAME.test(resource.name))
      issues.push({
        field: 'resource.name',
        problem: 'must be the name of a custom resource, e.g. cusVehicle',
      });
    if (resource.family !== 'profileAndServicesExt' && resource.family !== 'customResources')
      issues.push({ field: 'resource.family', problem: 'must be profileAndServicesExt or customResources' });
    return { kind: 'custom', collection: `/${resource.family}/${resource.name}` };
  }
  issues.push({ field: 'resource', problem: "must be 'profile', 'service', or { kind, name?, family? }" });
  return { kind: 'profile', collection: '' };
}

/**
 * The collection path of a resource (`/profileAndServices/profile`, `/customResources/cusVehicle`),
 * e.g. to export one of its filters with `{ path: collectionOf(resource, …) + '/byText' }`.
 * `where` names the caller in the `ConfigurationError` thrown for an invalid resource.
 */
export function collectionOf(resource: BulkResource, where: string): string {
  const issues: Array<{ field: string; problem: string }> = [];
  const { collection } = resourceTarget(resource, issues);
  if (issues.length > 0) throw new ConfigurationError(issues, where);
  return collection;
}

/** Checks and resolves a resource and its key. */
export function resolveTarget(resource: BulkResource, key: BulkKey, where: string): ResolvedTarget {
  const issues: Array<{ field: string; problem: string }> = [];
  const { kind, collection } = resourceTarget(resource, issues);
  const field = typeof key === 'string' ? key : key?.field;
  if (
    typeof field !== 'string' ||
    field === '' ||
    field.split('.').some((s) => s === '' || isForbiddenKey(s))
  )
    issues.push({ field: 'key', problem: 'must name the field holding the business key, e.g. email' });
  const lookup = typeof key === 'object' && key?.lookup ? key.lookup : undefined;
  if (lookup && (typeof lookup.filter !== 'string' || !NAME.test(lookup.filter)))
    issues.push({ field: 'key.lookup.filter', problem: 'must be a filter name, e.g. byEmail' });
  if (lookup && (typeof lookup.parameter !== 'string' || lookup.parameter === ''))
    issues.push({ field: 'key.lookup.parameter', problem: 'must name the query parameter of the filter' });
  if (issues.length > 0) throw new ConfigurationError(issues, where);
  return {
    kind,
    collection,
    keyField: field as string,
    keyPath: (field as string).split('.'),
    lookup: lookup ?? defaultLookup(kind, field as string),
  };
}
