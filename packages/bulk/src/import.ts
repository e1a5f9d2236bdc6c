import { changedFields } from './diff.js';
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
import { type BulkKey, type BulkResource, type ResolvedTarget, resolveTarget } from './resource.js';

/**
 * - `upsert`: find the record by its key, create it when absent, PATCH only the fields that differ
 *   (an unchanged record costs no write);
 * - `create`: create records; a key that exists already is refused (`exists`);
 * - `update`: PATCH existing records; a key that does not exist is refused (`not-found`).
 */
export type ImportMode = 'upsert' | 'create' | 'update';

/** Options of {@link importRecords}. */
export interface ImportOptions extends BulkJobOptions {
  /** What to write: `'profile'`, `'service'`, or a custom resource (see {@link BulkResource}). */
  resource: BulkResource;
  /** The business key that finds an existing record (see {@link BulkKey}), e.g. `'email'`. */
  key: BulkKey;
  /** @defaultValue 'upsert' */
  mode?: ImportMode;
}

interface CreatedRecord {
  PKey?: unknown;
  href?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The href to PATCH a found record at. */
function hrefOf(target: ResolvedTarget, record: Record<string, unknown>): string {
  const href = text(record['href']);
  if (href) return href;
  return `${target.collection}/${encodeURIComponent(String(record['PKey']))}`;
}

async function importRow(
  context: RowContext,
  target: ResolvedTarget,
  mode: ImportMode,
): Promise<RowDecision> {
  const { record } = context.row;
  const value = context.key;
  const find = () => findByKey(context, target.collection, target.lookup, target.keyPath, value);
  const ambiguous = (n: number): RowDecision => ({
    kind: 'refused',
    error: {
      reason: 'ambiguous-key',
      message: `${n} records of ${target.collection} have ${target.keyField} "${value}": which one to change is not known`,
    },
  });

  // A create sent in an earlier run whose outcome was not recorded: give it time to land, then
  // look it up before anything is sent again.
  const wasInFlight = context.inflightSince !== undefined;
  if (wasInFlight) await context.waitUntil(context.inflightSince! + context.reconcileDelayMs);

  let found = await find();
  if ('refused' in found) return { kind: 'refused', error: found.refused };
  if (found.records.length > 1) return ambiguous(found.records.length);
  let existing = found.records[0];
  let reconciled = false;

  if (!existing) {
    if (mode === 'update') {
      return {
        kind: 'refused',
        error: {
          reason: 'not-found',
          message: `no record of ${target.collection} has ${target.keyField} "${value}"`,
        },
      };
    }
    if (context.dryRun) return { kind: 'done', outcome: 'created' };
    for (let attempt = 1; ; attempt++) {
      const sent = await context.create<CreatedRecord>('create', target.collection, record);
      if (sent.kind === 'created') {
        return { kind: 'done', outcome: 'created', pkey: text(sent.data?.PKey), href: text(sent.data?.href) };
      }
      if (sent.kind === 'refused') return { kind: 'refused', error: refusedBy(sent.error) };
      if (attempt >= context.maxAttempts) throw sent.error;
      if (sent.kind === 'retry') {
        await context.backoff(attempt, sent.error, sent.retryAfterMs);
        continue;
      }
      // Unknown outcome: look the key up, after the delay, before sending anything again.
      await context.waitUntil(sent.sentAt + context.reconcileDelayMs);
      found = await find();
      if ('refused' in found) return { kind: 'refused', error: found.refused };
      if (found.records.length > 1) return ambiguous(found.records.length);
      existing = found.records[0];
      if (existing) {
        reconciled = true;
        break;
      }
    }
  } else if (mode === 'create') {
    // The record of a create sent in an earlier run is this job's own; any other is refused.
    if (!wasInFlight) {
      return {
        kind: 'refused',
        error: {
          reason: 'exists',
          message: `a record of ${target.collection} has ${target.keyField} "${value}" already`,
        },
      };
    }
    reconciled = true;
  } else if (wasInFlight) {
    reconciled = true;
  }

  const pkey = text(existing['PKey']);
  const href = text(existing['href']);
  const changes = changedFields(record, existing);
  if (Object.keys(changes).length === 0) {
    return { kind: 'done', outcome: reconciled ? 'created' : 'unchanged', pkey, href, reconciled };
  }
  if (!context.dryRun) {
    const patched = await context.idempotent('PATCH', hrefOf(target, existing), { body: changes });
    if (patched.error) return { kind: 'refused', error: refusedBy(patched.error) };
  }
  return { kind: 'done', outcome: reconciled ? 'created' : 'updated', pkey, href, reconciled };
}

/**
 * Imports records into Campaign: upserts (default), creates or updates, found by their business
 * key, concurrently at an adaptive rate, recording each row in a journal so that a job killed at
 * any point can be resumed (`resume: true`) with every row applied exactly once. Rows Campaign
 * refuses go to the rejects file and the job goes on.
 *
 * @example
 * ```ts
 * const result = await importRecords({
 *   client,
 *   resource: 'profile',
 *   key: 'email',
 *   source: readCsv('people.csv', { columns: { 'E-mail': 'email' } }),
 *   resume: true,
 *   signal: AbortSignal.timeout(3_600_000),
 *   onProgress: (event) => event.type === 'row' && console.log(event.counts),
 * });
 * // result.status: 'completed' | 'stopped' | 'failed'; result.counts.created, .updated, .refused, …
 * ```
 *
 * @throws InputError when a file input is malformed (before anything is written).
 * @throws JournalError when the journal exists without `resume`, or belongs to another job or input.
 * @throws ConfigurationError for invalid options.
 */
export async function importRecords(options: ImportOptions): Promise<BulkResult> {
  return importWith(options, {});
}

/** {@link importRecords} with internal knobs (tests). @internal */
export async function importWith(options: ImportOptions, internals: EngineInternals): Promise<BulkResult> {
  const target = resolveTarget(options?.resource, options?.key, 'importRecords');
  const mode = options.mode ?? 'upsert';
  return runJob(
    {
      where: 'importRecords',
      description: { operation: 'import', resource: target.collection, key: target.keyField, mode },
      keyPath: target.keyPath,
      process: (context) => importRow(context, target, mode),
    },
    options,
    internals,
  );
}
