import { createRecord, isForbiddenKey } from '@campaign-standard/core';
import { InputError } from '../errors.js';

/**
 * How a value read from a file is turned into the value sent to Campaign:
 *
 * - `string`: kept as read;
 * - `number`: a decimal number (`42`, `-3.5`, `1e3`);
 * - `integer`: a whole number within JavaScript's safe range;
 * - `boolean`: `true`/`false`, `1`/`0`, `yes`/`no`, `y`/`n` (any case);
 * - `date`: `YYYY-MM-DD`, or an ISO 8601 date-time (its UTC date), sent as `YYYY-MM-DD`;
 * - `datetime`: ISO 8601 (`2024-01-31T10:00:00Z`, a time without zone is UTC) or Campaign's
 *   `2024-01-31 10:00:00.000Z`, sent in Campaign's form `YYYY-MM-DD HH:MM:SS.mmmZ`.
 */
export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime';

/** How the fields of each record are named and typed; the same for every reader. */
export interface RecordShapeOptions {
  /**
   * Renames input columns (CSV) or top-level keys (NDJSON, JSON) to record fields; a dotted name
   * sets a nested field: `{ 'E-mail': 'email', City: 'location.city' }`.
   */
  columns?: Record<string, string>;
  /**
   * What happens to columns that `columns` does not name: `keep` them under their own name
   * (dotted names nest), or `drop` them.
   * @defaultValue 'keep'
   */
  unmapped?: 'keep' | 'drop';
  /** Types of fields, by field name after renaming (dotted for nested fields): `{ age: 'integer' }`. */
  types?: Record<string, FieldType>;
  /**
   * What an empty CSV cell means: `omit` the field (the record keeps its value in Campaign),
   * send an `empty` string, or send `null`.
   * @defaultValue 'omit'
   */
  empty?: 'omit' | 'empty' | 'null';
  /** Cell texts read as `null` (CSV, and strings of NDJSON/JSON), e.g. `['NULL', '\\N']`. */
  nullValues?: readonly string[];
}

/** Where a value was read, for error messages. */
export interface Where {
  source: string;
  line: number;
}

/** The segments of a dotted field name; refuses names that could reach a prototype. */
export function fieldPath(name: string, where: Where, what = 'column'): string[] {
  const segments = name.split('.');
  for (const segment of segments) {
    if (isForbiddenKey(segment)) {
      throw new InputError('forbidden-column', `the ${what} "${name}" names "${segment}", which is refused`, {
        ...where,
        column: name,
      });
    }
    if (segment.trim() === '') {
      throw new InputError('malformed', `the ${what} "${name}" has an empty name or segment`, {
        ...where,
        column: name,
      });
    }
  }
  return segments;
}

/** Sets a nested value in a prototype-free record, creating prototype-free objects on the way. */
export function setPath(record: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let target = record;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = Object.hasOwn(target, key) ? target[key] : undefined;
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      target = next as Record<string, unknown>;
    } else {
      const created = createRecord();
      target[key] = created;
      target = created;
    }
  }
  target[path[path.length - 1]!] = value;
}

/** Reads a nested value (own properties only). */
export function getPath(record: unknown, path: readonly string[]): unknown {
  let current: unknown = record;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);

function validDay(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function parseInstant(text: string): number | undefined {
  if (!DATETIME.test(text)) return undefined;
  const iso = text.replace(' ', 'T');
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Turns a text into a value of `type`; `undefined` when it cannot. Whitespace around numbers,
 * booleans and dates is ignored.
 */
export function coerceText(text: string, type: FieldType): unknown {
  const t = text.trim();
  switch (type) {
    case 'string':
      return text;
    case 'number':
      return NUMBER.test(t) ? Number(t) : undefined;
    case 'integer': {
      const n = Number(t);
      return INTEGER.test(t) && Number.isSafeInteger(n) ? n : undefined;
    }
    case 'boolean': {
      const lower = t.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : undefined;
    }
    case 'date': {
      if (DATE.test(t)) return validDay(t) ? t : undefined;
      const ms = parseInstant(t);
      return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
    }
    case 'datetime': {
      if (DATE.test(t) && !validDay(t)) return undefined;
      const ms = parseInstant(t);
      return ms === undefined ? undefined : new Date(ms).toISOString().replace('T', ' ');
    }
  }
}

/** Coerces a value already typed by JSON (a number, a boolean, a string) to `type`. */
export function coerceValue(value: unknown, type: FieldType): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return coerceText(value, type);
  if (type === 'string') return typeof value === 'object' ? undefined : String(value);
  if (typeof value === 'number') {
    if (type === 'number') return Number.isFinite(value) ? value : undefined;
    if (type === 'integer') return Number.isSafeInteger(value) ? value : undefined;
    if (type === 'boolean') return value === 1 ? true : value === 0 ? false : undefined;
    return undefined;
  }
  if (typeof value === 'boolean') return type === 'boolean' ? value : undefined;
  return undefined;
}

/** Checks the shape options themselves: target names and types. */
export function checkShapeOptions(options: RecordShapeOptions, source: string): void {
  const where = { source, line: 0 };
  for (const [column, target] of Object.entries(options.columns ?? {})) {
    fieldPath(column, where, 'column');
    fieldPath(target, where, 'field');
  }
  for (const name of Object.keys(options.types ?? {})) fieldPath(name, where, 'field');
}

/**
 * The types by field, as paths; also detects fields that would overwrite one another
 * (`location` and `location.city`).
 */
export function typesByPath(options: RecordShapeOptions): Array<{ path: string[]; type: FieldType }> {
  return Object.entries(options.types ?? {}).map(([name, type]) => ({ path: name.split('.'), type }));
}

/** Throws when two field paths collide (the same, or one inside the other). */
export function checkNoCollision(
  targets: ReadonlyArray<{ column: string; path: readonly string[] }>,
  where: Where,
): void {
  const seen = new Map<string, string>();
  for (const { column, path } of targets) {
    const name = path.join('.');
    const same = seen.get(name);
    if (same !== undefined) {
      throw new InputError('duplicate-column', `the columns "${same}" and "${column}" both set "${name}"`, {
        ...where,
        column,
      });
    }
    seen.set(name, column);
  }
  const names = [...seen.keys()];
  for (const name of names) {
    const outer = names.find((other) => name.startsWith(`${other}.`));
    if (outer !== undefined) {
      throw new InputError(
        'duplicate-column',
        `the columns "${seen.get(outer)}" and "${seen.get(name)}" both set "${name}" (one is inside the other)`,
        { ...where, column: seen.get(name) },
      );
    }
  }
}

/** Applies the declared types to a record built from a file, in place. */
export function applyTypes(
  record: Record<string, unknown>,
  types: ReadonlyArray<{ path: string[]; type: FieldType }>,
  where: Where,
  fromText: boolean,
): void {
  for (const { path, type } of types) {
    const value = getPath(record, path);
    if (value === undefined || value === null) continue;
    const coerced =
      fromText && typeof value === 'string' ? coerceText(value, type) : coerceValue(value, type);
    if (coerced === undefined) {
      const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
      throw new InputError('invalid-value', `${path.join('.')}: ${shown} is not a valid ${type}`, {
        ...where,
        column: path.join('.'),
      });
    }
    setPath(record, path, coerced);
  }
}

/**
 * A prototype-free deep copy of a parsed JSON value. Keys that could reach a prototype are
 * refused with an error naming the line.
 */
export function safeCopy(value: unknown, where: Where): unknown {
  if (Array.isArray(value)) return value.map((item) => safeCopy(item, where));
  if (typeof value !== 'object' || value === null) return value;
  const copy = createRecord();
  for (const key of Object.keys(value)) {
    if (isForbiddenKey(key)) {
      throw new InputError('forbidden-column', `the key "${key}" is refused`, { ...where, column: key });
    }
    copy[key] = safeCopy((value as Record<string, unknown>)[key], where);
  }
  return copy;
}

/**
 * Shapes a parsed JSON object (NDJSON line, JSON array element): renames and moves top-level keys
 * as `columns` says, drops unmapped ones if asked, applies types. The input is not changed.
 */
export function shapeJsonRecord(
  parsed: unknown,
  options: RecordShapeOptions,
  types: ReadonlyArray<{ path: string[]; type: FieldType }>,
  where: Where,
): Record<string, unknown> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed;
    throw new InputError('not-an-object', `expected a JSON object, found ${kind}`, where);
  }
  const copy = safeCopy(parsed, where) as Record<string, unknown>;
  const columns = options.columns;
  const nulls = options.nullValues;
  let record = copy;
  if (columns || options.unmapped === 'drop') {
    record = createRecord();
    for (const key of Object.keys(copy)) {
      const target = columns && Object.hasOwn(columns, key) ? columns[key] : undefined;
      if (target !== undefined) setPath(record, fieldPath(target, where, 'field'), copy[key]);
      else if (options.unmapped !== 'drop') record[key] = copy[key];
    }
  }
  if (nulls?.length) replaceNullTexts(record, nulls);
  applyTypes(record, types, where, false);
  return record;
}

function replaceNullTexts(record: Record<string, unknown>, nulls: readonly string[]): void {
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string' && nulls.includes(value)) record[key] = null;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      replaceNullTexts(value as Record<string, unknown>, nulls);
  }
}
