import type { Command } from 'commander';
import type { CampaignCalls, Query } from '../campaign.js';
import { CliError } from '../cli-error.js';
import { collect, positiveInteger, readParams } from '../data-input.js';
import { writeList, writeRecord } from '../output/format.js';
import type { Session } from '../session.js';

/** Options shared by every `list` command. */
export interface ListOptions {
  limit?: string;
  pageSize?: string;
  order?: string;
  filter?: string;
  param?: string[];
  columns?: string;
  count?: boolean;
}

/** Declares `--limit`, `--page-size`, `--order`, `--filter`, `--param`, `--columns` and `--count`. */
export function addListOptions(command: Command): Command {
  return command
    .option('--limit <n>', 'stop after n records (default: all)')
    .option('--page-size <n>', 'records per request (_lineCount; Campaign default 25)')
    .option('--order <field>', 'sort field, append " desc" to reverse (_order)')
    .option('--filter <name>', 'a filter path segment, e.g. byEmail or byChannel/byText')
    .option('--param <key=value>', 'a filter or query parameter (repeatable)', collect, [])
    .option('--columns <list>', 'columns for table and csv output, comma separated')
    .option('--count', "print the number of records (the list's _count) instead of the records");
}

/** Streams a list to the output, page by page, with a progress bar for long exports. */
export async function printList(
  session: Session,
  api: CampaignCalls,
  basePath: string,
  options: ListOptions,
  defaultColumns?: string[],
  /** Turns each item into the record written (a projection's bare values). */
  toRecord?: (item: unknown) => unknown,
): Promise<void> {
  const query: Query = { ...readParams(options.param) };
  const pageSize = positiveInteger(options.pageSize, '--page-size');
  if (pageSize !== undefined) query['_lineCount'] = pageSize;
  if (options.order) query['_order'] = options.order;
  const filter = options.filter?.replace(/^\/+|\/+$/g, '');
  // A key or `_count` in place of a filter would answer a record or a count, not a list.
  const notFilter = filter?.split('/').find((name) => name.startsWith('@') || name.startsWith('_'));
  if (notFilter !== undefined)
    throw new CliError(
      'usage',
      `"${notFilter}" is not a filter`,
      notFilter === '_count' ? 'Use --count to count the records.' : 'Give a filter name such as byEmail.',
    );
  const path = filter ? `${basePath}/${filter}` : basePath;
  if (options.count) {
    // `<list>/_count` with the filters' parameters answers `{ "count": n }` (Adobe's counting page).
    const { _lineCount: _size, _order: _sort, ...params } = query;
    writeRecord(session.output(), await api.call('GET', `${path}/_count`, { query: params }));
    return;
  }
  const columns = options.columns ? options.columns.split(',').map((c) => c.trim()) : defaultColumns;
  const pages = api.pages(path, query);
  await writeList(session.output(columns), toRecord ? mapPages(pages, toRecord) : pages, {
    limit: positiveInteger(options.limit, '--limit'),
    progress: session.progress(),
  });
}

async function* mapPages(
  pages: AsyncIterable<unknown[]>,
  toRecord: (item: unknown) => unknown,
): AsyncIterable<unknown[]> {
  for await (const page of pages) yield page.map(toRecord);
}
