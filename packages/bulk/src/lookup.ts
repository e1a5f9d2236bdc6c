import type { QueryParams } from '@campaign-standard/client';
import { ConfigurationError } from '@campaign-standard/core';
import type { RowContext } from './job.js';
import { refusedBy } from './job.js';
import { scanPages } from './pages.js';
import type { RejectError } from './rejects.js';
import type { KeyLookup } from './resource.js';

/** Records per page of a look-up. */
const LOOKUP_PAGE = 50;

/** The records found by key, or why the look-up was refused. */
export type LookupResult = { records: Array<Record<string, unknown>> } | { refused: RejectError };

function valueAt(record: unknown, path: readonly string[]): unknown {
  let current = record;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * The records of `collection` whose key field equals `value`: the lookup filter's answer (every
 * page), kept only where the field matches exactly. A 404 means the filter does not exist: every
 * row would fail the same way, so it stops the job with a `ConfigurationError`.
 */
export async function findByKey(
  context: RowContext,
  collection: string,
  lookup: KeyLookup,
  keyPath: readonly string[],
  value: string,
): Promise<LookupResult> {
  const records: Array<Record<string, unknown>> = [];
  const query: QueryParams = {
    ...lookup.query,
    [lookup.parameter]: value,
    _lineCount: LOOKUP_PAGE,
    // Above Campaign's big-table threshold, a list has no next link unless forced.
    _forcePagination: true,
  };
  const outcome = await scanPages(context, `${collection}/${lookup.filter}`, query, (record) => {
    if (typeof record !== 'object' || record === null) return;
    const stored = valueAt(record, keyPath);
    if (stored !== undefined && stored !== null && String(stored) === value)
      records.push(record as Record<string, unknown>);
  });
  if ('error' in outcome) {
    if ((outcome.error as { status?: number }).status === 404) {
      throw new ConfigurationError(
        [
          {
            field: 'key',
            problem: `the look-up ${collection}/${lookup.filter}?${lookup.parameter}=… answered 404: the filter does not exist. Define it in Campaign, or give key.lookup`,
          },
        ],
        'bulk look-up',
        { cause: outcome.error },
      );
    }
    return { refused: refusedBy(outcome.error) };
  }
  return { records };
}
