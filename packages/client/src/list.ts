import {
  ApiError,
  ConfigurationError,
  type ConfigurationIssue,
  createRecord,
  PaginationError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import type { CallOptions } from './options.js';
import type { ListEnvelope } from './records.js';
import type { Requester } from './requester.js';
import { type QueryParams, withQuery } from './url.js';

/** Sort order of a list. */
export interface OrderBy {
  /** A field marked `sortable` in the resource's metadata. */
  field: string;
  /** `asc` (default) or `desc`. */
  direction?: 'asc' | 'desc';
}

/**
 * Filters by name, each with its parameters. Several filters are chained as path segments
 * (`/service/byChannel/byText?channel=email&text=sport`), all of them applying.
 */
export type FilterSet = object;

/** Options of a list. */
export interface ListOptions<Filters extends FilterSet = FilterSet> extends RecordListOptions {
  /** Built-in filters of the resource. */
  filters?: Filters;
  /**
   * Filters defined in Campaign (on the extended family), with their parameters
   * (`amount_parameter`), by either platform's name: the Campaign Standard one (`byAmount`) or the
   * Campaign v8 "Filter name in REST API" (`amount`, or the name the client's `customFilterNames`
   * lists). Each is sent as the client's platform calls it.
   */
  customFilters?: Record<string, QueryParams>;
  /** Records per page (`_lineCount`; Campaign's default is 25). */
  pageSize?: number;
  /** Sort order (`_order`). */
  order?: OrderBy;
  /** Extra query parameters. */
  query?: QueryParams;
}

/** Options of a list's iteration, whatever built the list. */
export interface RecordListOptions extends CallOptions {
  /**
   * Campaign leaves the `next` link out on tables above its big-table threshold
   * (`XtkBigTableThreshold`, 100,000 rows by default) unless the request carries
   * `_forcePagination=true`, so an iteration sends it on every page to reach the last record.
   * `false` sends Campaign's default instead; a list that then ends short of its count still
   * fails with `PaginationError` rather than end silently.
   * @defaultValue true
   */
  forcePagination?: boolean;
}

/** One page of a list. */
export interface Page<T> {
  /** The records of the page. */
  items: T[];
  /** The href of the following page, if any. */
  nextHref: string | undefined;
  /** The href answering the count of the whole list, if given. */
  countHref: string | undefined;
  /** The whole envelope, for fields beyond `content`. */
  envelope: ListEnvelope<T>;
}

/**
 * Every record of a list, fetched page by page by following `next.href` (in constant memory)
 * when iterated with `for await`. Each iteration starts again from the first page.
 */
export interface RecordList<T> extends AsyncIterable<T> {
  /** The pages, one request each. */
  pages(): AsyncIterableIterator<Page<T>>;
  /** The number of records of the whole list: one request to its `/_count` (else to the first page's `count.href`). */
  count(): Promise<number>;
}

/** The path and query of a list request. */
export function listTarget(
  collectionPath: string,
  options: ListOptions,
): { path: string; query: QueryParams } {
  const issues: ConfigurationIssue[] = [];
  const { pageSize } = options;
  if (pageSize !== undefined && !(Number.isSafeInteger(pageSize) && pageSize > 0)) {
    issues.push({
      field: 'pageSize',
      problem: `must be a whole number of records, 1 or more (got ${String(pageSize)})`,
    });
  }
  const query = createRecord<QueryParams[string]>();
  const names: string[] = [];
  for (const filters of [options.filters, options.customFilters]) {
    for (const [name, params] of Object.entries((filters ?? {}) as Record<string, QueryParams | undefined>)) {
      if (params === undefined) continue;
      if (name.trim() === '') issues.push({ field: 'filters', problem: 'has a filter without a name' });
      names.push(name);
      Object.assign(query, params);
    }
  }
  if (issues.length > 0) throw new ConfigurationError(issues, collectionPath);
  if (pageSize !== undefined) query['_lineCount'] = pageSize;
  if (options.order)
    query['_order'] = `${options.order.field}${options.order.direction === 'desc' ? ' desc' : ''}`;
  Object.assign(query, options.query);
  const base = collectionPath.replace(/\/+$/, '');
  return { path: names.length ? `${base}/${names.map(encodeURIComponent).join('/')}` : base, query };
}

/**
 * Empty pages in a row, each with a `next` link, after which a list is taken to be endless.
 * Campaign may answer an empty page before the end of a filtered big table, but never hundreds.
 */
const MAX_EMPTY_PAGES_IN_A_ROW = 100;

/** Records per page when a request does not say (`_lineCount`): Campaign's default. */
const DEFAULT_PAGE_SIZE = 25;

/** The records per page a list request asks for. */
function pageSizeOf(url: URL): number {
  const asked = Number(url.searchParams.get('_lineCount'));
  return Number.isSafeInteger(asked) && asked > 0 ? asked : DEFAULT_PAGE_SIZE;
}

/** A {@link RecordList} over the collection at `start`. */
export function createRecordList<T>(
  requester: Requester,
  start: URL,
  options: RecordListOptions = {},
): RecordList<T> {
  const call = { signal: options.signal };
  const force = options.forcePagination !== false;
  // A page's own `_forcePagination` (in the caller's query or a `next` href) is kept as it is.
  const paged = (url: URL): URL =>
    force && !url.searchParams.has('_forcePagination') ? withQuery(url, { _forcePagination: true }) : url;
  // An iteration that starts from a cursor (`_lineStart`) reads only the rest of the list, so
  // only one that starts at the beginning can compare what it read with the list's count.
  const fromTheStart = !start.searchParams.has('_lineStart');

  async function countAt(countUrl: URL): Promise<number> {
    const answer = await requester.data<{ count?: unknown }>('GET', countUrl, call);
    const count = Number(answer?.count);
    if (!Number.isInteger(count) || count < 0) {
      throw new UnexpectedResponseError(`Expected {"count": n} from ${countUrl.pathname}`, {
        status: 200,
        body: JSON.stringify(answer ?? null),
      });
    }
    return count;
  }

  function countUrlOf(countHref: string | undefined, list: URL): URL {
    if (countHref) return requester.href(countHref);
    const query = new URLSearchParams(list.search);
    for (const name of ['_lineCount', '_lineStart', '_forcePagination', '_order']) query.delete(name);
    const search = query.toString();
    return new URL(`${list.pathname.replace(/\/+$/, '')}/_count${search ? `?${search}` : ''}`, list);
  }

  /**
   * After a last page that is full: a table above the big-table threshold answers such a page
   * without `next` when pagination was not forced. The count tells whether records are missing;
   * where Campaign gives no count for the list, nothing can be known and nothing is guessed.
   */
  async function checkComplete(
    last: URL,
    countHref: string | undefined,
    read: { pagesRead: number; recordsRead: number },
  ): Promise<void> {
    let count: number;
    try {
      count = await countAt(countUrlOf(countHref, last));
    } catch (error) {
      if (error instanceof ApiError) return;
      throw error;
    }
    if (count > read.recordsRead) {
      throw new PaginationError(
        'incomplete',
        `The list at ${start.pathname} ended after ${read.recordsRead} of its ${count} records: its last page was full but had no next link`,
        { href: `${last.pathname}${last.search}`, ...read },
        {
          hint: force
            ? 'Campaign did not page this list although _forcePagination=true was sent; read it in smaller slices (filters) or report it to Adobe.'
            : "The table is above Campaign's big-table threshold: iterate with forcePagination (the default) to get every record.",
        },
      );
    }
  }

  async function* pages(): AsyncIterableIterator<Page<T>> {
    let url: URL | undefined = paged(start);
    // Every page requested in this iteration: a `next` that comes back to one of them would
    // otherwise be followed forever, spending the organization's API quota.
    const visited = new Set<string>();
    let pagesRead = 0;
    let recordsRead = 0;
    let emptyRun = 0;
    while (url) {
      visited.add(url.href);
      const envelope = await requester.data<ListEnvelope<T>>('GET', url, call);
      if (!envelope || !Array.isArray(envelope.content)) {
        throw new UnexpectedResponseError(`Expected a list envelope from ${url.pathname}`, {
          status: 200,
          body: JSON.stringify(envelope ?? null),
        });
      }
      pagesRead += 1;
      recordsRead += envelope.content.length;
      const nextHref = typeof envelope.next?.href === 'string' ? envelope.next.href : undefined;
      yield { items: envelope.content, nextHref, countHref: envelope.count?.href, envelope };
      if (!nextHref) {
        if (fromTheStart && envelope.content.length >= pageSizeOf(url))
          await checkComplete(url, envelope.count?.href, { pagesRead, recordsRead });
        return;
      }
      const next = paged(requester.href(nextHref));
      const where = { href: `${url.pathname}${url.search}`, pagesRead, recordsRead };
      if (visited.has(next.href)) {
        throw new PaginationError(
          'loop',
          `The next page of ${url.pathname} leads back to a page already read (${next.pathname}${next.search}): the list's next links form a loop`,
          where,
          { hint: 'The server hands out next links that never reach the end of the list; reading stopped.' },
        );
      }
      emptyRun = envelope.content.length === 0 ? emptyRun + 1 : 0;
      if (emptyRun >= MAX_EMPTY_PAGES_IN_A_ROW) {
        throw new PaginationError(
          'empty-pages',
          `${emptyRun} pages in a row of ${url.pathname} were empty yet had a next link: reading stopped`,
          where,
        );
      }
      url = next;
    }
  }

  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items;
    },
    async count() {
      // Campaign's count links are the list's path with `/_count` (counting.md): one request.
      // Only a list without such a path asks its first page for the `count` link it names.
      try {
        return await countAt(countUrlOf(undefined, start));
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      const first = await requester.data<ListEnvelope<T>>('GET', withQuery(start, { _lineCount: 1 }), call);
      if (!first?.count?.href)
        throw new UnexpectedResponseError(`${start.pathname} has no count`, { status: 404 });
      return countAt(requester.href(first.count.href));
    },
  };
}
