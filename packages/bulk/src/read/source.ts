import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createRecord } from '@campaign-standard/core';
import { parse as parseCsv } from 'csv-parse';
import { InputError } from '../errors.js';
import {
  applyTypes,
  checkNoCollision,
  checkShapeOptions,
  type FieldType,
  fieldPath,
  getPath,
  type RecordShapeOptions,
  safeCopy,
  setPath,
  shapeJsonRecord,
  type Where,
} from './fields.js';
import { jsonArrayElements } from './json-array.js';
import { decodeUtf8, splitLines } from './utf8.js';

/** The formats the file readers understand. */
export type InputFormat = 'csv' | 'ndjson' | 'json';

/** One record of a source, with where it was read. */
export interface SourceRow {
  /** The record's 1-based position in the input: how the journal names it. */
  ordinal: number;
  /** The 1-based line where the record starts, for files (CSV: the row's first line). */
  line: number | undefined;
  /** The record, as a prototype-free object. */
  record: Record<string, unknown>;
}

/** Options of {@link RecordSource.rows}. */
export interface RowsOptions {
  /**
   * Fields (dotted names) every record must have, non-empty: the business key. A CSV header
   * without them fails with `missing-key-column`, a record without a value with `missing-key`.
   */
  require?: readonly string[];
}

/** What a journal is tied to: the input's content and how it is read. */
export interface SourceIdentity {
  /** The absolute path of the file. */
  path: string;
  /** Its size in bytes. */
  size: number;
  /** The SHA-256 of its whole content, hex. */
  sha256: string;
  /** The SHA-256 of the reading options (format, mapping, types), hex. */
  options: string;
}

/**
 * Records to import, with where each was read. The file readers ({@link readCsv},
 * {@link readNdjson}, {@link readJsonArray}, {@link openRecords}) read the file again at each
 * {@link RecordSource.rows} call, so an import can check the whole file before writing anything;
 * {@link fromRecords} wraps any iterable, read once.
 */
export interface RecordSource {
  /** A name for messages: the file's path, or what the caller named the records. */
  readonly name: string;
  /** The file read, if the records come from one. */
  readonly path: string | undefined;
  /** `csv`, `ndjson`, `json`, or `records` for {@link fromRecords}. */
  readonly format: InputFormat | 'records';
  /** Whether {@link RecordSource.rows} can be called again and reads the same records (files). */
  readonly rereadable: boolean;
  /** Every record from the start, in order. Malformed input fails with an `InputError` naming its line. */
  rows(options?: RowsOptions): AsyncIterable<SourceRow>;
  /** What a journal of this input is tied to; `undefined` when the input has no identity. */
  identity(): Promise<SourceIdentity | undefined>;
}

/** Options of the CSV reader. */
export interface CsvOptions extends RecordShapeOptions {
  /**
   * The field delimiter.
   * @defaultValue ','
   */
  delimiter?: string;
}

/** Options of {@link openRecords}. */
export interface OpenRecordsOptions extends CsvOptions {
  /** The format; by default from the extension: `.csv`, `.ndjson`/`.jsonl`, `.json`. */
  format?: InputFormat;
}

/** Bytes read at once to hash a file (the identity): large, nothing is kept. */
const HASH_CHUNK = 256 * 1024;
/**
 * Bytes read at once to parse rows: every row of a chunk is parsed (and held) as soon as it is
 * read, so the chunk is what the reader holds ahead of the job's window of rows in flight.
 */
const ROWS_CHUNK = 64 * 1024;

function fileChunks(path: string, chunkBytes = ROWS_CHUNK): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: chunkBytes });
}

function optionsDigest(format: InputFormat, options: object): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (typeof value !== 'object' || value === null) return value;
    const out = createRecord();
    for (const key of Object.keys(value).sort()) out[key] = sorted((value as Record<string, unknown>)[key]);
    return out;
  };
  return createHash('sha256')
    .update(JSON.stringify({ format, options: sorted(options) }))
    .digest('hex');
}

async function fileIdentity(path: string, format: InputFormat, options: object): Promise<SourceIdentity> {
  const absolute = resolve(path);
  const { size } = await stat(absolute);
  const hash = createHash('sha256');
  for await (const chunk of fileChunks(absolute, HASH_CHUNK)) hash.update(chunk);
  return { path: absolute, size, sha256: hash.digest('hex'), options: optionsDigest(format, options) };
}

function checkRequired(record: Record<string, unknown>, require: readonly string[], where: Where): void {
  for (const name of require) {
    const value = getPath(record, name.split('.'));
    if (value === undefined || value === null || value === '') {
      throw new InputError('missing-key', `the record has no value for its key "${name}"`, {
        ...where,
        column: name,
      });
    }
  }
}

function typeList(options: RecordShapeOptions): Array<{ path: string[]; type: FieldType }> {
  return Object.entries(options.types ?? {}).map(([name, type]) => ({ path: name.split('.'), type }));
}

function newlinesIn(raw: string): number {
  let count = 0;
  const end = raw.endsWith('\n') ? raw.length - 1 : raw.length;
  for (let at = raw.indexOf('\n'); at !== -1 && at < end; at = raw.indexOf('\n', at + 1)) count++;
  return count;
}

/** A column of a CSV header and where its cells go. */
interface ColumnPlan {
  index: number;
  column: string;
  path: string[];
  type: FieldType | undefined;
}

function planColumns(
  header: string[],
  options: CsvOptions,
  require: readonly string[],
  where: Where,
): ColumnPlan[] {
  const types = options.types ?? {};
  const plans: ColumnPlan[] = [];
  header.forEach((column, index) => {
    if (column.trim() === '') {
      throw new InputError('malformed', `column ${index + 1} of the header has no name`, where);
    }
    // The header's own names are checked whatever they are mapped to.
    fieldPath(column, where, 'column');
    const mapped =
      options.columns && Object.hasOwn(options.columns, column) ? options.columns[column] : undefined;
    if (mapped === undefined && options.unmapped === 'drop') return;
    const target = mapped ?? column;
    const path = fieldPath(target, where, 'field');
    plans.push({ index, column, path, type: Object.hasOwn(types, target) ? types[target] : undefined });
  });
  checkNoCollision(plans, where);
  for (const name of require) {
    if (!plans.some((plan) => plan.path.join('.') === name)) {
      throw new InputError(
        'missing-key-column',
        `no column holds the key "${name}" (columns: ${header.map((h) => JSON.stringify(h)).join(', ')})`,
        { ...where, column: name },
      );
    }
  }
  return plans;
}

/**
 * Reads a CSV file with a header row, streaming (csv-parse): each row becomes a record named by
 * the header (renamed, nested and typed as the options say). Quoted fields may hold delimiters,
 * quotes (`""`) and line breaks; blank lines are skipped. A row with more or fewer fields than the
 * header, invalid UTF-8, an unclosed quote, or a header naming `__proto__`, `constructor` or
 * `prototype` fails with an {@link InputError} naming the line.
 *
 * @example
 * ```ts
 * const source = readCsv('people.csv', {
 *   columns: { 'E-mail': 'email', City: 'location.city' },
 *   types: { birthDate: 'date', blackListEmail: 'boolean' },
 * });
 * ```
 */
export function readCsv(path: string, options: CsvOptions = {}): RecordSource {
  checkShapeOptions(options, path);
  return {
    name: path,
    path,
    format: 'csv',
    rereadable: true,
    identity: () => fileIdentity(path, 'csv', options),
    rows: (rowsOptions = {}) => csvRows(path, options, rowsOptions.require ?? []),
  };
}

async function* csvRows(
  path: string,
  options: CsvOptions,
  require: readonly string[],
): AsyncGenerator<SourceRow> {
  const parser = parseCsv({
    raw: true,
    bom: false, // dropped by the decoder
    delimiter: options.delimiter ?? ',',
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true, // ragged rows are reported here, with their line
  });
  // One decoded chunk ahead of the parser, not Readable.from's default of 16 (the whole of a
  // middle-sized file): what is read ahead of the job stays one chunk's rows.
  const text = Readable.from(decodeUtf8(fileChunks(path), path), { highWaterMark: 1 });
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  const empty = options.empty ?? 'omit';
  const nulls = options.nullValues ?? [];
  let line = 1;
  let plans: ColumnPlan[] | undefined;
  let width = 0;
  let ordinal = 0;
  try {
    for await (const { record: cells, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const where = { source: path, line };
      line += newlinesIn(raw) + 1;
      if (cells.length === 1 && cells[0] === '' && /^\r?\n?$/.test(raw)) continue; // a blank line
      if (!plans) {
        plans = planColumns(cells, options, require, where);
        width = cells.length;
        continue;
      }
      if (cells.length !== width) {
        throw new InputError(
          'ragged-row',
          `the row has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${width}`,
          where,
        );
      }
      const record = createRecord();
      for (const plan of plans) {
        const cell = cells[plan.index]!;
        let value: unknown = cell;
        if (cell === '') {
          if (empty === 'omit') continue;
          value = empty === 'null' ? null : '';
        } else if (nulls.includes(cell)) {
          value = null;
        }
        setPath(record, plan.path, value);
      }
      applyTypes(
        record,
        plans.filter((p) => p.type).map((p) => ({ path: p.path, type: p.type! })),
        where,
        true,
      );
      checkRequired(record, require, where);
      ordinal++;
      yield { ordinal, line: where.line, record };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new InputError('malformed', (error as Error).message, { source: path, line });
    }
    throw error;
  } finally {
    text.destroy();
    parser.destroy();
  }
  if (!plans && require.length > 0) {
    throw new InputError('missing-key-column', 'the file is empty: it has no header row', {
      source: path,
      line: 1,
    });
  }
}

/**
 * Reads an NDJSON file (one JSON object per line; blank lines are skipped), streaming, in constant
 * memory. Top-level keys are renamed and typed as the options say.
 */
export function readNdjson(path: string, options: RecordShapeOptions = {}): RecordSource {
  checkShapeOptions(options, path);
  const types = typeList(options);
  return {
    name: path,
    path,
    format: 'ndjson',
    rereadable: true,
    identity: () => fileIdentity(path, 'ndjson', options),
    async *rows(rowsOptions = {}) {
      const require = rowsOptions.require ?? [];
      let ordinal = 0;
      for await (const { line, text } of splitLines(decodeUtf8(fileChunks(path), path))) {
        if (text.trim() === '') continue;
        const where = { source: path, line };
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new InputError('malformed', `invalid JSON: ${(error as Error).message}`, where);
        }
        const record = shapeJsonRecord(parsed, options, types, where);
        checkRequired(record, require, where);
        ordinal++;
        yield { ordinal, line, record };
      }
    },
  };
}

/**
 * Reads a file holding one JSON array of objects, streaming element by element: memory holds one
 * element at a time, whatever the size of the file.
 */
export function readJsonArray(path: string, options: RecordShapeOptions = {}): RecordSource {
  checkShapeOptions(options, path);
  const types = typeList(options);
  return {
    name: path,
    path,
    format: 'json',
    rereadable: true,
    identity: () => fileIdentity(path, 'json', options),
    async *rows(rowsOptions = {}) {
      const require = rowsOptions.require ?? [];
      let ordinal = 0;
      for await (const { line, value } of jsonArrayElements(decodeUtf8(fileChunks(path), path), path)) {
        const where = { source: path, line };
        const record = shapeJsonRecord(value, options, types, where);
        checkRequired(record, require, where);
        ordinal++;
        yield { ordinal, line, record };
      }
    },
  };
}

/** The format of a file from its extension, if known. */
export function formatOf(path: string): InputFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/**
 * A reader for a file, by `format` or by its extension (`.csv`, `.ndjson`/`.jsonl`, `.json`).
 *
 * @throws InputError (`malformed`, line 0) when the format is neither given nor known from the name.
 */
export function openRecords(path: string, options: OpenRecordsOptions = {}): RecordSource {
  const { format = formatOf(path), ...rest } = options;
  if (format === 'csv') return readCsv(path, rest);
  if (format === 'ndjson') return readNdjson(path, stripCsv(rest));
  if (format === 'json') return readJsonArray(path, stripCsv(rest));
  throw new InputError(
    'malformed',
    'unknown format: name it (csv, ndjson or json) or use a known extension',
    {
      source: path,
      line: 0,
    },
  );
}

function stripCsv(options: CsvOptions): RecordShapeOptions {
  const { delimiter: _delimiter, ...rest } = options;
  return rest;
}

/** Options of {@link fromRecords}. */
export interface FromRecordsOptions {
  /** A name for messages. @defaultValue 'records' */
  name?: string;
}

/**
 * Wraps records already in memory or produced by any (async) iterable. Each record is copied
 * into a prototype-free object (keys such as `__proto__` are refused). The records are read
 * once, as the job goes: a record without its key stops the job at that record, and the job has
 * no identity to tie a journal to, so give `jobId` to resume one.
 */
export function fromRecords(
  records: Iterable<object> | AsyncIterable<object>,
  options: FromRecordsOptions = {},
): RecordSource {
  const name = options.name ?? 'records';
  return {
    name,
    path: undefined,
    format: 'records',
    rereadable: false,
    identity: async () => undefined,
    async *rows(rowsOptions = {}) {
      const require = rowsOptions.require ?? [];
      let ordinal = 0;
      for await (const value of records as AsyncIterable<object>) {
        const where = { source: name, line: ordinal + 1 };
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw new InputError('not-an-object', `record ${ordinal + 1} is not an object`, where);
        }
        const record = safeCopy(value, where) as Record<string, unknown>;
        checkRequired(record, require, where);
        ordinal++;
        yield { ordinal, line: undefined, record };
      }
    },
  };
}

/** Whether a value is a {@link RecordSource}. */
export function isRecordSource(value: unknown): value is RecordSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RecordSource).rows === 'function' &&
    typeof (value as RecordSource).identity === 'function'
  );
}
