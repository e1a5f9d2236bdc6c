import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../context.js';
import { sendJson } from '../http.js';
import { jsonBody } from './body.js';
import { notFound } from './errors.js';
import type { Base, Row } from './resources.js';
import type { InstanceState } from './state.js';

const EVENT_ID = /^EVT[A-Za-z0-9_]+$/;
const STAGE_SUFFIX = '-mkt-stage';

/**
 * Transactional events on `/mc<name>/<eventId>` (send) and `/mc<name>/<eventId>/<PKey>` (status).
 * `<name>` is `mc` + the tenant without its stage suffix; every event id starting with `EVT` is
 * treated as published. The status reads `pending` at first and `processed` from the second read;
 * it is read with GET only.
 */
export async function routeTransactional(
  ctx: RequestContext,
  state: InstanceState,
  base: Base,
  family: string,
  segs: string[],
): Promise<void> {
  const tenant = base.tenant.endsWith(STAGE_SUFFIX)
    ? base.tenant.slice(0, -STAGE_SUFFIX.length)
    : base.tenant;
  const [eventId, pkey, ...rest] = segs;
  if (family !== `mc${tenant}` || !eventId || !EVENT_ID.test(eventId) || rest.length > 0)
    throw notFound(family);
  const hrefOf = (key: string) => `${family}/${eventId}/${key}`;
  if (pkey === undefined) {
    if (ctx.method !== 'POST') throw notFound(eventId);
    // help/api/using/managing-transactional-messages.md: the POST must carry
    // `Content-Type: application/json` and a charset ("You must add a charset, for example utf-8").
    const body = jsonBody(ctx, { charset: true });
    const PKey = `@${randomBytes(24).toString('base64url')}`;
    state.transactional.set(PKey, { eventId, body, created: ctx.now, reads: 0 });
    // [I] The status of the creation is undocumented; 201 like other creations.
    return sendJson(ctx.res, 201, render(PKey, body, 'pending', hrefOf(PKey)));
  }
  const event = state.transactional.get(pkey);
  // The status is read with GET (help/api/using/managing-transactional-messages.md: "use the
  // Primary Key returned by the POST response in a GET request"). The official SDK's spec declares
  // a POST (reference, section 7); the docs do not, so the emulator serves GET only. [I] What Campaign
  // answers to another method is undocumented: the emulator's answer for any route it does not
  // serve, a 404 with Campaign's "Unable to find document" text.
  if (ctx.method !== 'GET' || !event || event.eventId !== eventId) throw notFound(eventId, pkey);
  event.reads++;
  return sendJson(
    ctx.res,
    200,
    render(pkey, event.body, event.reads > 1 ? 'processed' : 'pending', hrefOf(pkey)),
  );
}

function render(PKey: string, body: Row, status: string, href: string): Row {
  // Like ACS, the answer echoes the event's fields blanked out.
  const ctx = body.ctx && typeof body.ctx === 'object' ? (body.ctx as Row) : {};
  const out: Row = {
    PKey,
    ctx: Object.fromEntries(Object.keys(ctx).map((k) => [k, ''])),
    href,
    serverUrl: '',
    status,
    type: '',
  };
  for (const key of ['email', 'mobilePhone', 'registrationToken']) if (key in body) out[key] = '';
  if (!('email' in out) && !('mobilePhone' in out)) out.email = '';
  for (const key of ['scheduled', 'expiration']) if (typeof body[key] === 'string') out[key] = body[key];
  return out;
}
