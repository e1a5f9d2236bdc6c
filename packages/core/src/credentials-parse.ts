/**
 * Value parsing shared by the credential readers: lists written as JSON or comma-separated
 * text, and JSON whose parse errors must not echo the (secret) input. Repairing a PEM key
 * belongs to the JWT strategy.
 */

/** The result of reading one value: the value, or why it could not be read. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A trimmed non-empty string, or `undefined` for anything else. */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads a list given as an array, a JSON array text (`["a","b"]`) or a comma-separated text
 * (`a, b`; for scopes, `separators` may also allow spaces). Empty items are dropped and
 * duplicates removed. `undefined` when nothing was given. Problems never quote the value, which
 * may be a secret.
 */
export function parseList(value: unknown, separators: RegExp = /,/): Parsed<string[]> | undefined {
  if (value === undefined || value === null) return undefined;
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    if (trimmed.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (!Array.isArray(parsed)) return { ok: false, problem: 'is not a JSON list' };
        items = parsed;
      } catch {
        return { ok: false, problem: 'starts with "[" but is not a valid JSON list: write ["a","b"] or a,b' };
      }
    } else items = trimmed.split(separators);
  } else return { ok: false, problem: `must be a list of strings, not ${describeType(value)}` };

  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string')
      return { ok: false, problem: `must hold strings only, not ${describeType(item)}` };
    const trimmed = item.trim();
    if (trimmed !== '' && !out.includes(trimmed)) out.push(trimmed);
  }
  return { ok: true, value: out };
}

/** `a number`, `an object`, `null`: for messages about a value of the wrong type. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  const type = typeof value;
  return type === 'object' || type === 'undefined' ? `an ${type}` : `a ${type}`;
}

const BASE64_PEM_PREFIX = 'LS0tLS1CRUdJTi'; // "-----BEGIN" in base64

/** True when a text looks like PEM (or base64-encoded PEM) rather than a file path. */
export function looksLikePem(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.includes('-----BEGIN ') || trimmed.startsWith(BASE64_PEM_PREFIX);
}

/**
 * `JSON.parse` whose failure names the line and column, never the text: V8's messages quote the
 * input, and a credentials file holds secrets.
 */
export function parseJsonSafely(content: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(content) };
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    if (position === undefined) return { ok: false, problem: 'is not valid JSON' };
    const before = content.slice(0, Number(position));
    const line = before.split('\n').length;
    const column = Number(position) - before.lastIndexOf('\n');
    return { ok: false, problem: `is not valid JSON (error at line ${line}, column ${column})` };
  }
}
