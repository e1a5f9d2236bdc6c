import type { ApiResult, QueryParams } from '@campaign-standard/client';
import { PaginationError } from '@campaign-standard/core';
import type { RowContext } from './job.js';

interface Envelope {
  content?: unknown;
  next?: { href?: unknown };
}

/** How a scan ended: stopped by the visitor, read to the end, or refused by Campaign. */
export type ScanOutcome = { stopped: boolean } | { error: unknown };

/**
 * Reads a collection page after page (idempotent GETs through the job's context), handing each
 * record to `visit` until it returns `true` or the pages run out. A `next` link that points back
 * to a page already read ends the scan with a `PaginationError`, never with a silent "not found".
 */
export async function scanPages(
  context: RowContext,
  first: string,
  query: QueryParams,
  visit: (record: unknown) => unknown,
): Promise<ScanOutcome> {
  let target: string | undefined = first;
  let pageQuery: QueryParams | undefined = query;
  const seen = new Set<string>();
  let pagesRead = 0;
  let recordsRead = 0;
  while (target !== undefined) {
    const result: ApiResult<Envelope> = await context.idempotent<Envelope>(
      'GET',
      target,
      pageQuery ? { query: pageQuery } : {},
    );
    if (result.error) return { error: result.error };
    pagesRead++;
    const content: unknown[] = Array.isArray(result.data?.content) ? (result.data.content as unknown[]) : [];
    for (const record of content) {
      recordsRead++;
      if (visit(record) === true) return { stopped: true };
    }
    const next: unknown = result.data?.next?.href;
    if (typeof next !== 'string' || content.length === 0) return { stopped: false };
    if (seen.has(next)) {
      return {
        error: new PaginationError(
          'loop',
          `Campaign's next link points back to a page already read (${pagesRead} pages, ${recordsRead} records read); the look-up cannot know whether more records exist`,
          { href: next, pagesRead, recordsRead },
        ),
      };
    }
    seen.add(next);
    target = next;
    pageQuery = undefined;
  }
  return { stopped: false };
}
