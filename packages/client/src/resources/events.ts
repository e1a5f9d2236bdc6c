import type { CallOptions } from '../options.js';
import type { TransactionalEvent, TransactionalEventInput } from '../records.js';
import type { Requester } from '../requester.js';

/** Options of the transactional event calls. */
export interface EventOptions extends CallOptions {
  /**
   * The name after `mc` in the endpoint (`mc<tenantName>`). It can differ from the tenant; the
   * tenant (without `-mkt-stage`) is used when left out.
   */
  tenantName?: string;
}

/** Transactional (Message Center) events. */
export interface EventsApi {
  /** Sends an event (never resent after a failure unless `retryNonIdempotent`). */
  send(eventId: string, event: TransactionalEventInput, options?: EventOptions): Promise<TransactionalEvent>;
  /** The processing status of a sent event. */
  status(eventId: string, pkey: string, options?: EventOptions): Promise<TransactionalEvent>;
}

/** Builds {@link EventsApi}. */
export function createEventsApi(r: Requester): EventsApi {
  const name = (options?: EventOptions) => options?.tenantName ?? r.instance.tenant;
  return {
    send: async (eventId, event, options) =>
      r.data<TransactionalEvent>(
        'POST',
        r.url('/mc{tenantName}/{eventId}', { tenantName: name(options), eventId }),
        {
          ...options,
          body: event,
        },
      ),
    status: async (eventId, pkey, options) =>
      r.data<TransactionalEvent>(
        'GET',
        r.url('/mc{tenantName}/{eventId}/{pkey}', { tenantName: name(options), eventId, pkey }),
        options,
      ),
  };
}
