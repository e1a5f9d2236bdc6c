import { ConfigurationError } from '@campaign-standard/core';
import {
  type BulkJobOptions,
  type BulkResult,
  type EngineInternals,
  type RowContext,
  type RowDecision,
  refusedBy,
  runJob,
} from './job.js';
import { findByKey } from './lookup.js';
import { scanPages } from './pages.js';
import { type BulkKey, type ProfileFamily, type ResolvedTarget, resolveTarget } from './resource.js';

/** The service of {@link subscribeRecords}: its name (`'SVC1'`), or its name or PKey spelled out. */
export type ServiceRef =
  | string
  | {
      /** The service's `name` (unique in Campaign). */
      name: string;
    }
  | {
      /** The service's `PKey`. */
      pkey: string;
    };

/** Options of {@link subscribeRecords}. */
export interface SubscribeOptions extends BulkJobOptions {
  /** The service the profiles are subscribed to. */
  service: ServiceRef;
  /**
   * The profiles' business key, a field of each source record.
   * @defaultValue 'email'
   */
  key?: BulkKey;
  /**
   * The family the profiles are looked up in (`profileAndServicesExt` for a custom key field).
   * @defaultValue 'profileAndServices'
   */
  family?: ProfileFamily;
}

interface ServiceIdentity {
  pkey: string;
  name: string | undefined;
}

async function resolveService(options: SubscribeOptions): Promise<ServiceIdentity> {
  const ref = options.service;
  if (
    typeof ref === 'object' &&
    ref !== null &&
    'pkey' in ref &&
    typeof ref.pkey === 'string' &&
    ref.pkey !== ''
  ) {
    return { pkey: ref.pkey, name: undefined };
  }
  const name =
    typeof ref === 'string' ? ref : typeof ref === 'object' && ref && 'name' in ref ? ref.name : undefined;
  if (typeof name !== 'string' || name === '') {
    throw new ConfigurationError(
      [{ field: 'service', problem: "must be a service name ('SVC1'), { name } or { pkey }" }],
      'subscribeRecords',
    );
  }
  for await (const service of options.client.services.list({
    filters: { byText: { text: name } },
    signal: options.signal,
  })) {
    if (service.name === name && typeof service.PKey === 'string') return { pkey: service.PKey, name };
  }
  throw new ConfigurationError(
    [{ field: 'service', problem: `no service is named "${name}"` }],
    'subscribeRecords',
  );
}

/** Whether the profile's subscriptions include the service (every page read). */
async function isSubscribed(
  context: RowContext,
  profilePKey: string,
  service: ServiceIdentity,
): Promise<boolean | RowDecision> {
  const outcome = await scanPages(
    context,
    `/profileAndServices/profile/${encodeURIComponent(profilePKey)}/subscriptions`,
    { _lineCount: 100 },
    (item) => {
      const subscription = item as Record<string, unknown> | null;
      const linked = subscription?.['service'] as { PKey?: unknown; name?: unknown } | undefined;
      if (linked?.PKey === service.pkey) return true;
      return (
        service.name !== undefined &&
        (linked?.name === service.name || subscription?.['serviceName'] === service.name)
      );
    },
  );
  if ('error' in outcome) return { kind: 'refused', error: refusedBy(outcome.error) };
  return outcome.stopped;
}

async function subscribeRow(
  context: RowContext,
  profiles: ResolvedTarget,
  service: ServiceIdentity,
): Promise<RowDecision> {
  const wasInFlight = context.inflightSince !== undefined;
  if (wasInFlight) await context.waitUntil(context.inflightSince! + context.reconcileDelayMs);
  const found = await findByKey(context, profiles.collection, profiles.lookup, profiles.keyPath, context.key);
  if ('refused' in found) return { kind: 'refused', error: found.refused };
  if (found.records.length !== 1) {
    return {
      kind: 'refused',
      error:
        found.records.length === 0
          ? { reason: 'not-found', message: `no profile has ${profiles.keyField} "${context.key}"` }
          : {
              reason: 'ambiguous-key',
              message: `${found.records.length} profiles have ${profiles.keyField} "${context.key}": which one to subscribe is not known`,
            },
    };
  }
  const profile = found.records[0]!;
  const pkey = profile['PKey'];
  if (typeof pkey !== 'string') throw new TypeError('A profile without PKey in a look-up answer');

  const already = await isSubscribed(context, pkey, service);
  if (typeof already === 'object') return already;
  if (already)
    return { kind: 'done', outcome: wasInFlight ? 'subscribed' : 'unchanged', pkey, reconciled: wasInFlight };
  if (context.dryRun) return { kind: 'done', outcome: 'subscribed', pkey };

  const path = `/profileAndServices/profile/${encodeURIComponent(pkey)}/subscriptions`;
  for (let attempt = 1; ; attempt++) {
    const sent = await context.create<{ PKey?: unknown; href?: unknown }>('subscribe', path, {
      service: { PKey: service.pkey },
    });
    if (sent.kind === 'created') {
      const href = typeof sent.data?.href === 'string' ? sent.data.href : undefined;
      return { kind: 'done', outcome: 'subscribed', pkey, href };
    }
    if (sent.kind === 'refused') return { kind: 'refused', error: refusedBy(sent.error) };
    if (attempt >= context.maxAttempts) throw sent.error;
    if (sent.kind === 'retry') {
      await context.backoff(attempt, sent.error, sent.retryAfterMs);
      continue;
    }
    await context.waitUntil(sent.sentAt + context.reconcileDelayMs);
    const now = await isSubscribed(context, pkey, service);
    if (typeof now === 'object') return now;
    if (now) return { kind: 'done', outcome: 'subscribed', pkey, reconciled: true };
  }
}

/**
 * Subscribes profiles, found by their business key (each source record holds one), to a service.
 * Idempotent: a profile already subscribed costs no write, and a subscription whose outcome was
 * unknown (a crash, a lost answer) is checked before it is sent again. Resumable and journaled as
 * {@link importRecords} is; profiles that do not exist are refused (`not-found`).
 *
 * @example
 * ```ts
 * await subscribeRecords({ client, service: 'SVC1', source: readCsv('newsletter.csv'), resume: true });
 * ```
 */
export async function subscribeRecords(options: SubscribeOptions): Promise<BulkResult> {
  return subscribeWith(options, {});
}

/** {@link subscribeRecords} with internal knobs (tests). @internal */
export async function subscribeWith(
  options: SubscribeOptions,
  internals: EngineInternals,
): Promise<BulkResult> {
  const profiles = resolveTarget(
    { kind: 'profile', family: options?.family ?? 'profileAndServices' },
    options?.key ?? 'email',
    'subscribeRecords',
  );
  const service = await resolveService(options);
  return runJob(
    {
      where: 'subscribeRecords',
      description: {
        operation: 'subscribe',
        resource: profiles.collection,
        key: profiles.keyField,
        mode: 'subscribe',
        service: service.name ?? service.pkey,
      },
      keyPath: profiles.keyPath,
      process: (context) => subscribeRow(context, profiles, service),
    },
    options,
    internals,
  );
}
