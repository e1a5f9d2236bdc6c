import type { RequestContext } from '../context.js';
import { sendJson } from '../http.js';
import { formatTimestamp } from './codec.js';
import { notFound } from './errors.js';
import { sendCount, sendList } from './listing.js';
import { type Base, type Instance, indexOf, type Row } from './resources.js';
import { Table } from './table.js';

const EVENTS_PER_PROFILE = 3;
const EVENT = { kind: 'e', label: 'Marketing history events', schema: 'nms:broadLogRcp', name: 'events' };

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
  if (ctx.method !== 'GET') throw notFound('history');
  const [first, second, third] = segs;
  if (first === undefined) return sendList(ctx, base, { table: data.profiles, url: collection, render });
  if (!first.startsWith('@')) {
    const isCount = segs[segs.length - 1] === '_count';
    const names = isCount ? segs.slice(0, -1) : segs;
    const filters = names.map((n) => profileDef.filters[n]);
    if (filters.some((f) => !f)) throw notFound(names.join('/'));
    const match = (row: Row) => filters.every((f) => f!(row, ctx.url.searchParams));
    if (isCount) return sendCount(ctx, { table: data.profiles, match });
    return sendList(ctx, base, {
      table: data.profiles,
      url: `${collection}/${names.join('/')}`,
      match,
      render,
    });
  }
  const index = indexOf(base, profileDef, first);
  const row = data.profiles.get(index);
  if (!row) throw notFound('History', first);
  if (second === undefined) return sendJson(ctx.res, 200, render(index, row));
  if (second !== 'events') throw notFound(second, first);
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
  if (third === undefined) return sendList(ctx, base, { table: events, url: eventsUrl, render: renderEvent });
  const decoded = base.keys.decode(third);
  const [p, k] = decoded?.kind === EVENT.kind ? decoded.id.split('.').map(Number) : [];
  if (decoded === undefined) indexOf(base, EVENT, third);
  const event = p === index && k !== undefined ? events.get(k) : undefined;
  if (!event || k === undefined) throw notFound(EVENT.label, third);
  return sendJson(ctx.res, 200, renderEvent(k, event));
}

function renderHistory(profile: Row, collection: string): Row {
  const { subscriptions: _s, orgUnit: _o, cusLoyalty: _l, cusCrmId: _c, ...rest } = profile;
  const href = `${collection}/${profile.PKey}`;
  return {
    ...rest,
    href,
    countBroadLogEvents: EVENTS_PER_PROFILE,
    countSubHistoEvents: 0,
    events: { href: `${href}/events/`, metadata: 'subHisto' },
  };
}
