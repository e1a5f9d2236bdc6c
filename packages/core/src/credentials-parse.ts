/**
 * Value parsing shared by the credential readers: lists written as JSON or comma-separated
 * text, PEM text that went through a `.env` file, and JSON whose parse errors must not echo
 * the (secret) input.
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

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const BASE64_PEM_PREFIX = 'LS0tLS1CRUdJTi'; // "-----BEGIN" in base64

/** What {@link normalizePem} found. */
export interface NormalizedPem {
  /** The PEM text with real line breaks, or the input when it is not PEM. */
  pem: string;
  /** True when the input held only the first line(s) of a PEM: the rest was lost on the way. */
  truncated: boolean;
}

/**
 * Repairs the ways a PEM key is commonly mangled on its way through a `.env` file or a CI
 * variable: literal `\n` sequences, CRLF line ends, line breaks collapsed into spaces, a
 * base64-encoded PEM. Reports a PEM cut after its first line (an unquoted multi-line value in
 * `.env` keeps only the first line). Text that is not PEM is returned unchanged.
 */
export function normalizePem(input: string): NormalizedPem {
  let value = input.trim();
  if (value.startsWith(BASE64_PEM_PREFIX)) {
    try {
      value = atob(value.replace(/\s+/g, '')).trim();
    } catch {
      return { pem: input, truncated: false };
    }
  }
  if (!value.includes('-----BEGIN ')) return { pem: input, truncated: false };
  value = value
    .replace(/^["']|["']$/g, '')
    .replace(/\\r\\n|\\n|\\r/g, '\n')
    .replace(/\r\n?/g, '\n');
  const block = PEM_BLOCK.exec(value);
  if (!block) return { pem: value, truncated: true };
  // Several blocks (a key and its certificate): keep them as they are, only unescaped.
  if (value.indexOf('-----BEGIN ', block.index + 1) !== -1) return { pem: `${value}\n`, truncated: false };
  const [whole, label, rawBody = ''] = block;
  // Legacy encrypted PEM carries "Proc-Type:"/"DEK-Info:" headers whose line structure matters.
  if (rawBody.includes(':')) return { pem: `${whole.trim()}\n`, truncated: false };
  const body = rawBody.replace(/\s+/g, '');
  if (body === '') return { pem: value, truncated: true };
  const lines = body.match(/.{1,64}/g) ?? [];
  return { pem: `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`, truncated: false };
}

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
