import type { CampaignV8Api, CampaignV8TenantOptions } from '../types.js';
import type { CampaignError } from './errors.js';

/**
 * What makes a tenant a Campaign v8 one: a Campaign Standard tenant after its migration to Campaign
 * v8, answering the same REST API with the differences Adobe's page "Recommendations & limitations"
 * for migrated Campaign Standard users lists (experience-cloud/campaign/apis/limitations; the
 * repository copy is `help/campaign/api/limitations.md` of AdobeDocs/experience-cloud.en).
 * `docs/campaign-v8.md` lists each difference with its source and the test reproducing it.
 */
export interface V8Settings {
  /** The Campaign v8 tenant id (the first segment of its URLs). */
  name: string;
  /** The Campaign Standard tenant whose records it serves. */
  migratedFrom: string;
  /** The REST APIs it answers as not available. */
  unavailable: ReadonlySet<CampaignV8Api>;
  /** `<resource>.<field>` pairs dropped by the migration: read back blank, writes ignored. */
  dropped: ReadonlySet<string>;
}

/**
 * The APIs the page's "Available APIs" note says are not available on Campaign v8: transactional
 * messages "for now", and marketing history, organizational units and privacy management,
 * "deprecated and not available for use".
 */
export const V8_UNAVAILABLE_APIS: readonly CampaignV8Api[] = [
  'transactionalMessages',
  'marketingHistory',
  'organizationalUnits',
  'privacyManagement',
];

/**
 * The fields the seed declares dropped by the migration. [I] Adobe says some fields are dropped and
 * come back blank, but not which: the emulator drops two plain text fields of the profile.
 */
export const V8_DROPPED_FIELDS: readonly string[] = ['profile.fax', 'profile.thumbnail'];

/**
 * The names the seed's custom filters are given in Campaign v8's "Filter name in REST API" field:
 * the page says a custom filter needs such a name on v8 and is called by it as is, without the
 * `by` prefix of Campaign Standard. [I] The names are the emulator's (they must not be a field of
 * the resource, whose path is a projection).
 */
export const V8_CUSTOM_FILTER_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  cusLoyalty: { byTier: 'loyaltyTier' },
  cusStore: { byCity: 'storeCity' },
  cusVehicle: { byFuel: 'vehicleFuel', byYearRange: 'vehicleYears' },
  profile: { bySegment: 'profileSegment' },
};

const API_NAMES = new Set<string>(V8_UNAVAILABLE_APIS);

/**
 * The v8 tenants of the options, checked: each name is new (not a Campaign Standard tenant, its
 * stage instance or another v8 tenant), each `migratedFrom` one of the Standard tenants (default:
 * the first), each unavailable API one of the four the page names.
 */
export function resolveV8Tenants(
  standard: readonly string[],
  options: readonly CampaignV8TenantOptions[] | undefined,
): V8Settings[] {
  const taken = new Set(standard.flatMap((t) => [t, `${t}-mkt-stage`]));
  return (options ?? []).map((option) => {
    const name = option?.name;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(name))
      throw new TypeError(
        `a v8 tenant needs a name of letters, digits, '-' or '_', got ${JSON.stringify(name)}`,
      );
    if (taken.has(name) || taken.has(`${name}-mkt-stage`))
      throw new TypeError(
        `v8 tenant "${name}" is already a tenant: a migrated tenant has a new Campaign v8 id`,
      );
    taken.add(name);
    taken.add(`${name}-mkt-stage`);
    const migratedFrom = option.migratedFrom ?? standard[0]!;
    if (!standard.includes(migratedFrom))
      throw new TypeError(
        `v8 tenant "${name}" is migrated from "${migratedFrom}", which is not one of tenants (${standard.join(', ')})`,
      );
    const unavailable = option.unavailableApis ?? V8_UNAVAILABLE_APIS;
    for (const api of unavailable)
      if (!API_NAMES.has(api))
        throw new TypeError(
          `v8 tenant "${name}": unknown API "${String(api)}" in unavailableApis (${V8_UNAVAILABLE_APIS.join(', ')})`,
        );
    const dropped = option.droppedFields ?? V8_DROPPED_FIELDS;
    for (const field of dropped)
      if (typeof field !== 'string' || !/^[A-Za-z]+\.[A-Za-z]+$/.test(field))
        throw new TypeError(
          `v8 tenant "${name}": a dropped field is "<resource>.<field>", got ${JSON.stringify(field)}`,
        );
    return { name, migratedFrom, unavailable: new Set(unavailable), dropped: new Set(dropped) };
  });
}

/** Whether `field` of `resource` was dropped by the migration (always false on Campaign Standard). */
export function isDropped(v8: V8Settings | undefined, resource: string, field: string): boolean {
  return v8?.dropped.has(`${resource}.${field}`) ?? false;
}

/**
 * The profile fields Campaign v8 shows on `/profileAndServicesExt` only ("Profile - Timezone": on v8
 * the time zone is part of an extended schema, so `/profileAndServices/profile` does not show it).
 */
export const V8_EXTENDED_FIELDS: ReadonlySet<string> = new Set(['profile.timeZone']);

/** Whether a field is part of the extended view only, on this platform. */
export function isExtendedOnly(
  v8: V8Settings | undefined,
  resource: string,
  field: { name: string; ext?: boolean },
): boolean {
  return Boolean(field.ext) || (v8 !== undefined && V8_EXTENDED_FIELDS.has(`${resource}.${field.name}`));
}

/** The generic line that opens Campaign v8's error texts (the page's table, Campaign v8 column). */
export const V8_GENERIC = 'An error has occurred - please contact your administrator.';

/**
 * How Campaign v8 words an error the emulator raised in Campaign Standard's words (the page's table
 * "Error codes and messages", Campaign v8 column):
 *
 * - a PKey that does not decrypt: 404 `Unable to decrypt PKey. (PKey=@…)`, followed, when the key is
 *   in the URI, by `Unsupported endpoint. (endpoint=rest/<path>)`;
 * - a path the instance does not serve: 404 `Unsupported endpoint. (endpoint=rest/<path>)`, the
 *   same words ([I] the table shows them after a bad PKey only; the emulator uses them for every
 *   unknown route and for the APIs v8 does not offer);
 * - a record that is not found: 404 `Unable to find document with path '…' from key '…' (document
 *   with schema '…' and name '…')`, without Standard's RST-360011 line;
 * - a key change, a duplicate key, a value outside an enumeration: 500 with the generic line only;
 * - anything else: Standard's text without its `RST-360011 ` code ([I] every text of the table's v8
 *   column starts with the generic line without the code).
 *
 * `endpoint` is the path after `/<tenant>/campaign/`.
 */
export function v8Error(error: CampaignError, endpoint: string): { status: number; message: string } {
  const unsupported = `Unsupported endpoint. (endpoint=rest/${endpoint})`;
  const detail = error.detail;
  if (detail?.kind === 'pkey') {
    const inUri = endpoint.split('/').includes(detail.key);
    return {
      status: 404,
      message: `Unable to decrypt PKey. (PKey=${detail.key})${inUri ? ` ${unsupported}` : ''}`,
    };
  }
  if (detail?.kind === 'route') return { status: 404, message: unsupported };
  if (detail?.kind === 'record') {
    const schema = detail.resource
      ? ` (document with schema '${detail.resource}' and name '${detail.key}')`
      : '';
    return {
      status: 404,
      message: `Unable to find document with path '${detail.label}' from key '${detail.key}'${schema}`,
    };
  }
  if (detail?.kind === 'generic') return { status: error.status, message: V8_GENERIC };
  return { status: error.status, message: error.message.replace(/^RST-360011 /, '') };
}
