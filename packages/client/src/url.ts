import { type CampaignInstance, ConfigurationError, ForeignOriginError } from '@campaign-standard/core';

/** A query parameter value; arrays repeat the parameter, `undefined` and `null` leave it out. */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | ReadonlyArray<string | number | boolean>;

/** Query parameters by name. */
export type QueryParams = Record<string, QueryValue>;

/**
 * Encodes one path segment. `@` stays raw because Campaign keys start with it and its own hrefs
 * carry it unescaped.
 */
export function encodeSegment(value: string | number): string {
  const text = String(value);
  // What encodeURIComponent leaves as it is, and `@`: most keys need no encoding at all.
  if (UNENCODED.test(text)) return text;
  return encodeURIComponent(text).replace(/%40/g, '@');
}
const UNENCODED = /^[\w.!~*'()@-]*$/;

/** A path template split into its literal text (even indexes) and parameter names (odd ones). */
const templates = new Map<string, readonly string[]>();
const MAX_TEMPLATES = 1000;

function partsOf(template: string): readonly string[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(/\{([^}]+)\}/);
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(template, parts);
  }
  return parts;
}

/** Replaces each `{name}` of a path template (also inside a segment, as in `/mc{tenantName}`). */
export function fillPath(template: string, params: Record<string, unknown> | undefined): string {
  const parts = partsOf(template);
  let path = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = params?.[name];
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ConfigurationError([{ field: `params.path.${name}`, problem: 'is missing' }], template);
    }
    if (value === '') {
      throw new ConfigurationError([{ field: `params.path.${name}`, problem: 'is empty' }], template);
    }
    path += encodeSegment(value) + (parts[i + 1] as string);
  }
  return path;
}

/**
 * Sets query parameters on a URL (replacing any of the same name). Values are encoded with `encodeURIComponent`, so a space is
 * `%20` (as in `_order=email%20desc`), never `+`.
 */
export function withQuery(url: URL, query: QueryParams | undefined): URL {
  if (!query) return url;
  const parts: string[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined || raw === null) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values)
      parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  if (parts.length === 0) return url;
  const replaced = new Set(
    Object.keys(query).filter((name) => query[name] !== undefined && query[name] !== null),
  );
  const kept = url.search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && !replaced.has(safeDecode(part.split('=')[0] ?? '')));
  const out = new URL(url);
  out.search = [...kept, ...parts].join('&');
  return out;
}

/** @internal `decodeURIComponent`, or the text as it is where it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

let lastBaseUrl = '';
let lastBasePath = '';

/** @internal The path of a base URL (`/acme/campaign`), remembered for the last base URL asked about. */
export function basePathOf(baseUrl: string): string {
  if (baseUrl !== lastBaseUrl) {
    lastBasePath = new URL(baseUrl).pathname;
    lastBaseUrl = baseUrl;
  }
  return lastBasePath;
}

/**
 * A URL of the instance from a path relative to its Campaign base (`/profileAndServices/...`).
 * A path whose `..` segments would leave the base (another tenant, the gateway root) is refused.
 */
export function urlForPath(instance: CampaignInstance, path: string): URL {
  const url = new URL(`${instance.baseUrl}/${path.replace(/^\/+/, '')}`);
  const basePath = basePathOf(instance.baseUrl);
  if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
    throw new ConfigurationError(
      [{ field: 'path', problem: `"${path}" leaves ${basePath}: give a path under the Campaign base` }],
      'request',
    );
  }
  return url;
}

/**
 * Turns an href found in a Campaign answer into a URL, refusing any other origin than the
 * instance's with a `ForeignOriginError` before a request can carry the token there.
 *
 * Accepts absolute hrefs (current instances), paths relative to the Campaign base
 * (`/profileAndServices/profile?...` in older answers, `mcAcme/EVT.../<PKey>` for transactional
 * events) and paths that already start with `/<tenant>/campaign/`.
 */
export function resolveHref(instance: CampaignInstance, href: string): URL {
  const text = typeof href === 'string' ? href.trim() : '';
  if (text === '') throw new ConfigurationError([{ field: 'href', problem: 'is empty' }], 'link');
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//')) {
    try {
      url = new URL(text, instance.baseUrl);
    } catch {
      throw new ConfigurationError([{ field: 'href', problem: `"${text}" is not a URL` }], 'link');
    }
  } else {
    const basePath = basePathOf(instance.baseUrl);
    url = text.startsWith(`${basePath}/`) ? new URL(text, instance.origin) : urlForPath(instance, text);
  }
  if (url.origin !== instance.origin) throw new ForeignOriginError(instance.origin, url.origin);
  return url;
}

/** True when a string looks like an href rather than a name or a key. */
export function looksLikeHref(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('/');
}
