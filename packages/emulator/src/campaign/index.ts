import type { RequestContext } from '../context.js';
import { sendEmpty, sendJson } from '../http.js';
import { jsonBody } from './body.js';
import { KeyCodec } from './codec.js';
import {
  badBody,
  CampaignError,
  notFound,
  recordNotFound,
  sendCampaignError,
  unknownProperty,
} from './errors.js';
import { routeHistory } from './history.js';
import { sendCount, sendList } from './listing.js';
import { routeMetadata, sendCustomResourceList, sendMetadata } from './metadata.js';
import { routePrivacy } from './privacy.js';
import {
  type Base,
  checkKeyChange,
  checkMandatoryFields,
  filtersFor,
  Instance,
  indexOf,
  type ResourceDef,
  type Row,
  validateBody,
} from './resources.js';
import type { InstanceState } from './state.js';
import { routeSubscriptions } from './subscriptions.js';
import { routeTransactional } from './transactional.js';
import { isDropped, type V8Settings, v8Error } from './v8.js';
import { routeWorkflow, Workflows } from './workflows.js';

/** Options of {@link Campaign}. */
export interface CampaignOptions {
  tenants: string[];
  seed: number;
  profiles: number;
  /** Campaign's `XtkBigTableThreshold`: lists of larger tables omit `next` unless forced. */
  bigTableThreshold: number;
  /** Campaign v8 tenants, each serving the records of the Campaign Standard tenant it was migrated from. */
  v8Tenants?: V8Settings[];
}

/** What resources each family serves. */
const FAMILY_RESOURCES: Record<string, readonly string[]> = {
  profileAndServices: ['profile', 'service'],
  profileAndServicesExt: ['profile', 'service', 'orgUnitBase', 'cusLoyalty'],
  customResources: ['cusStore', 'cusVehicle'],
};

/**
 * The Campaign instances behind the gateway, one per tenant path, created on first use. A Campaign
 * v8 tenant (and its `-mkt-stage` instance) serves the records of the Campaign Standard tenant it
 * was migrated from, with its own PKeys and v8's answers (`v8.ts`).
 */
export class Campaign {
  readonly #tenants: Set<string>;
  /** Campaign v8 tenant paths: their settings and the Standard tenant path whose records they serve. */
  readonly #v8 = new Map<string, { settings: V8Settings; source: string }>();
  readonly #instances = new Map<string, InstanceState>();
  readonly #keys: KeyCodec;

  constructor(readonly options: CampaignOptions) {
    this.#tenants = new Set(options.tenants.flatMap((t) => [t, `${t}-mkt-stage`]));
    for (const settings of options.v8Tenants ?? [])
      for (const suffix of ['', '-mkt-stage']) {
        this.#tenants.add(`${settings.name}${suffix}`);
        this.#v8.set(`${settings.name}${suffix}`, { settings, source: `${settings.migratedFrom}${suffix}` });
      }
    this.#keys = new KeyCodec(options.seed);
  }

  has(tenant: string): boolean {
    return this.#tenants.has(tenant);
  }

  #instance(tenant: string): InstanceState {
    const migrated = this.#v8.get(tenant);
    if (migrated) return this.#instance(migrated.source);
    let state = this.#instances.get(tenant);
    if (!state) {
      state = {
        data: new Instance(tenant, this.options.seed, this.options.profiles),
        workflows: new Workflows(),
        transactional: new Map(),
      };
      this.#instances.set(tenant, state);
    }
    return state;
  }

  /** Serves `/<tenant>/campaign/...` after the gateway's checks passed. */
  async handle(ctx: RequestContext, tenant: string, origin: string): Promise<void> {
    const host = ctx.req.headers.host;
    const base: Base = {
      campaign: `${host ? `http://${host}` : origin}/${tenant}/campaign`,
      tenant,
      keys: this.#keys,
      family: '',
      bigTableThreshold: this.options.bigTableThreshold,
      v8: this.#v8.get(tenant)?.settings,
    };
    const segments = ctx.path
      .split('/')
      .slice(3)
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    try {
      await this.#route(ctx, this.#instance(tenant), base, segments);
    } catch (error) {
      if (!(error instanceof CampaignError)) throw error;
      if (!base.v8) return sendCampaignError(ctx.res, error);
      const { status, message } = v8Error(error, ctx.path.split('/').slice(3).join('/'));
      sendCampaignError(ctx.res, new CampaignError(status, message));
    }
  }

  async #route(ctx: RequestContext, state: InstanceState, base: Base, segments: string[]): Promise<void> {
    const [family, ...rest] = segments;
    if (!family) throw notFound('campaign');
    base.family = family;
    // Campaign v8 (the migration page's "Available APIs"): transactional messages are not available
    // yet; marketing history, organizational units and privacy management are deprecated.
    const unavailable = base.v8?.unavailable;
    if (
      (family === 'privacy' && unavailable?.has('privacyManagement')) ||
      (/^mc[A-Za-z0-9_-]+$/.test(family) && unavailable?.has('transactionalMessages')) ||
      (/^history(\.json)?$/.test(rest[0] ?? '') && unavailable?.has('marketingHistory')) ||
      (/^orgUnitBase(\.json)?$/.test(rest[0] ?? '') && unavailable?.has('organizationalUnits'))
    )
      throw notFound(family);
    if (family === 'workflow') return routeWorkflow(ctx, state.workflows, base, rest);
    if (family === 'privacy') return routePrivacy(ctx, state, base, rest);
    if (/^mc[A-Za-z0-9_-]+$/.test(family)) return routeTransactional(ctx, state, base, family, rest);
    const allowed = FAMILY_RESOURCES[family];
    if (!allowed) throw notFound(family);
    const [resource, ...tail] = rest;
    if (resource === undefined) {
      if ((family === 'profileAndServicesExt' || family === 'customResources') && ctx.method === 'GET')
        return sendCustomResourceList(ctx, state.data, base);
      throw notFound(family);
    }
    const name = resource.replace(/\.json$/, '');
    if (name === 'resourceType') return routeMetadata(ctx, state.data, base, tail);
    if (name === 'history' && family !== 'customResources') return routeHistory(ctx, state.data, base, tail);
    const def = allowed.includes(name) ? state.data.resources.get(name) : undefined;
    if (!def) throw notFound(name);
    return routeResource(ctx, state, base, def, tail);
  }
}

async function routeResource(
  ctx: RequestContext,
  state: InstanceState,
  base: Base,
  def: ResourceDef,
  segs: string[],
): Promise<void> {
  const collection = `${base.campaign}/${base.family}/${def.name}`;
  const render = (i: number, row: Row) => def.render(i, row, base);
  const [first, ...more] = segs;
  if (first === undefined) {
    if (ctx.method === 'GET')
      return sendList(ctx, base, { table: def.table, url: collection, render, sortable: def });
    if (ctx.method === 'POST') {
      const body = jsonBody(ctx);
      validateBody(def, body, base.family, base.v8);
      checkMandatoryFields(def, body);
      const row = def.defaults(
        withoutDropped(base, def, linkedFields(base, state, def, body)),
        ctx.now,
        state.data,
      );
      const index = def.table.insert(row);
      return sendJson(ctx.res, 201, render(index, row));
    }
    throw notFound(def.label);
  }
  if (first.startsWith('@')) {
    // An update's body is read and checked before the record the URL names is looked up: an
    // unknown, read-only or out-of-enumeration field is reported as such whatever the path.
    const update = more.length === 0 && (ctx.method === 'PATCH' || ctx.method === 'PUT');
    const body = update ? jsonBody(ctx) : undefined;
    if (body) validateBody(def, body, base.family, base.v8);
    // Campaign v8 does not PATCH an element (`location`): 500, "'zipCode' property is not valid for
    // the 'profile' resource" (the migration page, "PATCH operations").
    if (body && base.v8 && ctx.method === 'PATCH') {
      const item = def.fields.find((f) => f.type === 'item' && f.name in body);
      const value = item ? body[item.name] : undefined;
      if (item)
        throw unknownProperty(
          Object.keys(value && typeof value === 'object' ? value : {})[0] ?? item.name,
          def.name,
        );
    }
    const index = indexOf(base, def, first);
    const row = def.table.get(index);
    if (!row) throw recordNotFound(def.label, first, def.name);
    // Campaign v8 answers a PATCH without a body 204 No Content, changing nothing (same page).
    if (base.v8 && ctx.method === 'PATCH' && more.length === 0 && ctx.body.length === 0)
      return sendEmpty(ctx.res, 204);
    if (more.length > 0) {
      if (more[0] === 'subscriptions' && (def.name === 'profile' || def.name === 'service'))
        return routeSubscriptions(ctx, state.data, base, def, index, more.slice(1));
      if (more[0] === 'cusLoyalty' && def.name === 'profile' && base.family === 'profileAndServicesExt') {
        const loyalty = state.data.resources.get('cusLoyalty')!;
        const match = (r: Row) => r.profile === index;
        if (more.length === 2 && more[1] === '_count' && ctx.method === 'GET')
          return sendCount(ctx, { table: loyalty.table, match });
        if (more.length > 1 || ctx.method !== 'GET') throw notFound(more.join('/'), first);
        return sendList(ctx, base, {
          table: loyalty.table,
          url: `${collection}/${first}/cusLoyalty`,
          match,
          render: (i, r) => loyalty.render(i, r, base),
          sortable: loyalty,
        });
      }
      throw notFound(more.join('/'), first);
    }
    if (ctx.method === 'GET') return sendJson(ctx.res, 200, render(index, row));
    if (body) {
      checkKeyChange(def, body, row);
      const {
        PKey: _k,
        href: _h,
        ...changes
      } = withoutDropped(base, def, linkedFields(base, state, def, body));
      def.table.update(index, { ...row, ...changes, lastModified: ctx.now });
      return sendJson(ctx.res, 200, { PKey: first, href: `${collection}/${first}` });
    }
    if (ctx.method === 'DELETE') {
      def.table.delete(index);
      // [I] The docs show a bare 200 for DELETE with no body.
      return sendEmpty(ctx.res, 200);
    }
    throw notFound(def.label, first);
  }
  // The metadata's own `href` (help/api/using/metadata-mechanism.md).
  if (first === 'metadata' && more.length === 0) return sendMetadata(ctx, state.data, base, def.name);
  const isCount = segs[segs.length - 1] === '_count';
  const names = isCount ? segs.slice(0, -1) : segs;
  const field =
    names.length === 1 ? def.fields.find((f) => f.name === names[0] && isScalar(f.type)) : undefined;
  if (field && ctx.method === 'GET') {
    // A projection lists one field of every record: its `count` link counts the records.
    if (isCount) return sendCount(ctx, { table: def.table });
    return sendList(ctx, base, {
      table: def.table,
      url: `${collection}/${field.name}`,
      render: (_i, r) => (isDropped(base.v8, def.name, field.name) ? '' : (r[field.name] ?? '')),
      sortable: def,
    });
  }
  // Custom filters are `by<Name>` on Campaign Standard, their "Filter name in REST API" on v8.
  const named = filtersFor(def, base);
  const filters = names.map((n) => named[n]);
  if (filters.some((f) => f === undefined) || ctx.method !== 'GET')
    throw notFound(names.find((n) => !named[n]) ?? def.label);
  const q = ctx.url.searchParams;
  const match = names.length === 0 ? undefined : (row: Row) => filters.every((f) => f!(row, q));
  const candidates = def.candidates?.(names, q);
  if (isCount) return sendCount(ctx, { table: def.table, match, candidates });
  return sendList(ctx, base, {
    table: def.table,
    url: `${collection}/${names.join('/')}`,
    match,
    render,
    candidates,
    sortable: def,
  });
}

function isScalar(type: string): boolean {
  return !['link', 'collection', 'item'].includes(type);
}

/**
 * Turns `{"orgUnit":{"PKey":…}}`-style links into stored indexes. A link object without a PKey
 * (`{"profile":{"firstName":…}}`) is where the platforms differ (the Campaign v8 migration page,
 * "POST with linked resources"): Campaign Standard ignores the link information, so the record is
 * created with the link null (and an update leaves it as it was); Campaign v8 refuses the body, as
 * the link's fields are not properties of the resource. On v8 the properties a link node is read
 * with (`PKey`, `href`, `title`) are accepted.
 */
function linkedFields(base: Base, state: InstanceState, def: ResourceDef, body: Row): Row {
  const out = { ...body };
  for (const field of def.fields) {
    if (field.type !== 'link' || !(field.name in body)) continue;
    const target = state.data.resources.get(field.target ?? '');
    const ref = body[field.name] as { PKey?: unknown } | undefined;
    if (!target || !ref || typeof ref !== 'object' || Array.isArray(ref)) throw badBody();
    if (base.v8) {
      const foreign = Object.keys(ref).find((k) => !['PKey', 'href', 'title'].includes(k));
      if (foreign !== undefined) throw unknownProperty(foreign, def.name);
    }
    if (ref.PKey === undefined) {
      delete out[field.name];
      continue;
    }
    if (typeof ref.PKey !== 'string') throw badBody();
    const index = indexOf(base, target, ref.PKey);
    if (!target.table.get(index)) throw recordNotFound(target.label, ref.PKey, target.name);
    out[field.name] = index;
  }
  return out;
}

/** A body without the fields Campaign v8 dropped: writing one changes nothing there (`v8.ts`). */
function withoutDropped(base: Base, def: ResourceDef, body: Row): Row {
  if (!base.v8) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !isDropped(base.v8, def.name, key)));
}
