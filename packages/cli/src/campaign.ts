import { CliError } from './cli-error.js';

/** Query parameters of a Campaign call. */
export type Query = Record<string, string | number | boolean | undefined>;

/**
 * The Campaign calls the commands need, implemented over `@campaign-standard/client` by the
 * session. Paths are relative to `https://mc.adobe.io/<tenant>/campaign` (or absolute `href`s of
 * the same origin). Every failure is thrown as an SDK error.
 */
export interface CampaignCalls {
  /** One authenticated call; resolves with the parsed body (or `undefined` for an empty one). */
  call(method: string, path: string, options?: { body?: unknown; query?: Query }): Promise<unknown>;
  /** A list, page by page, following `next.href`. */
  pages(path: string, query?: Query): AsyncIterable<unknown[]>;
}

/** Percent-encodes one path segment (a PKey starts with `@` and may hold `/`-free base64). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Checks a record key argument (`acs profiles get <pkey>`). Campaign's keys start with `@`; in the
 * same place of a URL a filter name (`byEmail`), a field name (`email`) or `_count` answers a list,
 * the values of a field or a count instead of the record, so anything else is refused up front.
 */
export function recordKey(value: string, what = 'PKey'): string {
  if (value.startsWith('@')) return value;
  const hint =
    value === '_count'
      ? 'To count the records, use "list --count".'
      : /^by[A-Z0-9_]/.test(value)
        ? `"${value}" is a filter: use "list --filter ${value} --param <name>=<value>".`
        : /^[A-Za-z][A-Za-z0-9_]*$/.test(value)
          ? `If "${value}" is a field, "acs profiles values ${value}" lists its values; a record's PKey comes from a list.`
          : 'Copy the PKey from a list (e.g. "acs profiles list --columns PKey,email").';
  throw new CliError('usage', `"${value}" is not a ${what}: Campaign's keys start with "@"`, hint);
}
