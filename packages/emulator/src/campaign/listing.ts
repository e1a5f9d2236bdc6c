import type { RequestContext } from '../context.js';
import { sendJson } from '../http.js';
import { undecodableKey } from './errors.js';
import type { Base, Row } from './resources.js';
import type { Table } from './table.js';

const DEFAULT_LINE_COUNT = 25;

/** What a list request reads: rows, which of them match, how to show one. */
export interface ListSpec {
  table: Table<Row>;
  /** The collection URL without query, e.g. `…/profileAndServices/profile/byText`. */
  url: string;
  match?: (row: Row, index: number) => boolean;
  render: (index: number, row: Row) => unknown;
  /** When known, the only seeded indexes that can match (rows changed through the API are added). */
  candidates?: number[] | undefined;
}

function rows(spec: Pick<ListSpec, 'table' | 'candidates'>, start = 0): Iterable<[number, Row]> {
  if (!spec.candidates) return spec.table.scan(start);
  const candidates = spec.candidates;
  return (function* () {
    for (const entry of spec.table.scanCandidates(candidates)) if (entry[0] >= start) yield entry;
  })();
}

/**
 * Answers a list request with Campaign's envelope: `content`, `count.href`, `next.href` (absent on
 * the last page), `serverSidePagination`. In the natural order a page costs O(page): the opaque
 * `_lineStart` cursor holds the index where the next page starts. `_order` sorts every match.
 */
export function sendList(ctx: RequestContext, base: Base, spec: ListSpec): void {
  const q = ctx.url.searchParams;
  const lineCount = parseLineCount(q.get('_lineCount'));
  const cursor = readCursor(base, q.get('_lineStart'));
  const order = parseOrder(q.get('_order'));
  const content: unknown[] = [];
  let nextCursor: string | undefined;
  if (order) {
    const all: Array<[number, Row]> = [];
    for (const entry of rows(spec)) if (!spec.match || spec.match(entry[1], entry[0])) all.push(entry);
    all.sort((a, b) => compare(a[1][order.field], b[1][order.field]) * (order.desc ? -1 : 1) || a[0] - b[0]);
    const offset = cursor?.mode === 'o' ? cursor.pos : 0;
    for (const [i, row] of all.slice(offset, offset + lineCount)) content.push(spec.render(i, row));
    if (offset + lineCount < all.length) nextCursor = writeCursor(base, 'o', offset + lineCount);
  } else {
    const start = cursor?.mode === 'i' ? cursor.pos : 0;
    for (const [i, row] of rows(spec, start)) {
      if (spec.match && !spec.match(row, i)) continue;
      if (content.length === lineCount) {
        nextCursor = writeCursor(base, 'i', i);
        break;
      }
      content.push(spec.render(i, row));
    }
  }
  const envelope: Row = {
    content,
    count: { href: `${spec.url}/_count?${query(q, cursor ? q.get('_lineStart')! : undefined)}` },
    serverSidePagination: true,
  };
  if (nextCursor) envelope.next = { href: `${spec.url}/?${query(q, nextCursor)}` };
  sendJson(ctx.res, 200, envelope);
}

/** Answers `…/_count` with `{"count": n}`. */
export function sendCount(ctx: RequestContext, spec: Pick<ListSpec, 'table' | 'match' | 'candidates'>): void {
  let count = 0;
  if (!spec.match) count = spec.table.size;
  else for (const [i, row] of rows(spec)) if (spec.match(row, i)) count++;
  sendJson(ctx.res, 200, { count });
}

function parseLineCount(raw: string | null): number {
  const n = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  // [I] No maximum is documented; the emulator serves any positive count.
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_LINE_COUNT;
}

function parseOrder(raw: string | null): { field: string; desc: boolean } | undefined {
  if (!raw) return undefined;
  const [field, direction] = raw.trim().split(/\s+/);
  if (!field) return undefined;
  return { field, desc: direction?.toLowerCase() === 'desc' };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

function readCursor(base: Base, raw: string | null): { mode: string; pos: number } | undefined {
  if (!raw) return undefined;
  const decoded = base.keys.decode(raw);
  if (decoded?.kind !== 'cur' || decoded.tenant !== base.tenant)
    throw undecodableKey(raw, 'Line start', 'xtk:queryDef');
  const [mode, pos] = decoded.id.split('.');
  return { mode: mode ?? 'i', pos: Number(pos) || 0 };
}

function writeCursor(base: Base, mode: 'i' | 'o', pos: number): string {
  return base.keys.encode(base.tenant, 'cur', `${mode}.${pos}`);
}

function query(q: URLSearchParams, lineStart: string | undefined): string {
  const out = new URLSearchParams(q);
  out.delete('_lineStart');
  if (!out.has('_lineCount')) out.set('_lineCount', String(parseLineCount(null)));
  if (lineStart) out.set('_lineStart', lineStart);
  return out.toString();
}
