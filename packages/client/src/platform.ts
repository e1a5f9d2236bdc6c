import { UnavailableApiError } from '@campaign-standard/core';

/**
 * The Campaign platform behind the tenant: `campaign-standard`, or `campaign-v8` for a Campaign
 * Standard tenant migrated to Campaign v8, which answers the same REST API with the differences
 * Adobe documents for migrated users (see the guide "Migrate from Campaign Standard to v8").
 */
export type CampaignPlatform = 'campaign-standard' | 'campaign-v8';

/** A REST API Adobe names as not available (yet) or deprecated on Campaign v8. */
export type CampaignV8Api =
  | 'transactionalMessages'
  | 'marketingHistory'
  | 'organizationalUnits'
  | 'privacyManagement';

/**
 * Custom filter names per resource: the Campaign Standard name (`byTier`) of each filter and the
 * "Filter name in REST API" an administrator gave it on Campaign v8 (`loyaltyTier`), e.g.
 * `{ cusLoyalty: { byTier: 'loyaltyTier' } }`. A filter that is not listed is named by rule: `by`
 * dropped and the next letter lowered on v8 (`byTier` is `tier`), added on Campaign Standard.
 */
export type CustomFilterNames = Readonly<Record<string, Readonly<Record<`by${string}`, string>>>>;

/** Adobe's page that lists the REST APIs available to migrated Campaign Standard users. */
export const V8_LIMITATIONS_PAGE =
  'https://experienceleague.adobe.com/en/docs/experience-cloud/campaign/apis/limitations';

/** An API Campaign v8 lacks: its name and what to do instead. */
export interface UnavailableApiInfo {
  /** The API's name in Adobe's words. */
  label: string;
  /** What to use or do instead. */
  instead: string;
}

/** What each API Campaign v8 lacks is called, and what to do instead. */
export const V8_UNAVAILABLE_APIS: Readonly<Record<CampaignV8Api, UnavailableApiInfo>> = {
  transactionalMessages: {
    label: 'Transactional messages',
    instead:
      'Adobe lists the transactional messages API as not available for now on Campaign v8: keep these calls on the Campaign Standard tenant until the page lists it as available.',
  },
  marketingHistory: {
    label: 'Marketing history',
    instead:
      'Deprecated on Campaign v8: stop reading the marketing history over REST (export what you need from Campaign v8 with a workflow).',
  },
  organizationalUnits: {
    label: 'Organizational units',
    instead:
      'Deprecated on Campaign v8: stop reading or assigning organizational units over REST (manage them in Campaign v8).',
  },
  privacyManagement: {
    label: 'Privacy management',
    instead:
      'Deprecated on Campaign v8: send access and delete requests through Adobe Experience Platform Privacy Service.',
  },
};

/** The APIs every migrated tenant lacks, by Adobe's page (its "Available APIs" note). */
export const V8_UNAVAILABLE_API_NAMES = Object.keys(V8_UNAVAILABLE_APIS) as readonly CampaignV8Api[];

/**
 * The API a path (relative to the Campaign base: `/profileAndServices/history/…`) belongs to, among
 * those Campaign v8 lacks, or `undefined`.
 */
export function v8ApiOf(path: string): CampaignV8Api | undefined {
  const [family = '', second = '', third = ''] = path.replace(/^\/+/, '').split('/');
  const name = (segment: string) => segment.replace(/\.json$/, '');
  if (family === 'privacy') return 'privacyManagement';
  if (/^mc[A-Za-z0-9_-]+$/.test(family)) return 'transactionalMessages';
  if (!/^(profileAndServices|profileAndServicesExt)$/.test(family)) return undefined;
  const resource = name(second) === 'resourceType' ? name(third) : name(second);
  if (resource === 'history') return 'marketingHistory';
  if (resource === 'orgUnitBase') return 'organizationalUnits';
  return undefined;
}

/** What the client knows about its platform. */
export interface Platform {
  /** The platform. */
  readonly name: CampaignPlatform;
  /** Throws {@link UnavailableApiError} for a call to an API the platform lacks. */
  check(method: string, path: string): void;
  /** A custom filter's name as the platform calls it, given either platform's name. */
  customFilter(resource: string, name: string): string;
}

/** Options that make a {@link Platform}. */
export interface PlatformOptions {
  platform?: CampaignPlatform | undefined;
  customFilterNames?: CustomFilterNames | undefined;
}

const BY = /^by[A-Z0-9_]/;

/** The Campaign Standard name of a custom filter (`tier` → `byTier`). */
function standardName(name: string): string {
  return BY.test(name) ? name : `by${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** The Campaign v8 name of a custom filter by rule (`byTier` → `tier`). */
function v8Name(name: string): string {
  if (!BY.test(name)) return name;
  const rest = name.slice(2);
  return /^[A-Z][a-z]/.test(rest) ? `${rest.charAt(0).toLowerCase()}${rest.slice(1)}` : rest;
}

/**
 * A custom filter's name as `platform` calls it, given either platform's name (`byTier`, its REST
 * name `loyaltyTier`, or `tier`): the name listed in `names` for the resource, else by rule.
 */
export function customFilterName(
  platform: CampaignPlatform,
  resource: string,
  name: string,
  names: CustomFilterNames = {},
): string {
  const listed = Object.hasOwn(names, resource) ? names[resource] : undefined;
  for (const [standard, rest] of Object.entries(listed ?? {}) as Array<[string, string]>) {
    if (name === standard || name === rest) return platform === 'campaign-v8' ? rest : standard;
  }
  return platform === 'campaign-v8' ? v8Name(name) : standardName(name);
}

/** The {@link Platform} of a client's options. */
export function createPlatform(options: PlatformOptions): Platform {
  const name = options.platform ?? 'campaign-standard';
  const names = options.customFilterNames ?? {};
  return {
    name,
    check(method, path) {
      if (name !== 'campaign-v8') return;
      const api = v8ApiOf(path);
      if (api === undefined) return;
      const { label, instead } = V8_UNAVAILABLE_APIS[api];
      throw new UnavailableApiError({
        platform: name,
        api,
        label,
        instead,
        source: V8_LIMITATIONS_PAGE,
        method,
        path,
      });
    },
    customFilter: (resource, filter) => customFilterName(name, resource, filter, names),
  };
}

/** The platform names, for checking options. */
export const PLATFORMS: readonly CampaignPlatform[] = ['campaign-standard', 'campaign-v8'];
