import { createRecord } from '@campaign-standard/core';

/**
 * Flattens a record into dotted scalar columns (`location.city`), the shape tables and CSV need.
 * Arrays become JSON text; nesting deeper than `depth` is kept as JSON text too.
 */
export function flatten(
  value: unknown,
  depth = 2,
  prefix = '',
  out: Record<string, unknown> = createRecord(),
): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    out[prefix || 'value'] = Array.isArray(value) ? JSON.stringify(value) : value;
    return out;
  }
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (item !== null && typeof item === 'object' && !Array.isArray(item) && depth > 0)
      flatten(item, depth - 1, name, out);
    else
      out[name] =
        Array.isArray(item) || (item !== null && typeof item === 'object') ? JSON.stringify(item) : item;
  }
  return out;
}

/** A cell's text: empty for null/undefined, the string itself, JSON for the rest. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The columns to show for records: the requested ones, else the scalar top-level fields of the
 * first records without links, at most `max` of them.
 */
export function pickColumns(records: readonly unknown[], requested?: readonly string[], max = 8): string[] {
  if (requested && requested.length > 0) return [...requested];
  const seen: string[] = [];
  for (const record of records.slice(0, 20)) {
    const flat = flatten(record, 0);
    for (const [key, value] of Object.entries(flat)) {
      if (seen.includes(key) || key === 'href') continue;
      if (typeof value === 'string' && value.startsWith('{')) continue;
      seen.push(key);
    }
  }
  return seen.slice(0, max);
}
