/** The text that stands where a secret was. */
export const REDACTED = '[REDACTED]';

const MIN_SECRET_LENGTH = 6;
/**
 * Most recently registered first out: a long-running process that refreshes tokens for months
 * keeps a bounded list. Re-registering a value (every token request re-registers its secret, the
 * client re-registers the token it sends) moves it to the fresh end, so values in use never age out.
 */
const MAX_KNOWN_SECRETS = 1_000;

/**
 * Where registered secrets live: one `Set<string>` (oldest first) on `globalThis`, under a symbol
 * every copy of this package finds with `Symbol.for`. Two copies of core in one process (two
 * versions installed side by side) then redact each other's secrets: a secret registered by the
 * copy a strategy uses is removed by the copy the client or the CLI uses. Every version of core
 * must keep this shape: a `Set` of trimmed strings, oldest first.
 */
const REGISTRY_KEY = Symbol.for('@campaign-standard/core/secrets');

function knownSecrets(): Set<string> {
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const existing = holder[REGISTRY_KEY];
  if (existing instanceof Set) return existing as Set<string>;
  const created = new Set<string>();
  Object.defineProperty(globalThis, REGISTRY_KEY, { value: created, configurable: false, enumerable: false });
  return created;
}

/**
 * Remembers a secret value (client secret, private key, access token, proxy password) so that
 * {@link redact} removes it from any text, wherever it turns up later, in this copy of the SDK
 * packages or in another copy loaded in the same process. Values shorter than six characters are
 * ignored: they would redact ordinary words.
 *
 * Call it where a secret enters the program (a strategy is built, a token arrives, a setting is
 * read); the SDK's own checks and parsers never register anything.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return;
  const known = knownSecrets();
  known.delete(trimmed);
  known.add(trimmed);
  if (known.size > MAX_KNOWN_SECRETS) {
    const oldest = known.values().next().value;
    if (oldest !== undefined) known.delete(oldest);
  }
}

/** JSON field names whose value is a secret, e.g. `"client_secret": "…"`. */
const JSON_SECRET_FIELDS =
  'client_secrets?|clientSecrets?|CLIENT_SECRETS?|access_token|accessToken|jwt_token|token|password|passphrase|private_key|privateKey';

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Adobe Developer Console client secrets ("p8e-" and about 30 characters), even unregistered.
  [/\bp8e-[A-Za-z0-9_-]{12,}/g, REDACTED],
  // Form fields and environment assignments, e.g. client_secret=… or ACS_CLIENT_SECRET=….
  [
    /\b([A-Za-z0-9_]*?(?:client_secrets?|access_token|jwt_token|refresh_token|token|password|passphrase|private_key))=[^&\s"']+/gi,
    `$1=${REDACTED}`,
  ],
  [
    new RegExp(
      String.raw`("(?:${JSON_SECRET_FIELDS})"\s*:\s*)("(?:[^"\\]|\\.)*"|\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\])`,
      'g',
    ),
    `$1"${REDACTED}"`,
  ],
  // Greedy up to the last "@" before the path, so a password containing "@" goes entirely.
  [/(\/\/[^/\s:@]+:)[^/\s]+@/g, `$1${REDACTED}@`],
];

/**
 * The starts of secret shapes, anchored at the end of a text: what is left when a text is cut
 * inside one of the shapes above, too short or too open for the full pattern to recognise. The
 * first group, if any, is kept.
 */
const OPEN_SECRET_PATTERNS: readonly RegExp[] = [
  /()\beyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}$/,
  /()\bp8e-[A-Za-z0-9_-]*$/,
  new RegExp(String.raw`("(?:${JSON_SECRET_FIELDS})"\s*:\s*)(?:"(?:[^"\\]|\\.)*\\?|\[[^\]]*)$`),
  // A password cut before its "@"; a port (digits only) is left alone.
  /(\/\/[^/\s:@]+:)(?=[^/\s@]*[^\d/\s@])[^/\s@]*$/,
];

/**
 * How many characters at the end of a text must match the start of a registered secret to count
 * as a cut-off piece of it. Four is the least that means anything: fewer characters of a random
 * secret reveal next to nothing, and would match the end of ordinary words too often. Dropping a
 * false match only shortens an excerpt, so the bar can be this low.
 */
const MIN_SECRET_PIECE = 4;

/** Registered values and `extra`, longest first (so a secret containing another goes whole). */
function secretValues(extra: Iterable<string | undefined>): string[] {
  const values = [...knownSecrets()];
  for (const value of extra)
    if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) values.push(value);
  return values.sort((a, b) => b.length - a.length);
}

function redactWith(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Removes secrets from a text: every value given to {@link registerSecret} or in `extra`, and
 * anything shaped like one (PEM private keys, `Bearer`/`Basic` credentials, JWT-shaped tokens,
 * `client_secret=` parameters and JSON fields, passwords in URLs).
 */
export function redact(text: string, extra: Iterable<string | undefined> = []): string {
  return redactWith(text, secretValues(extra));
}

/** Where the piece of a secret that `text` ends with starts, or -1 when it ends with none. */
function secretPieceAtEnd(text: string, values: readonly string[]): number {
  let from = text.length;
  for (const value of values) {
    const head = value.slice(0, MIN_SECRET_PIECE);
    const earliest = text.length - value.length;
    let at = text.lastIndexOf(head, text.length - MIN_SECRET_PIECE);
    while (at !== -1 && at >= earliest) {
      if (at < from && value.startsWith(text.slice(at))) from = at;
      at = at === 0 ? -1 : text.lastIndexOf(head, at - 1);
    }
  }
  for (const pattern of OPEN_SECRET_PATTERNS) {
    const match = pattern.exec(text);
    if (match) from = Math.min(from, match.index + (match[1]?.length ?? 0));
  }
  return from === text.length ? -1 : from;
}

/** `text` with the piece of a secret it ends with, if any, replaced by `replacement`. */
function withoutSecretPieceAtEnd(text: string, values: readonly string[], replacement: string): string {
  let out = text;
  // a piece can end with the start of another shape ("…"client_secret": "eyJ…"): a few rounds
  for (let round = 0; round < 3; round++) {
    const at = secretPieceAtEnd(out, values);
    if (at === -1) break;
    out = out.slice(0, at) + replacement;
    if (replacement !== '') break;
  }
  return out;
}

/** Options of {@link redactedExcerpt}. */
export interface RedactedExcerptOptions {
  /** Further secret values to remove, as `extra` of {@link redact}. */
  extra?: Iterable<string | undefined> | undefined;
  /** Appended when the text was cut, e.g. `…`. @defaultValue `''` */
  ellipsis?: string | undefined;
  /** Trims the text and turns each run of whitespace into one space (after redaction). */
  collapseWhitespace?: boolean | undefined;
}

/**
 * The start of a text, safe to keep in an error, a log line or a trace: the text is redacted as by
 * {@link redact} first, then cut to at most `maxLength` characters (plus `options.ellipsis` when
 * something was cut). Every place that shortens a body or message must go through this function:
 * cutting before redacting splits a secret, and redaction no longer recognises the piece left.
 *
 * The end of the excerpt is also cleared of anything that may be the first part of a secret: the
 * start (four characters or more) of a registered secret or of a secret shape (a JWT, a `p8e-`
 * client secret, a JSON secret field, a URL password). At the end of the whole text, such a piece
 * (left by a cut made elsewhere, e.g. a server or proxy that truncated its answer) is replaced by
 * {@link REDACTED}; at the cut, it is dropped. A cut never splits a {@link REDACTED} marker.
 *
 * @param text - the whole text; never a text already shortened by other means
 * @param maxLength - the most characters kept, not counting the ellipsis
 */
export function redactedExcerpt(
  text: string,
  maxLength: number,
  options: RedactedExcerptOptions = {},
): string {
  const values = secretValues(options.extra ?? []);
  let out = redactWith(text, values);
  if (options.collapseWhitespace) out = out.trim().replace(/\s+/g, ' ');
  out = withoutSecretPieceAtEnd(out, values, REDACTED);
  if (!(out.length > maxLength)) return out;
  let cut = Math.max(0, Math.floor(maxLength));
  const marker = out.lastIndexOf(REDACTED, cut - 1);
  if (marker !== -1 && marker + REDACTED.length > cut) cut = marker;
  // a character outside the Basic Multilingual Plane is two code units: keep both or neither
  const last = out.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut--;
  return `${withoutSecretPieceAtEnd(out.slice(0, cut), values, '')}${options.ellipsis ?? ''}`;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/**
 * A copy of HTTP headers safe to print: `Authorization`, `Proxy-Authorization` and cookies keep
 * their scheme only, other values go through {@link redact}.
 */
export function redactHeaders(
  headers: Headers | Record<string, string | string[] | undefined> | Iterable<[string, string]>,
): Record<string, string> {
  const entries: Array<[string, string]> = [];
  if (typeof Headers !== 'undefined' && headers instanceof Headers)
    headers.forEach((v, k) => {
      entries.push([k, v]);
    });
  else if (Symbol.iterator in Object(headers))
    for (const [k, v] of headers as Iterable<[string, string]>) entries.push([k, v]);
  else
    for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>))
      if (v !== undefined) entries.push([k, Array.isArray(v) ? v.join(', ') : v]);
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (SECRET_HEADERS.has(name.toLowerCase())) {
      const scheme = /^(\w+)\s/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else out[name] = redact(value);
  }
  return out;
}

/** Deep copy of a JSON-like value with every string passed through {@link redact}. */
export function redactValue<T>(value: T, extra: Iterable<string | undefined> = []): T {
  const list = [...extra];
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redact(v, list);
    if (depth > 20 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      out[k] =
        /secret|password|passphrase|private_?key|^token$|access_?token|authorization/i.test(k) && item
          ? REDACTED
          : walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0) as T;
}
