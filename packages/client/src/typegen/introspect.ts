import type { ApiResult } from '../response.js';
import {
  type SchemaFamily,
  type SchemaField,
  type SchemaFilter,
  type SchemaFilterParam,
  type SchemaResource,
  sortSchema,
  type TenantSchema,
} from './snapshot.js';

/**
 * How the generator reads the tenant: a GET of a path of the instance (`/profileAndServicesExt/…`)
 * or of an href found in an answer, resolving with the parsed body and rejecting on an HTTP error
 * (with the error's `status`, as the SDK's errors carry it).
 */
export type MetadataReader = (pathOrHref: string) => Promise<unknown>;

/** A client the generator can read through (a {@link CampaignClient} fits). */
export interface MetadataClient {
  /** The instance; its tenant names the generated module. */
  readonly instance: {
    /** The tenant (`acme`). */
    readonly tenant: string;
  };
  /** A raw call. */
  request(method: 'GET', pathOrHref: string): Promise<ApiResult<unknown>>;
}

/** Options of {@link introspectTenant}. */
export interface IntrospectOptions {
  /** The tenant named in the snapshot; taken from the client when one is given. */
  tenant?: string;
  /**
   * Custom resources to read besides those the families list, as `<family>/<name>`
   * (`customResources/cusVehicle`) or a bare name (on `customResources`). Campaign documents the
   * listing of the resources linked to profiles (`GET /profileAndServicesExt/`); the unlinked ones
   * may have to be named.
   */
  resources?: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A reader over a client: its raw GET, throwing the call's typed error. */
export function clientReader(client: MetadataClient): MetadataReader {
  return async (pathOrHref) => {
    const result = await client.request('GET', pathOrHref);
    if (result.error) throw result.error;
    return result.data;
  };
}

/**
 * Reads a tenant's schema from its metadata: the extended profile and services, every custom
 * resource of both families (`GET /profileAndServicesExt/`, `GET /customResources/` where the
 * instance answers it, and `options.resources`), their fields and their filters with parameters.
 * The result is sorted: the same tenant gives the same schema.
 */
export async function introspectTenant(
  source: MetadataReader | MetadataClient,
  options: IntrospectOptions = {},
): Promise<TenantSchema> {
  const read = typeof source === 'function' ? source : clientReader(source);
  const tenant = options.tenant ?? (typeof source === 'function' ? undefined : source.instance.tenant);
  if (!tenant) throw new TypeError('introspectTenant needs the tenant (options.tenant) with a reader');

  const resource = async (family: SchemaFamily, name: string, known?: unknown) => {
    const metadata =
      isObject(known) && isObject(known.content)
        ? known
        : await read(`/${family}/resourceType/${encodeURIComponent(name)}`);
    return describe(family, name, metadata, read);
  };
  const found = new Map<string, [SchemaFamily, string, unknown]>();
  for (const family of ['profileAndServicesExt', 'customResources'] as const) {
    const listing = await listCustomResources(read, family);
    for (const [name, metadata] of Object.entries(listing))
      found.set(`${family}/${name}`, [family, name, metadata]);
  }
  for (const entry of options.resources ?? []) {
    const [family, name] = entry.includes('/') ? entry.split('/', 2) : ['customResources', entry];
    if (family !== 'profileAndServicesExt' && family !== 'customResources')
      throw new TypeError(`"${entry}": the family must be profileAndServicesExt or customResources`);
    if (!found.has(`${family}/${name}`)) found.set(`${family}/${name}`, [family, name ?? '', undefined]);
  }
  const resources: SchemaResource[] = [];
  for (const [family, name, metadata] of found.values())
    resources.push(await resource(family, name, metadata));
  return sortSchema({
    tenant,
    profile: await resource('profileAndServicesExt', 'profile'),
    service: await resource('profileAndServicesExt', 'service'),
    resources,
  });
}

/**
 * The custom resources a family lists, with the metadata the listing carries. An instance that
 * does not list a family (404) lists nothing; any other error is thrown.
 */
async function listCustomResources(
  read: MetadataReader,
  family: SchemaFamily,
): Promise<Record<string, unknown>> {
  let listing: unknown;
  try {
    listing = await read(`/${family}/`);
  } catch (error) {
    if ((error as { status?: unknown })?.status === 404) return {};
    throw error;
  }
  const out: Record<string, unknown> = {};
  if (!isObject(listing)) return out;
  for (const [name, value] of Object.entries(listing))
    if (
      name !== 'apiName' &&
      isObject(value) &&
      name !== 'profile' &&
      name !== 'service' &&
      name !== 'history'
    )
      out[name] = value;
  return out;
}

async function describe(
  family: SchemaFamily,
  name: string,
  metadata: unknown,
  read: MetadataReader,
): Promise<SchemaResource> {
  const meta = isObject(metadata) ? metadata : {};
  const content = isObject(meta.content) ? meta.content : {};
  const fields: SchemaField[] = Object.entries(content).map(([key, node]) => fieldOf(key, node));
  const filtersHref = isObject(meta.filters) ? text(meta.filters.href) : '';
  const filters: SchemaFilter[] = [];
  if (filtersHref) {
    const answer = await read(filtersHref);
    if (isObject(answer))
      for (const [filterName, node] of Object.entries(answer))
        if (isObject(node)) filters.push(filterOf(filterName, node));
  }
  return {
    name,
    family,
    label: text(meta.label),
    schema: text(meta.schema),
    fields,
    filters,
  };
}

function valuesOf(node: Json): string[] | undefined {
  if (!isObject(node.values)) return undefined;
  return Object.entries(node.values).map(([key, value]) =>
    isObject(value) && typeof value.value === 'string' ? value.value : key,
  );
}

function fieldOf(key: string, raw: unknown): SchemaField {
  const node = isObject(raw) ? raw : {};
  const type = text(node.type) || text(node.resType) || 'unknown';
  const field: SchemaField = {
    name: text(node.apiName) || key,
    type,
    label: text(node.label),
    readOnly: node.readOnly === true,
    mandatory: node.mandatory === true,
  };
  const resType = text(node.resType);
  if (resType && resType !== type) field.resType = resType;
  const values = valuesOf(node);
  if (values) field.values = values;
  const target = text(node.resTarget);
  if (target) field.target = target;
  const length = Number.parseInt(text(node.length), 10);
  if (Number.isFinite(length) && length > 0) field.length = length;
  return field;
}

/**
 * A filter and its parameters: from its `metadata` node (one node per parameter) when it has one,
 * else from the `<param>=$value` pairs of its `data` (help/api/using/filtering.md).
 */
function filterOf(name: string, node: Json): SchemaFilter {
  const params: SchemaFilterParam[] = [];
  if (isObject(node.metadata)) {
    for (const [key, raw] of Object.entries(node.metadata)) {
      const p = isObject(raw) ? raw : {};
      const param: SchemaFilterParam = {
        name: text(p.apiName) || key,
        type: text(p.type) || text(p.resType) || 'string',
        mandatory: p.mandatory === true,
      };
      const values = valuesOf(p);
      if (values) param.values = values;
      params.push(param);
    }
  } else {
    const query = text(node.data).split('?')[1] ?? '';
    for (const pair of query.split('&')) {
      const [key] = pair.split('=');
      if (key) params.push({ name: decodeURIComponent(key), type: 'string', mandatory: false });
    }
  }
  return { name, label: text(node.label), params };
}
