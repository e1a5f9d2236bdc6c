import Table from 'cli-table3';
import { CliError } from '../cli-error.js';
import { csvLine } from './csv.js';
import { cellText, flatten, pickColumns } from './flatten.js';
import type { Progress } from './progress.js';

/** The output formats of `--output`. */
export const OUTPUT_FORMATS = ['json', 'ndjson', 'csv', 'table'] as const;

/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** `--output` when given, else a table on a terminal and JSON otherwise. */
export function resolveOutputFormat(requested: string | undefined, stdoutIsTTY: boolean): OutputFormat {
  if (requested === undefined) return stdoutIsTTY ? 'table' : 'json';
  const wanted = requested.toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(wanted)) return wanted as OutputFormat;
  throw new CliError(
    'usage',
    `Unknown output format "${requested}"`,
    `Use one of: ${OUTPUT_FORMATS.join(', ')}.`,
  );
}

/** Where and how records are printed. */
export interface OutputTarget {
  format: OutputFormat;
  /** Receives the text (stdout). */
  write(text: string): void;
  /** No colours (`NO_COLOR`, `--no-color`, or not a terminal). */
  noColor: boolean;
  /** Columns for table and CSV; default: picked from the records. */
  columns?: string[] | undefined;
  /** Longest table cell before it is cut with `…` (default 48). */
  maxCell?: number | undefined;
}

const MAX_CELL = 48;

function tableStyle(noColor: boolean): { head: string[]; border: string[]; compact: boolean } {
  return noColor
    ? { head: [], border: [], compact: true }
    : { head: ['cyan'], border: ['grey'], compact: true };
}

function clip(text: string, max = MAX_CELL): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Prints one record: pretty JSON, one NDJSON line, a CSV header and line, or a field/value table. */
export function writeRecord(target: OutputTarget, record: unknown): void {
  switch (target.format) {
    case 'json':
      target.write(`${JSON.stringify(record, null, 2)}\n`);
      return;
    case 'ndjson':
      target.write(`${JSON.stringify(record)}\n`);
      return;
    case 'csv': {
      const flat = flatten(record);
      const columns = target.columns ?? Object.keys(flat);
      target.write(`${csvLine(columns)}\n${csvLine(columns.map((c) => cellText(flat[c])))}\n`);
      return;
    }
    case 'table': {
      if (record === null || typeof record !== 'object') {
        target.write(`${cellText(record)}\n`);
        return;
      }
      const flat = flatten(record);
      const table = new Table({ style: tableStyle(target.noColor), wordWrap: true });
      const keys = target.columns ?? Object.keys(flat);
      for (const key of keys) table.push({ [key]: clip(cellText(flat[key]), target.maxCell) });
      target.write(`${table.toString()}\n`);
      return;
    }
  }
}

/** Options of {@link writeList}. */
export interface WriteListOptions {
  /** Stop after this many records. */
  limit?: number | undefined;
  /** Counts records on stderr for long exports. */
  progress?: Progress | undefined;
  /** Total number of records, when known, for the progress bar. */
  total?: number | undefined;
}

/**
 * Prints records page by page as they arrive, in constant memory: a JSON array written
 * incrementally, NDJSON lines, CSV with the header of the first page, or one table per page
 * whose columns are fixed by the first page. Returns the number of records written.
 */
export async function writeList(
  target: OutputTarget,
  pages: AsyncIterable<readonly unknown[]>,
  options: WriteListOptions = {},
): Promise<number> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let count = 0;
  let columns: string[] | undefined = target.columns;
  let widths: number[] | undefined;
  let pageIndex = 0;
  if (target.format === 'json') target.write('[');
  try {
    for await (const page of pages) {
      const records = page.slice(0, Math.max(0, limit - count));
      if (records.length === 0 && count >= limit) break;
      switch (target.format) {
        case 'json':
          for (const record of records) {
            const text = JSON.stringify(record, null, 2).replace(/\n/g, '\n  ');
            target.write(`${count === 0 ? '\n' : ',\n'}  ${text}`);
            count += 1;
          }
          break;
        case 'ndjson':
          for (const record of records) target.write(`${JSON.stringify(record)}\n`);
          count += records.length;
          break;
        case 'csv': {
          if (!columns) {
            if (records.length === 0) break;
            columns = [...new Set(records.flatMap((record) => Object.keys(flatten(record))))];
          }
          if (count === 0 && records.length > 0) target.write(`${csvLine(columns)}\n`);
          for (const record of records) {
            const flat = flatten(record);
            target.write(`${csvLine(columns.map((c) => cellText(flat[c])))}\n`);
          }
          count += records.length;
          break;
        }
        case 'table': {
          if (records.length === 0) break;
          if (!columns) columns = pickColumns(records);
          const cols = columns;
          const rows = records.map((record) => {
            const flat = flatten(record);
            return cols.map((c) => clip(cellText(flat[c]), target.maxCell));
          });
          widths ??= cols.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i]!.length)) + 2);
          const table = new Table({
            ...(pageIndex === 0 ? { head: cols } : {}),
            colWidths: widths,
            style: tableStyle(target.noColor),
          });
          for (const row of rows) table.push(row);
          target.write(`${table.toString()}\n`);
          count += records.length;
          break;
        }
      }
      pageIndex += 1;
      // A single page is not a long export: the bar appears from the second page on.
      if (pageIndex > 1) options.progress?.update(count, options.total);
      if (count >= limit) break;
    }
  } finally {
    options.progress?.stop();
  }
  if (target.format === 'json') target.write(count === 0 ? ']\n' : '\n]\n');
  if (target.format === 'table' && count === 0) target.write('(no records)\n');
  return count;
}
