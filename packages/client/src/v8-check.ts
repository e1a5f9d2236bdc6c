import { ApiError, isCampaignSdkError } from '@campaign-standard/core';
import type { CampaignClient } from './client.js';
import {
  type CampaignV8Api,
  type CustomFilterNames,
  customFilterName,
  V8_LIMITATIONS_PAGE,
  V8_UNAVAILABLE_API_NAMES,
  V8_UNAVAILABLE_APIS,
  v8ApiOf,
} from './platform.js';
import type { Profile } from './records.js';
import type { ResourceFamily } from './resources/metadata.js';
import type { UsageEntry } from './usage-log.js';

/**
 * What kind of incompatibility a {@link V8Finding} is:
 *
 * - `unavailable-api`: an API Campaign v8 does not offer;
 * - `custom-filter`: a custom filter whose name changes (v8 calls it by its "Filter name in REST
 *   API", without `by`), or that has no REST name on v8 yet;
 * - `missing-field`: a field of a resource that the v8 tenant does not describe (the profile's time
 *   zone moves to the extended profile);
 * - `dropped-field`: a field that reads blank on v8 where Campaign Standard has values;
 * - `pkeys`: the same records have other PKeys on v8, so stored PKeys stop working;
 * - `linked-post`: a body with a link given as the target's fields, which v8 refuses;
 * - `patch-element`: a PATCH of an element (`location`), which v8 refuses;
 * - `empty-patch`: a PATCH without changes, which v8 answers 204 without a body;
 * - `auth`: a JWT service account credential, which no longer works: v8 tenants are called with
 *   OAuth Server-to-Server credentials.
 */
export type V8FindingKind =
  | 'unavailable-api'
  | 'custom-filter'
  | 'missing-field'
  | 'dropped-field'
  | 'pkeys'
  | 'linked-post'
  | 'patch-element'
  | 'empty-patch'
  | 'auth';

/** One thing that changes for an integration when its tenant moves to Campaign v8. */
export interface V8Finding {
  /** Stable id: `<kind>:<subject>` (`custom-filter:cusLoyalty.byTier`). */
  id: string;
  /** What kind of incompatibility. */
  kind: V8FindingKind;
  /** True when calls will fail on v8; false when they work with other answers. */
  blocking: boolean;
  /** What it is about: an API, `<resource>.<filter or field>`, a call (`PATCH /profileAndServices/profile/{PKey}`). */
  subject: string;
  /** What breaks. */
  problem: string;
  /** How to fix it. */
  fix: string;
  /** How it was found: from the tenants' answers, or from Adobe's page only. */
  evidence: 'tenants' | 'documented' | 'usage';
  /** How many logged calls it concerns (with a usage log). */
  calls?: number;
}

/** The result of {@link checkStandardToV8}. */
export interface V8Report {
  /** The format's version: 1. */
  v: 1;
  /** True when at least one finding is blocking. */
  blocking: boolean;
  /** Every finding, sorted by id. */
  findings: V8Finding[];
}

/** Options of {@link checkStandardToV8}. */
export interface CheckStandardToV8Options {
  /** A client of the Campaign Standard tenant. */
  standard: CampaignClient;
  /**
   * A client of the Campaign v8 tenant it migrates to (its `platform` left to the default, so the
   * tenant itself is asked). Without it, only what Adobe documents and the usage log tell is reported.
   */
  v8?: CampaignClient;
  /** The calls the integration makes (a usage log): only what they rely on is reported. */
  usage?: readonly UsageEntry[];
  /**
   * Custom resources not linked to profiles (`/customResources/<name>`) to compare, beyond those
   * the tenant lists.
   */
  customResources?: readonly string[];
  /** REST names of custom filters the integration's client already knows (its `customFilterNames`). */
  customFilterNames?: CustomFilterNames;
  /**
   * The kinds of authentication the integration uses on each tenant (`AuthStrategy.kind`:
   * `oauth-server-to-server`, `jwt`); a JWT one is reported.
   */
  authKinds?: {
    /** The kind of the Campaign Standard tenant's strategy. */
    standard?: string | undefined;
    /** The kind of the Campaign v8 tenant's strategy. */
    v8?: string | undefined;
  };
  /** Profiles compared record by record (by email) for blank fields and PKeys. @defaultValue 20 */
  sample?: number;
  /** Cancels the check. */
  signal?: AbortSignal;
}

/** Resources of a family, named together: `profileAndServices/profile`. */
interface Target {
  family: ResourceFamily;
  resource: string;
}

/** Out-of-the-box filter names: they keep their names on v8. */
const BUILT_IN_FILTERS = new Set([
  'byEmail',
  'byText',
  'byKeysProfile',
  'byStaticAudience',
  'byChannel',
  'byName',
  'byTargetResource',
  'subscribers',
  'birthday',
]);

/** Probes telling whether an API answers, as a `GET` path. */
const API_PROBES: Partial<Record<CampaignV8Api, string>> = {
  marketingHistory: '/profileAndServices/resourceType/history',
  organizationalUnits: '/profileAndServicesExt/resourceType/orgUnitBase',
  privacyManagement: '/privacy/privacyTool?_lineCount=1',
};

type Probe = 'ok' | 'missing';

async function probe(client: CampaignClient, path: string, signal?: AbortSignal): Promise<Probe> {
  try {
    const { error } = await client.request('GET', path, signal ? { signal } : {});
    if (!error) return 'ok';
    if (error instanceof ApiError && error.status === 404) return 'missing';
    throw error;
  } catch (error) {
    if (isCampaignSdkError(error, 'ERR_UNAVAILABLE_API')) return 'missing';
    throw error;
  }
}

/** The family, resource and what follows of a usage path. */
function parsePath(path: string): { family: string; resource: string; rest: string[] } {
  const [family = '', resource = '', ...rest] = path.replace(/^\/+/, '').split('/');
  return { family, resource: resource.replace(/\.json$/, ''), rest };
}

const isFamily = (name: string): name is ResourceFamily =>
  name === 'profileAndServices' || name === 'profileAndServicesExt' || name === 'customResources';

async function fieldsAndFilters(
  client: CampaignClient,
  target: Target,
  signal?: AbortSignal,
): Promise<{ fields: Set<string>; filters: Map<string, string> } | undefined> {
  const options = { family: target.family, ...(signal ? { signal } : {}) };
  let description: Awaited<ReturnType<CampaignClient['metadata']['get']>>;
  try {
    description = await client.metadata.get(target.resource, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
  const content = (description as { content?: Record<string, unknown> }).content ?? {};
  const filters = new Map<string, string>();
  if (description.filters?.href)
    for (const [name, filter] of Object.entries(await client.metadata.filters(description, options)))
      filters.set(name, parametersOf(filter));
  return { fields: new Set(Object.keys(content)), filters };
}

/**
 * The parameter names of a filter's description, sorted and joined: from its `metadata` nodes, else
 * from the query of its `data` path (`…/byFuel?fuel_parameter=$value`). Two names of one filter on
 * the two platforms take the same parameters.
 */
function parametersOf(filter: unknown): string {
  const node = (filter ?? {}) as { metadata?: unknown; data?: unknown };
  let names: string[] = [];
  if (node.metadata !== null && typeof node.metadata === 'object') names = Object.keys(node.metadata);
  else if (typeof node.data === 'string' && node.data.includes('?'))
    names = [...new URLSearchParams(node.data.slice(node.data.indexOf('?') + 1)).keys()];
  return names.sort().join('&');
}

const blank = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Compares a Campaign Standard tenant with the Campaign v8 tenant it migrates to (or, without one,
 * with what Adobe documents), limited to what a usage log shows the integration relies on when one
 * is given, and reports what will break and how to fix each item: APIs v8 does not offer, custom
 * filters that need their REST name, fields that are missing or come back blank, PKeys that must not
 * be stored, and the bodies v8 refuses. Only GET requests are sent.
 *
 * @example
 * ```ts
 * const report = await checkStandardToV8({ standard, v8 });
 * expect(report.findings.filter((f) => f.blocking)).toEqual([]);
 * ```
 */
export async function checkStandardToV8(options: CheckStandardToV8Options): Promise<V8Report> {
  const { standard, v8, usage, signal } = options;
  const names = options.customFilterNames ?? {};
  const findings = new Map<string, V8Finding>();
  const add = (finding: Omit<V8Finding, 'id'>) => {
    const id = `${finding.kind}:${finding.subject}`;
    const known = findings.get(id);
    if (known) known.calls = (known.calls ?? 0) + (finding.calls ?? 0);
    else findings.set(id, { id, ...finding });
  };
  const calls = (test: (entry: UsageEntry) => boolean) => usage?.filter(test).length ?? 0;

  // APIs Campaign v8 does not offer.
  for (const api of V8_UNAVAILABLE_API_NAMES) {
    const used = calls((entry) => v8ApiOf(entry.path) === api);
    if (usage && used === 0) continue;
    const probePath = API_PROBES[api];
    let evidence: V8Finding['evidence'] = 'documented';
    if (v8 && probePath) {
      const [before, after] = [await probe(standard, probePath, signal), await probe(v8, probePath, signal)];
      if (after === 'ok') continue;
      if (before === 'ok') evidence = 'tenants';
    }
    const { label, instead } = V8_UNAVAILABLE_APIS[api];
    add({
      kind: 'unavailable-api',
      blocking: true,
      subject: api,
      problem: `${label} is not available on Campaign v8 (${V8_LIMITATIONS_PAGE})`,
      fix: instead,
      evidence,
      ...(usage ? { calls: used } : {}),
    });
  }

  // Resources: fields and custom filters.
  const targets = new Map<string, Target>();
  const addTarget = (family: ResourceFamily, resource: string) =>
    targets.set(`${family}/${resource}`, { family, resource });
  if (usage) {
    for (const entry of usage) {
      const { family, resource, rest } = parsePath(entry.path);
      if (!isFamily(family) || resource === '' || v8ApiOf(entry.path)) continue;
      addTarget(family, resource === 'resourceType' ? (rest[0] ?? '') : resource);
    }
  } else {
    addTarget('profileAndServices', 'profile');
    addTarget('profileAndServices', 'service');
    addTarget('profileAndServicesExt', 'profile');
    // The custom resources each family lists (`GET /<family>/`), where the tenant answers it.
    for (const family of ['profileAndServicesExt', 'customResources'] as const) {
      const listed = await standard.request<Record<string, unknown>>('GET', `/${family}`, {
        ...(signal ? { signal } : {}),
      });
      for (const name of Object.keys(listed.error ? {} : (listed.data ?? {})))
        if (name !== 'apiName' && /^[A-Za-z]\w*$/.test(name)) addTarget(family, name);
    }
    for (const name of options.customResources ?? []) addTarget('customResources', name);
  }
  for (const target of targets.values()) {
    if (target.resource === '' || target.resource === 'resourceType') continue;
    const before = await fieldsAndFilters(standard, target, signal);
    if (!before) continue;
    const after = v8 ? await fieldsAndFilters(v8, target, signal) : undefined;
    const usedFilters = new Set<string>();
    if (usage)
      for (const entry of usage) {
        const { family, resource, rest } = parsePath(entry.path);
        if (family === target.family && resource === target.resource)
          for (const segment of rest) if (before.filters.has(segment)) usedFilters.add(segment);
      }
    const custom = [...before.filters.keys()].filter(
      (name) => !BUILT_IN_FILTERS.has(name) && (!usage || usedFilters.has(name)),
    );
    const added = after ? [...after.filters.keys()].filter((name) => !before.filters.has(name)) : [];
    for (const filter of custom) {
      if (after?.filters.has(filter)) continue;
      const expected = customFilterName('campaign-v8', target.resource, filter, names);
      const known = after ? after.filters.has(expected) : undefined;
      // Its REST name: the one new filter on v8, else the one taking the same parameters.
      const alike = added.filter((name) => after?.filters.get(name) === before.filters.get(filter));
      const guess = known
        ? undefined
        : added.length === 1
          ? added[0]
          : alike.length === 1
            ? alike[0]
            : undefined;
      const restName = known ? expected : guess;
      const subject = `${target.resource}.${filter}`;
      add({
        kind: 'custom-filter',
        blocking: !known,
        subject,
        problem: restName
          ? `${target.family}/${target.resource}/${filter} is called ${restName} on Campaign v8`
          : `${target.family}/${target.resource}/${filter} has no "Filter name in REST API" on Campaign v8${after ? '' : ' (to be checked on the v8 tenant)'}`,
        fix: known
          ? `The client sends it as ${expected} on v8; calls built by hand must use that name.`
          : restName
            ? `Give the client customFilterNames: { ${target.resource}: { ${filter}: '${restName}' } } (or call ${restName} on v8).`
            : `Give the filter a "Filter name in REST API" in Campaign v8, then call it by that name (without "by").`,
        evidence: after ? 'tenants' : 'documented',
        ...(usage ? { calls: calls((e) => e.path.split('/').includes(filter)) } : {}),
      });
    }
    if (after) {
      const ext = target.family === 'profileAndServices' ? await extFields(v8!, target, signal) : undefined;
      for (const field of before.fields) {
        if (after.fields.has(field)) continue;
        const onExt = ext?.has(field);
        // With a usage log, only a write of the field is known to fail; a read just lacks it.
        const written = usage?.some(
          (e) =>
            e.fields?.includes(field) &&
            parsePath(e.path).family === target.family &&
            parsePath(e.path).resource === target.resource,
        );
        add({
          kind: 'missing-field',
          blocking: !usage || Boolean(written),
          subject: `${target.family}/${target.resource}.${field}`,
          problem: `${target.resource}.${field} is not part of ${target.family} on Campaign v8`,
          fix: onExt
            ? `Read and write it on profileAndServicesExt (ext: true in the client's helpers).`
            : `Stop reading or writing ${field}; ask Adobe where the migration put it.`,
          evidence: 'tenants',
        });
      }
    }
  }

  // Records: blank fields and PKeys, on a sample of profiles found on both by email.
  if (v8) {
    const sample = options.sample ?? 20;
    const blanks = new Map<string, number>();
    let compared = 0;
    let otherKeys = 0;
    for await (const page of standard.profiles
      .list({ pageSize: sample, ...(signal ? { signal } : {}) })
      .pages()) {
      for (const profile of page.items.slice(0, sample)) {
        if (typeof profile.email !== 'string' || profile.email === '') continue;
        let twin: Profile | undefined;
        try {
          twin = await v8.profiles.findByKey({ email: profile.email }, signal ? { signal } : {});
        } catch (error) {
          if (isCampaignSdkError(error, 'ERR_UNEXPECTED_RESPONSE')) continue;
          throw error;
        }
        if (!twin) continue;
        compared += 1;
        if (twin.PKey !== profile.PKey) otherKeys += 1;
        for (const [field, value] of Object.entries(profile))
          if (typeof value === 'string' && value !== '' && field in twin && blank((twin as Profile)[field]))
            blanks.set(field, (blanks.get(field) ?? 0) + 1);
      }
      break;
    }
    for (const [field, count] of blanks) {
      // A log shows which fields a write sends, not which a read uses: any profile call counts.
      if (usage && !usage.some((e) => parsePath(e.path).resource === 'profile')) continue;
      add({
        kind: 'dropped-field',
        blocking: false,
        subject: `profile.${field}`,
        problem: `profile.${field} reads blank on Campaign v8 for ${count} of ${compared} profiles that have a value on Campaign Standard: the migration dropped it`,
        fix: `Stop relying on ${field}: v8 answers it blank and ignores writes (Adobe will remove dropped fields).`,
        evidence: 'tenants',
      });
    }
    if (otherKeys > 0)
      add({
        kind: 'pkeys',
        blocking: false,
        subject: 'PKey',
        problem: `${otherKeys} of ${compared} profiles have another PKey on Campaign v8: stored Campaign Standard PKeys are refused there ("Unable to decrypt PKey")`,
        fix: 'Stop storing PKeys: find records by a business key (profiles.findByKey) and follow the PKeys and hrefs of v8 answers.',
        evidence: 'tenants',
        ...(usage ? { calls: calls((e) => e.path.includes('{PKey}')) } : {}),
      });
  } else if (usage?.some((e) => e.path.includes('{PKey}'))) {
    add({
      kind: 'pkeys',
      blocking: false,
      subject: 'PKey',
      problem: 'Calls address records by PKey; PKeys are not the same on Campaign v8',
      fix: 'Stop storing PKeys: find records by a business key (profiles.findByKey) and follow the PKeys and hrefs of v8 answers.',
      evidence: 'documented',
      calls: calls((e) => e.path.includes('{PKey}')),
    });
  }

  // Bodies v8 treats differently (usage log only).
  for (const entry of usage ?? []) {
    const call = `${entry.method} ${entry.path}`;
    if (entry.method === 'POST' || entry.method === 'PATCH') {
      for (const [field, keys] of Object.entries(entry.objects ?? {})) {
        if (field === 'location' && entry.method === 'PATCH') {
          add({
            kind: 'patch-element',
            blocking: true,
            subject: `${call} ${field}`,
            problem: `A PATCH of the element ${field} is refused on Campaign v8 (500)`,
            fix: `Send ${field} only when creating the record, or change its fields another way.`,
            evidence: 'usage',
            calls: 1,
          });
        } else if (field !== 'location' && keys.some((key) => !['PKey', 'href', 'title'].includes(key))) {
          add({
            kind: 'linked-post',
            blocking: true,
            subject: `${call} ${field}`,
            problem: `The link ${field} is given as the target's fields (${keys.join(', ')}): Campaign v8 refuses the body, Campaign Standard ignored the link`,
            fix: `Give the link as { "PKey": … } of an existing record, or leave it out.`,
            evidence: 'usage',
            calls: 1,
          });
        }
      }
    }
    if (entry.method === 'PATCH' && entry.fields?.length === 0)
      add({
        kind: 'empty-patch',
        blocking: false,
        subject: call,
        problem: 'A PATCH without changes is answered 204 without a body on Campaign v8',
        fix: 'Do not send empty PATCHes (the client returns the PKey and href either way).',
        evidence: 'usage',
        calls: 1,
      });
  }

  // The auth setup: JWT service account credentials reached their end of life.
  const jwt = (['standard', 'v8'] as const).filter((side) => options.authKinds?.[side] === 'jwt');
  if (jwt.length > 0)
    add({
      kind: 'auth',
      blocking: true,
      subject: 'jwt',
      problem: `The ${jwt.join(' and ')} tenant is called with a JWT service account credential: Adobe retired them, and a migrated tenant is to be called with OAuth Server-to-Server`,
      fix: 'Move to OAuth Server-to-Server (acs migrate jwt-to-oauth; @campaign-standard/auth-oauth), and check the technical account has the Administrator (and, for transactional messages, Message Center) product profile on v8.',
      evidence: 'documented',
    });

  const sorted = [...findings.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { v: 1, blocking: sorted.some((f) => f.blocking), findings: sorted };
}

async function extFields(client: CampaignClient, target: Target, signal?: AbortSignal): Promise<Set<string>> {
  const found = await fieldsAndFilters(
    client,
    { family: 'profileAndServicesExt', resource: target.resource },
    signal,
  );
  return found?.fields ?? new Set();
}
