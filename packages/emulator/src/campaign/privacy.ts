import type { RequestContext } from '../context.js';
import { sendJson } from '../http.js';
import { jsonBody } from './body.js';
import { formatTimestamp } from './codec.js';
import { CampaignError, invalidEnumeration, notFound } from './errors.js';
import type { InstanceState } from './index.js';
import { sendList } from './listing.js';
import { type Base, indexOf, type Row } from './resources.js';
import { Table } from './table.js';

const PRIVACY = { kind: 'g', label: 'Privacy requests', schema: 'nms:gdprRequest', name: 'privacyTool' };
const tables = new WeakMap<InstanceState, Table<Row>>();

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
  if (tool !== 'privacyTool' || rest.length > 0) throw notFound(tool ?? 'privacy');
  let table = tables.get(state);
  if (!table) {
    table = new Table<Row>(0, () => ({}));
    tables.set(state, table);
  }
  const url = `${base.campaign}/privacy/privacyTool`;
  const render = (i: number, row: Row) => renderRequest(base, url, i, row);
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
  const seen: Array<[number, Row]> = [];
  sendList(ctx, base, {
    table,
    url,
    render: (i, row) => {
      seen.push([i, row]);
      return render(i, row);
    },
  });
  for (const [i, row] of seen) complete(table, i, row, ctx.now);
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
