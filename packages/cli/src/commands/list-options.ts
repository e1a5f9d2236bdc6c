import type { Command } from 'commander';
import type { CampaignCalls, Query } from '../campaign.js';
import { collect, positiveInteger, readParams } from '../data-input.js';
import { writeList } from '../output/format.js';
import type { Session } from '../session.js';

/** Options shared by every `list` command. */
export interface ListOptions {
  limit?: string;
  pageSize?: string;
  order?: string;
  filter?: string;
  param?: string[];
  columns?: string;
}

/** Declares `--limit`, `--page-size`, `--order`, `--filter`, `--param` and `--columns`. */
export function addListOptions(command: Command): Command {
  return command
    .option('--limit <n>', 'stop after n records (default: all)')
    .option('--page-size <n>', 'records per request (_lineCount; Campaign default 25)')
    .option('--order <field>', 'sort field, append " desc" to reverse (_order)')
    .option('--filter <name>', 'a filter path segment, e.g. byEmail or byChannel/byText')
    .option('--param <key=value>', 'a filter or query parameter (repeatable)', collect, [])
    .option('--columns <list>', 'columns for table and csv output, comma separated');
}

/** Streams a list to the output, page by page, with a progress bar for long exports. */
export async function printList(
  session: Session,
  api: CampaignCalls,
  basePath: string,
  options: ListOptions,
  defaultColumns?: string[],
): Promise<void> {
  const query: Query = { ...readParams(options.param) };
  const pageSize = positiveInteger(options.pageSize, '--page-size');
  if (pageSize !== undefined) query['_lineCount'] = pageSize;
  if (options.order) query['_order'] = options.order;
  const path = options.filter ? `${basePath}/${options.filter.replace(/^\/+|\/+$/g, '')}` : basePath;
  const columns = options.columns ? options.columns.split(',').map((c) => c.trim()) : defaultColumns;
  await writeList(session.output(columns), api.pages(path, query), {
    limit: positiveInteger(options.limit, '--limit'),
    progress: session.progress(),
  });
}
