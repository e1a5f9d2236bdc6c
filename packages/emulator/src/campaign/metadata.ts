import type { RequestContext } from '../context.js';
import { sendJson } from '../http.js';
import { notFound } from './errors.js';
import type { FieldDef } from './fields.js';
import {
  type Base,
  filterEntries,
  HISTORY_FIELDS,
  type Instance,
  type ResourceDef,
  type Row,
} from './resources.js';
import { isExtendedOnly } from './v8.js';

const FAMILY_METADATA: Record<string, readonly string[]> = {
  profileAndServices: ['profile', 'service', 'history'],
  profileAndServicesExt: ['profile', 'service', 'history', 'orgUnitBase', 'cusLoyalty'],
  customResources: ['cusStore', 'cusVehicle'],
};

/**
 * `…/resourceType/<name>` (metadata), `…/resourceType/<PKEY>/filters/` (filter definitions) and
 * `…/resourceType/<PKEY>` (the metadata again, addressed by its key: Adobe's metadata page shows
 * the `filters` href without `/filters/`, its filtering page with it).
 */
export async function routeMetadata(
  ctx: RequestContext,
  data: Instance,
  base: Base,
  segs: string[],
): Promise<void> {
  const [first, second, ...rest] = segs;
  if (ctx.method !== 'GET' || first === undefined || rest.length > 0) throw notFound('resourceType');
  if (first.startsWith('@')) {
    const decoded = base.keys.decode(first);
    if (
      decoded?.kind !== 'r' ||
      decoded.tenant !== base.tenant ||
      (second !== undefined && second !== 'filters')
    )
      throw notFound('resourceType', first);
    const [family, name] = decoded.id.split(':');
    const def = resolve(data, name ?? '');
    if (!def || family !== base.family || !servedBy(base, name ?? '')) throw notFound('resourceType', first);
    if (second === undefined) return sendMetadata(ctx, data, base, name!);
    return sendJson(ctx.res, 200, filtersOf(base, def.def, name!));
  }
  if (second !== undefined) throw notFound(second, first);
  return sendMetadata(ctx, data, base, first.replace(/\.json$/, ''));
}

/**
 * The metadata of a resource of the family: `…/resourceType/<name>`, and the `href` the metadata
 * itself carries (`…/<family>/<name>/metadata`, help/api/using/metadata-mechanism.md).
 */
export function sendMetadata(ctx: RequestContext, data: Instance, base: Base, name: string): void {
  if (ctx.method !== 'GET' || !FAMILY_METADATA[base.family]?.includes(name) || !servedBy(base, name))
    throw notFound(name);
  const resolved = resolve(data, name)!;
  sendJson(ctx.res, 200, metadataOf(base, resolved.def, name, resolved.fields));
}

/**
 * `GET /profileAndServicesExt/`: the custom resources linked to profile, each with its metadata
 * (help/api/using/custom-resources.md). [I] `GET /customResources/` answers the unlinked ones the
 * same way: Adobe's page on unlinked resources only shows them addressed by name.
 */
export function sendCustomResourceList(ctx: RequestContext, data: Instance, base: Base): void {
  const out: Row = { apiName: 'resourceType' };
  for (const name of FAMILY_METADATA[base.family] ?? []) {
    if (!name.startsWith('cus')) continue;
    const def = data.resources.get(name)!;
    out[name] = metadataOf(base, def, name, def.fields);
  }
  sendJson(ctx.res, 200, out);
}

function resolve(
  data: Instance,
  name: string,
): { def: ResourceDef; fields: readonly FieldDef[] } | undefined {
  if (name === 'history') return { def: data.resources.get('profile')!, fields: HISTORY_FIELDS };
  const def = data.resources.get(name);
  return def && { def, fields: def.fields };
}

function metadataOf(base: Base, def: ResourceDef, name: string, fields: readonly FieldDef[]): Row {
  const ext = base.family !== 'profileAndServices';
  const content: Row = {};
  for (const field of fields) {
    if (!ext && isExtendedOnly(base.v8, def.name, field)) continue;
    const node: Row = {
      PKey: base.keys.encode(base.tenant, 'm', `${name}.${field.name}`),
      apiName: field.name,
      category: '',
      desc: '',
      displayFormat: '',
      help: '',
      label: field.label,
      lazyLoaded: false,
      length: field.length === undefined ? '' : String(field.length),
      mandatory: Boolean(field.mandatory),
      metadata: field.type === 'link' || field.type === 'collection' ? field.type : 'attribute',
      queryable: true,
      readOnly: Boolean(field.readOnly),
      resName: '',
      resType: field.type,
      sortable: !['link', 'collection', 'item'].includes(field.type),
      type: field.type,
    };
    if (field.target) node.resTarget = field.target;
    if (field.values) node.values = Object.fromEntries(field.values.map((v) => [v, { label: v, value: v }]));
    content[field.name] = node;
  }
  const key = base.keys.encode(base.tenant, 'r', `${base.family}:${name}`);
  const typeRoot = `${base.campaign}/${base.family}/resourceType`;
  return {
    content,
    data: `/${base.family}/${name}/`,
    filters: { href: `${typeRoot}/${key}/filters/` },
    help: def.label,
    href: `${base.campaign}/${base.family}/${name}/metadata`,
    label: name === 'history' ? 'Marketing history' : def.label,
    mandatory: false,
    name,
    pkgStatus: 'never',
    readOnly: false,
    schema: def.schema,
    type: 'item',
  };
}

/**
 * Whether the instance serves the resource: a Campaign v8 one answers the marketing history and
 * organizational units as not available (`v8.ts`), their metadata included.
 */
function servedBy(base: Base, name: string): boolean {
  if (!base.v8) return true;
  if (name === 'history') return !base.v8.unavailable.has('marketingHistory');
  if (name === 'orgUnitBase') return !base.v8.unavailable.has('organizationalUnits');
  return true;
}

/**
 * The filters of a resource as help/api/using/filtering.md describes them: `data` shows the call
 * with each parameter as `<param>=$value`, the `metadata` node describes the parameters (here each
 * one's `apiName`, `label`, `type`, and the `values` of an enumeration, as a field's metadata).
 */
function filtersOf(base: Base, def: ResourceDef, name: string): Row {
  const out: Row = {};
  for (const [filter, original] of filterEntries(def, base)) {
    const params = def.filterParams?.[original] ?? [];
    const metadata: Row = {};
    for (const param of params) {
      const node: Row = {
        apiName: param.name,
        label: param.label,
        mandatory: Boolean(param.mandatory),
        resType: param.type,
        type: param.type,
      };
      if (param.values)
        node.values = Object.fromEntries(param.values.map((v) => [v, { label: v, value: v }]));
      metadata[param.name] = node;
    }
    const query = params.map((p) => `${p.name}=$value`).join('&');
    out[filter] = {
      PKey: base.keys.encode(base.tenant, 'f', `${name}.${filter}`),
      category: '99_none',
      condition: '',
      data: `/${base.family}/${name}/${filter}${query ? `?${query}` : ''}`,
      formType: 'none',
      fragmentName: '',
      label: filter,
      metadata,
    };
  }
  return out;
}
