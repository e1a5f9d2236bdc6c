import type { RequestContext } from '../context.js';
import { sendEmpty, sendJson } from '../http.js';
import { jsonBody } from './body.js';
import { formatTimestamp } from './codec.js';
import { badBody, notFound, recordNotFound } from './errors.js';
import type { FieldDef } from './fields.js';
import { type Sortable, sendCount, sendList } from './listing.js';
import { type Base, type Instance, indexOf, type ResourceDef, type Row, recordHref } from './resources.js';

const SUBSCRIPTION = { kind: 'u', label: 'Subscriptions', schema: 'nms:subscription', name: 'subscriptions' };

/** The fields a subscription list can be sorted on. */
const SUBSCRIPTION_FIELDS: readonly FieldDef[] = [
  { name: 'created', label: 'Created', type: 'datetime', readOnly: true },
  { name: 'email', label: 'Email', type: 'string', length: 128 },
  { name: 'expirationDate', label: 'Expiration date', type: 'date' },
  { name: 'serviceName', label: 'Service name', type: 'string', length: 64, readOnly: true },
  { name: 'service', label: 'Service', type: 'link', target: 'service' },
  { name: 'subscriber', label: 'Subscriber', type: 'link', target: 'profile' },
];
const SORTABLE: Sortable = {
  label: SUBSCRIPTION.label,
  schema: SUBSCRIPTION.schema,
  fields: SUBSCRIPTION_FIELDS,
};

/**
 * `…/profile/<P>/subscriptions[/<SUB>]` and `…/service/<S>/subscriptions[/<SUB>]`: list, subscribe
 * (`{"service":{"PKey"}}` or `{"subscriber":{"PKey"}}`), read and unsubscribe (204).
 */
export async function routeSubscriptions(
  ctx: RequestContext,
  data: Instance,
  base: Base,
  owner: ResourceDef,
  ownerIndex: number,
  segs: string[],
): Promise<void> {
  const side = owner.name as 'profile' | 'service';
  const ownerKey = base.keys.encode(base.tenant, owner.kind, ownerIndex);
  const url = `${recordHref(base, side, ownerKey)}/subscriptions`;
  const render = (i: number, row: Row) => renderSubscription(data, base, i, row, `${url}/`);
  const belongs = (row: Row) =>
    row[side] === ownerIndex &&
    data.profiles.get(row.profile as number) !== undefined &&
    data.services.get(row.service as number) !== undefined;
  const [subKey, ...rest] = segs;
  if (rest.length > 0) throw notFound(rest.join('/'), subKey);
  if (subKey === '_count' && ctx.method === 'GET')
    return sendCount(ctx, { table: data.subscriptions, match: belongs });
  if (subKey === undefined) {
    if (ctx.method === 'GET')
      return sendList(ctx, base, {
        table: data.subscriptions,
        url,
        match: belongs,
        render,
        sortable: SORTABLE,
      });
    if (ctx.method === 'POST') {
      const body = jsonBody(ctx);
      const otherSide = side === 'profile' ? 'service' : 'subscriber';
      const ref = body[otherSide] as { PKey?: unknown } | undefined;
      if (typeof ref?.PKey !== 'string') throw badBody();
      const otherDef = data.resources.get(side === 'profile' ? 'service' : 'profile')!;
      const otherIndex = indexOf(base, otherDef, ref.PKey);
      if (!otherDef.table.get(otherIndex)) throw recordNotFound(otherDef.label, ref.PKey, otherDef.name);
      const row: Row = {
        profile: side === 'profile' ? ownerIndex : otherIndex,
        service: side === 'service' ? ownerIndex : otherIndex,
        created: ctx.now,
      };
      for (const [i, existing] of data.subscriptions.scan())
        if (existing.profile === row.profile && existing.service === row.service)
          return sendJson(ctx.res, 201, render(i, existing));
      const index = data.subscriptions.insert(row);
      return sendJson(ctx.res, 201, render(index, row));
    }
    throw notFound('subscriptions');
  }
  const index = indexOf(base, SUBSCRIPTION, subKey);
  const row = data.subscriptions.get(index);
  if (!row || !belongs(row)) throw recordNotFound(SUBSCRIPTION.label, subKey, 'subscription');
  if (ctx.method === 'GET') return sendJson(ctx.res, 200, render(index, row));
  if (ctx.method === 'DELETE') {
    data.subscriptions.delete(index);
    return sendEmpty(ctx.res, 204);
  }
  throw notFound(SUBSCRIPTION.label, subKey);
}

function renderSubscription(data: Instance, base: Base, index: number, row: Row, prefix: string): Row {
  const PKey = base.keys.encode(base.tenant, SUBSCRIPTION.kind, index);
  const service = data.services.get(row.service as number) ?? {};
  const profile = data.profiles.get(row.profile as number) ?? {};
  const serviceKey = base.keys.encode(base.tenant, 's', row.service as number);
  const profileKey = base.keys.encode(base.tenant, 'p', row.profile as number);
  return {
    PKey,
    created: formatTimestamp(row.created as number),
    email: '',
    expirationDate: '',
    href: `${prefix}${PKey}`,
    metadata: 'subscriptionRcp',
    serviceName: service.name,
    service: {
      PKey: serviceKey,
      href: recordHref(base, 'service', serviceKey),
      label: service.label,
      name: service.name,
      title: `${service.label} (${service.name})`,
    },
    subscriber: {
      PKey: profileKey,
      email: profile.email ?? '',
      firstName: profile.firstName ?? '',
      lastName: profile.lastName ?? '',
      href: recordHref(base, 'profile', profileKey),
    },
  };
}
