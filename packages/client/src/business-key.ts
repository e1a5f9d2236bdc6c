import { ApiError, UnexpectedResponseError } from '@campaign-standard/core';
import type { CallOptions } from './options.js';
import type { ListEnvelope } from './records.js';
import type { Requester } from './requester.js';
import { withQuery } from './url.js';

/**
 * The one record a filtered list holds, read from its first page (two records asked for, so a
 * key that is not unique is told apart from one that is): `undefined` when none, an
 * `UnexpectedResponseError` when several, since a business key must name one record.
 */
export async function findOne<T>(
  r: Requester,
  list: URL,
  what: string,
  options?: CallOptions,
): Promise<T | undefined> {
  const page = await r.data<ListEnvelope<T>>('GET', withQuery(list, { _lineCount: 2 }), options);
  const content = page?.content;
  if (!Array.isArray(content))
    throw new UnexpectedResponseError(`Expected a list envelope from ${list.pathname}`, {
      status: 200,
      body: JSON.stringify(page ?? null),
    });
  if (content.length > 1)
    throw new UnexpectedResponseError(
      `${what} matches more than one record (${list.pathname}): a business key must name one record`,
      { status: 200 },
      {
        hint: 'Address records by a key that is unique (a custom key, or a filter on a unique field).',
      },
    );
  return content[0];
}

/** The record at `url`, or `undefined` when Campaign answers 404. */
export async function getOrUndefined<T>(
  r: Requester,
  url: URL,
  options?: CallOptions,
): Promise<T | undefined> {
  try {
    return await r.data<T>('GET', url, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}
