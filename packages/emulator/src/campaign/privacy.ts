import type { RequestContext } from '../context.js';
import { sendJson } from '../http.js';
import { jsonBody } from './body.js';
import { formatTimestamp } from './codec.js';
import { CampaignError, invalidEnumeration, notFound } from './errors.js';
import type { FieldDef } from './fields.js';
import { type Sortable, sendCount, sendList } from './listing.js';
import { type Base, indexOf, type Row } from './resources.js';
import type { InstanceState } from './state.js';
import { Table } from './table.js';

const PRIVACY = { kind: 'g', label: 'Privacy requests', schema: 'nms:gdprRequest', name: 'privacyTool' };
const tables = new WeakMap<InstanceState, Table<Row>>();
const str = (name: string, label: string, length = 64): FieldDef => ({ name, label, type: 'string', length });

/** The fields a list of privacy requests can be sorted on (help/api/using/creating-a-privacy-request.md). */
const SORTABLE: Sortable = {
  label: PRIVACY.label,
  schema: PRIVACY.schema,
  fields: [
    str('name', 'Name'),
    str('label', 'Label', 128),
    str('desc', 'Description', 512),
    str('namespaceName', 'Namespace'),
    str('reconciliationValue', 'Reconciliation value', 255),
    str('regulation', 'Regulation'),
    str('type', 'Type'),
    str('status', 'Status'),
    str('title', 'Title', 255),
    str('audit', 'Audit', 512),
    { name: 'retryCount', label: 'Retry count', type: 'int16' },
    { name: 'created', label: 'Created', type: 'datetime', readOnly: true },
    { name: 'lastModified', label: 'Last modified', type: 'datetime', readOnly: true },
    { name: 'namespace', label: 'Namespace', type: 'link' },
    { name: 'gdprRequestData', label: 'Request data', type: 'collection' },
  ],
};

/** The rows of a request's `gdprRequestData` collection, which has no seeded content. */
const DATA_SORTABLE: Sortable = {
  label: 'Privacy request data',
  schema: 'nms:gdprRequestData',
  fields: [str('name', 'Name'), { name: 'created', label: 'Created', type: 'datetime', readOnly: true }],
};
const NO_DATA = new Table<Row>(0, () => ({}));

/**
 * `/privacy/privacyTool`: create (201) and list privacy requests, read one, and POST
 * `…/<PKey>/privacyRequestData/` with `{"name"}` for an access request's data file (a JSON string).
 * A request reads `new` when created and `complete` from its next read on.
 */
export async function routePrivacy(
  ctx: RequestContext,
  state: InstanceState,
  base: Base,
  segs: string[],
): Promise<void> {
  const [tool, pkey, sub, ...rest] = segs;
  if (tool !== 'privacyTool' || (rest.length > 0 && sub !== 'gdprRequestData'))
    throw notFound(tool ?? 'privacy');
  let table = tables.get(state);
  if (!table) {
    table = new Table<Row>(0, () => ({}));
    tables.set(state, table);
  }
  const url = `${base.campaign}/privacy/privacyTool`;
  const render = (i: number, row: Row) => renderRequest(base, url, i, row);
  if (pkey === '_count' && sub === undefined && ctx.method === 'GET') return sendCount(ctx, { table });
  if (pkey === undefined) {
    if (ctx.method === 'GET') {
      const page = sendListAndComplete(ctx, base, table, url, render);
      return page;
    }
    if (ctx.method !== 'POST') throw notFound(PRIVACY.label);
    const body = jsonBody(ctx);
    if (!['access', 'delete'].includes(String(body.type)))
      throw invalidEnumeration(body.type, 'nms:gdprRequest:type');
    if (!['gdpr', 'ccpa'].includes(String(body.regulation)))
      throw invalidEnumeration(body.regulation ?? '', 'nms:gdprRequest:regulation');
    for (const field of ['name', 'namespaceName', 'reconciliationValue'])
      if (typeof body[field] !== 'string' || body[field] === '')
        throw new CampaignError(
          500,
          `RST-360011 An error has occurred - please contact your administrator. The '${field}' property is mandatory.`,
        );
    const row: Row = {
      label: '',
      desc: '',
      ...body,
      status: 'new',
      retryCount: 0,
      created: ctx.now,
      lastModified: ctx.now,
    };
    const index = table.insert(row);
    return sendJson(ctx.res, 201, render(index, row));
  }
  const index = indexOf(base, PRIVACY, pkey);
  const row = table.get(index);
  if (!row) throw notFound(PRIVACY.label, pkey);
  if (sub === undefined && ctx.method === 'GET') {
    const out = render(index, row);
    complete(table, index, row, ctx.now);
    return sendJson(ctx.res, 200, out);
  }
  if (sub === 'gdprRequestData' && ctx.method === 'GET') {
    // [I] The `gdprRequestData` link of a request is a collection whose records Adobe does not
    // show; the emulator keeps none, so it answers an empty list (and `_count` 0).
    if (rest.length === 1 && rest[0] === '_count') return sendCount(ctx, { table: NO_DATA });
    if (rest.length > 0) throw notFound(rest.join('/'), pkey);
    return sendList(ctx, base, {
      table: NO_DATA,
      url: `${url}/${pkey}/gdprRequestData`,
      render: (_i, r) => r,
      sortable: DATA_SORTABLE,
    });
  }
  if (sub === 'privacyRequestData' && ctx.method === 'POST') {
    const body = jsonBody(ctx);
    if (body.name !== row.name)
      throw new CampaignError(
        500,
        `RST-360011 An error has occurred - please contact your administrator. Unknown privacy request '${String(body.name)}'.`,
      );
    const data = `{data:<gdprRequestData name="${row.name}" reconciliationValue="${row.reconciliationValue}"><table name="nms:recipient"><recipient email="${row.reconciliationValue}"/></table></gdprRequestData>}`;
    return sendJson(ctx.res, 200, data);
  }
  throw notFound(sub ?? PRIVACY.label, pkey);
}

function sendListAndComplete(
  ctx: RequestContext,
  base: Base,
  table: Table<Row>,
  url: string,
  render: (i: number, row: Row) => Row,
): void {
  sendList(ctx, base, {
    table,
    url,
    render,
    sortable: SORTABLE,
    onPage: (page) => {
      for (const [i, row] of page) complete(table, i, row, ctx.now);
    },
  });
}

function complete(table: Table<Row>, index: number, row: Row, now: number): void {
  if (row.status === 'new') table.update(index, { ...row, status: 'complete', lastModified: now });
}

function renderRequest(base: Base, url: string, index: number, row: Row): Row {
  const PKey = base.keys.encode(base.tenant, PRIVACY.kind, index);
  const href = `${url}/${PKey}`;
  const out: Row = {
    PKey,
    audit: '',
    ...row,
    created: formatTimestamp(row.created as number),
    lastModified: formatTimestamp(row.lastModified as number),
    href,
    namespace: {
      PKey: base.keys.encode(base.tenant, 'n', String(row.namespaceName)),
      title: `Namespace (${row.namespaceName})`,
    },
    title: `${row.label || row.name} (${row.name})`,
    gdprRequestData: { href: `${href}/gdprRequestData/` },
  };
  if (row.type === 'access') out.privacyRequestData = { href: `${href}/privacyRequestData/` };
  return out;
}
