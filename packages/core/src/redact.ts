/** The text that stands where a secret was. */
export const REDACTED = '[REDACTED]';

const MIN_SECRET_LENGTH = 6;
/**
 * Most recently registered first out: a long-running process that refreshes tokens for months
 * keeps a bounded list. Re-registering a value (every token request re-registers its secret, the
 * client re-registers the token it sends) moves it to the fresh end, so values in use never age out.
 */
const MAX_KNOWN_SECRETS = 1_000;
const knownSecrets = new Set<string>();

/**
 * Remembers a secret value (client secret, private key, access token, proxy password) so that
 * {@link redact} removes it from any text, wherever it turns up later. Values shorter than six
 * characters are ignored: they would redact ordinary words.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return;
  knownSecrets.delete(trimmed);
  knownSecrets.add(trimmed);
  if (knownSecrets.size > MAX_KNOWN_SECRETS) {
    const oldest = knownSecrets.values().next().value;
    if (oldest !== undefined) knownSecrets.delete(oldest);
  }
}

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
    /("(?:client_secrets?|clientSecrets?|CLIENT_SECRETS?|access_token|accessToken|jwt_token|token|password|passphrase|private_key|privateKey)"\s*:\s*)("(?:[^"\\]|\\.)*"|\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\])/g,
    `$1"${REDACTED}"`,
  ],
  // Greedy up to the last "@" before the path, so a password containing "@" goes entirely.
  [/(\/\/[^/\s:@]+:)[^/\s]+@/g, `$1${REDACTED}@`],
];

/**
 * Removes secrets from a text: every value given to {@link registerSecret} or in `extra`, and
 * anything shaped like one (PEM private keys, `Bearer`/`Basic` credentials, JWT-shaped tokens,
 * `client_secret=` parameters and JSON fields, passwords in URLs).
 */
export function redact(text: string, extra: Iterable<string | undefined> = []): string {
  let out = text;
  const values = [...knownSecrets];
  for (const value of extra)
    if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) values.push(value);
  values.sort((a, b) => b.length - a.length);
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
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
