import type { RequestContext } from '../context.js';
import { sendJson } from '../http.js';
import { formatTimestamp } from './codec.js';
import { notFound, recordNotFound } from './errors.js';
import type { FieldDef } from './fields.js';
import { type Sortable, sendCount, sendList } from './listing.js';
import { sendMetadata } from './metadata.js';
import { type Base, filtersFor, HISTORY_FIELDS, type Instance, indexOf, type Row } from './resources.js';
import { Table } from './table.js';

const EVENTS_PER_PROFILE = 3;
const EVENT = { kind: 'e', label: 'Marketing history events', schema: 'nms:broadLogRcp', name: 'events' };

/** The fields of an event (help/api/using/interacting-with-marketing-history.md). */
const EVENT_FIELDS: readonly FieldDef[] = [
  { name: 'category', label: 'Category', type: 'string', length: 64, readOnly: true },
  { name: 'date', label: 'Date', type: 'datetime', readOnly: true },
  { name: 'label', label: 'Label', type: 'string', length: 128, readOnly: true },
  { name: 'type', label: 'Type', type: 'string', length: 64, readOnly: true },
  { name: 'mirrorPage', label: 'Mirror page', type: 'link' },
];
const EVENT_SORTABLE: Sortable = { label: EVENT.label, schema: EVENT.schema, fields: EVENT_FIELDS };

/**
 * `…/history[/<profile PKey>[/events[/<E>]]]`: the marketing history of profiles, read-only, with
 * a few deterministic events per profile.
 */
export async function routeHistory(
  ctx: RequestContext,
  data: Instance,
  base: Base,
  segs: string[],
): Promise<void> {
  const profileDef = data.resources.get('profile')!;
  const collection = `${base.campaign}/${base.family}/history`;
  const render = (i: number, row: Row) => renderHistory(profileDef.render(i, row, base), collection);
  const sortable: Sortable = {
    label: 'Marketing history',
    schema: profileDef.schema,
    fields: HISTORY_FIELDS,
    name: profileDef.name,
  };
  if (ctx.method !== 'GET') throw notFound('history');
  const [first, second, third, fourth, ...rest] = segs;
  if (first === undefined)
    return sendList(ctx, base, { table: data.profiles, url: collection, render, sortable });
  // The metadata's own `href` (help/api/using/metadata-mechanism.md).
  if (first === 'metadata' && second === undefined) return sendMetadata(ctx, data, base, 'history');
  if (!first.startsWith('@')) {
    const isCount = segs[segs.length - 1] === '_count';
    const names = isCount ? segs.slice(0, -1) : segs;
    const named = filtersFor(profileDef, base);
    const filters = names.map((n) => named[n]);
    if (filters.some((f) => !f)) throw notFound(names.join('/'));
    const match = (row: Row) => filters.every((f) => f!(row, ctx.url.searchParams));
    if (isCount) return sendCount(ctx, { table: data.profiles, match });
    return sendList(ctx, base, {
      table: data.profiles,
      url: `${collection}/${names.join('/')}`,
      match,
      render,
      sortable,
    });
  }
  const index = indexOf(base, profileDef, first);
  const row = data.profiles.get(index);
  if (!row) throw recordNotFound('History', first, 'history');
  if (second === undefined) return sendJson(ctx.res, 200, render(index, row));
  if (second !== 'events' || rest.length > 0) throw notFound(segs.slice(1).join('/'), first);
  const events = new Table<Row>(EVENTS_PER_PROFILE, (k) => ({
    k,
    date: (row.created as number) + (k + 1) * 86_400_000,
  }));
  const eventsUrl = `${collection}/${first}/events`;
  const renderEvent = (k: number, e: Row) => {
    const PKey = base.keys.encode(base.tenant, EVENT.kind, `${index}.${k}`);
    return {
      PKey,
      category: 'email',
      date: formatTimestamp(e.date as number),
      href: `${eventsUrl}/${PKey}`,
      label: k === 0 ? 'Send via email' : k === 1 ? 'Email opened' : 'Email clicked',
      mirrorPage: { href: `${eventsUrl}/${PKey}/mirrorPage/` },
      type: k === 0 ? 'outbound' : 'tracking',
    };
  };
  if (third === undefined)
    return sendList(ctx, base, {
      table: events,
      url: eventsUrl,
      render: renderEvent,
      sortable: EVENT_SORTABLE,
    });
  if (third === '_count' && fourth === undefined) return sendCount(ctx, { table: events });
  const decoded = base.keys.decode(third);
  const [p, k] = decoded?.kind === EVENT.kind ? decoded.id.split('.').map(Number) : [];
  if (decoded === undefined) indexOf(base, EVENT, third);
  const event = p === index && k !== undefined ? events.get(k) : undefined;
  if (!event || k === undefined) throw notFound(EVENT.label, third);
  if (fourth === undefined) return sendJson(ctx.res, 200, renderEvent(k, event));
  if (fourth !== 'mirrorPage') throw notFound(fourth, third);
  // [I] What the mirror page link answers is undocumented (Adobe's marketing history page only
  // says the events carry links to mirror pages): the message as the profile would see it online,
  // an HTML page sent as a JSON string, the way Campaign sends a privacy data file.
  const sent = formatTimestamp(events.get(0)!.date as number);
  return sendJson(
    ctx.res,
    200,
    `<html><body><p>Hello ${String(row.firstName ?? '')},</p><p>The message of ${sent}.</p></body></html>`,
  );
}

function renderHistory(profile: Row, collection: string): Row {
  const { subscriptions: _s, orgUnit: _o, cusLoyalty: _l, cusCrmId: _c, ...all } = profile;
  // The rest of the profile extension is not part of the history either.
  const rest = Object.fromEntries(Object.entries(all).filter(([key]) => !/^cus[A-Z]/.test(key)));
  const href = `${collection}/${profile.PKey}`;
  return {
    ...rest,
    href,
    countBroadLogEvents: EVENTS_PER_PROFILE,
    countSubHistoEvents: 0,
    events: { href: `${href}/events/`, metadata: 'subHisto' },
  };
}
