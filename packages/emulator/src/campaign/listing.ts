import type { RequestContext } from '../context.js';
import { sendJson } from '../http.js';
import { CampaignError, undecodableKey } from './errors.js';
import type { FieldDef } from './fields.js';
import type { Base, Row } from './resources.js';
import type { Table } from './table.js';
import { isDropped, isExtendedOnly } from './v8.js';

const DEFAULT_LINE_COUNT = 25;

/**
 * Campaign's `XtkBigTableThreshold` default: a table with more records than this is "large", and
 * its lists carry no `next` unless asked with `_forcePagination=true` (Adobe, help/api/using/pagination.md).
 */
export const DEFAULT_BIG_TABLE_THRESHOLD = 100_000;

/** What `_order` may name on a list: the listed resource's fields, and its names for errors. */
export interface Sortable {
  label: string;
  schema: string;
  fields: readonly FieldDef[];
  /** The resource's name (`profile`), for the fields a Campaign v8 instance shows otherwise. */
  name?: string;
}

/** What a list request reads: rows, which of them match, how to show one. */
export interface ListSpec {
  table: Table<Row>;
  /** The collection URL without query, e.g. `…/profileAndServices/profile/byText`. */
  url: string;
  match?: (row: Row, index: number) => boolean;
  render: (index: number, row: Row) => unknown;
  /** The fields `_order` may sort on (those the resource's metadata marks sortable). */
  sortable: Sortable;
  /** Called with the records of the page once it is built (a read that changes state, as privacy's). */
  onPage?: (entries: Array<[number, Row]>) => void;
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
 *
 * Big tables: Adobe's pagination page (help/api/using/pagination.md) says that by default the `next`
 * node is not available on tables with a large amount of data, that `_forcePagination=true` brings
 * it back, and that "large" means more records than the `XtkBigTableThreshold` option (100,000 by
 * default). It says nothing else changes, so such a page still holds up to `_lineCount` records
 * and its `count` link. "Above" is read strictly: a table of exactly the threshold is not large.
 */
export function sendList(ctx: RequestContext, base: Base, spec: ListSpec): void {
  const q = ctx.url.searchParams;
  const lineCount = parseLineCount(q.get('_lineCount'));
  const cursor = readCursor(base, q.get('_lineStart'));
  const order = parseOrder(q.get('_order'), spec.sortable, base);
  const content: unknown[] = [];
  const page: Array<[number, Row]> = [];
  let nextCursor: string | undefined;
  if (order) {
    const all: Array<[number, Row, unknown]> = [];
    for (const [i, row] of rows(spec))
      if (!spec.match || spec.match(row, i)) all.push([i, row, sortValue(spec, base, i, row, order.field)]);
    all.sort((a, b) => compare(a[2], b[2]) * (order.desc ? -1 : 1) || a[0] - b[0]);
    const offset = cursor?.mode === 'o' ? cursor.pos : 0;
    for (const [i, row] of all.slice(offset, offset + lineCount)) {
      content.push(spec.render(i, row));
      page.push([i, row]);
    }
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
      page.push([i, row]);
    }
  }
  const envelope: Row = {
    content,
    count: { href: `${spec.url}/_count?${query(q, cursor ? q.get('_lineStart')! : undefined)}` },
    serverSidePagination: true,
  };
  const big = spec.table.size > (base.bigTableThreshold ?? DEFAULT_BIG_TABLE_THRESHOLD);
  const forced = q.get('_forcePagination')?.toLowerCase() === 'true';
  if (nextCursor && (!big || forced)) envelope.next = { href: `${spec.url}/?${query(q, nextCursor)}` };
  sendJson(ctx.res, 200, envelope);
  spec.onPage?.(page);
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

const GENERIC = 'RST-360011 An error has occurred - please contact your administrator.';

/**
 * `_order=<field>`, `_order=<field> asc` or `_order=<field> desc` (Adobe, help/api/using/sorting.md:
 * `%20asc` / `%20desc`; a field can be sorted when its metadata says `"sortable": true`). Neither
 * Adobe's pages nor the reference document the answer to another `_order`: the emulator refuses it
 * the way Campaign refuses an expression it cannot read, a 500 with its RST/XTK text (the reference,
 * section 6: `'…' attribute unknown (see definition of '… (…)' schema). XTK-170036 …`), rather than
 * falling back to the natural order. An empty `_order` names no field, and is refused too.
 */
function parseOrder(
  raw: string | null,
  sortable: Sortable,
  base: Base,
): { field: string; desc: boolean } | undefined {
  if (raw === null) return undefined;
  const parsed = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!parsed) throw new CampaignError(500, `${GENERIC} XTK-170036 Unable to parse expression '${raw}'.`);
  const field = parsed[1]!;
  const def = sortable.fields.find(
    (f) =>
      f.name === field &&
      !(base.family === 'profileAndServices' && isExtendedOnly(base.v8, sortable.name ?? '', f)),
  );
  if (!def)
    throw new CampaignError(
      500,
      `${GENERIC} '${field}' attribute unknown (see definition of '${sortable.label} (${sortable.schema})' schema). XTK-170036 Unable to parse expression '@${field}'.`,
    );
  if (['link', 'collection', 'item'].includes(def.type))
    throw new CampaignError(500, `${GENERIC} XTK-170036 Unable to parse expression '${raw}'.`);
  return { field, desc: parsed[2]?.toLowerCase() === 'desc' };
}

/**
 * The value a row sorts by: the stored one, or the rendered one for computed fields (`age`); blank
 * for a field Campaign v8 dropped, as it reads.
 */
function sortValue(spec: ListSpec, base: Base, index: number, row: Row, field: string): unknown {
  if (isDropped(base.v8, spec.sortable.name ?? '', field)) return '';
  if (field in row) return row[field];
  const rendered = spec.render(index, row);
  return rendered && typeof rendered === 'object' ? (rendered as Row)[field] : undefined;
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
