import type { Middleware } from './middleware.js';
import { safeDecode } from './url.js';

/**
 * One call an integration made, as {@link usageLog} records it: one JSON object per line (NDJSON),
 * with names only, never a value, so a log can be shared without personal data or secrets.
 *
 * ```json
 * {"v":1,"method":"PATCH","path":"/profileAndServices/profile/{PKey}","query":[],"status":200,"fields":["location"],"objects":{"location":["zipCode"]}}
 * ```
 */
export interface UsageEntry {
  /** The format's version: 1. */
  v: 1;
  /** The HTTP method. */
  method: string;
  /**
   * The path after `/<tenant>/campaign`, each record key (a segment starting with `@`) replaced by
   * `{PKey}`: `/profileAndServicesExt/cusLoyalty/byTier`.
   */
  path: string;
  /** The names of the query parameters (`tier_parameter`, `_lineCount`). */
  query: string[];
  /** The HTTP status of the answer; absent when the call got none (network error, timeout). */
  status?: number;
  /** The top-level field names of a JSON object body. */
  fields?: string[];
  /** For each field of the body whose value is an object (a link, an element), its own field names. */
  objects?: Record<string, string[]>;
}

/** The path of a request after `/<tenant>/campaign`, record keys replaced by `{PKey}`. */
export function usagePath(url: string): string {
  const { pathname } = new URL(url);
  const match = /\/[^/]+\/campaign(\/.*)?$/.exec(pathname);
  const path = match ? (match[1] ?? '/') : pathname;
  return path
    .split('/')
    .map((segment) => (safeDecode(segment).startsWith('@') ? '{PKey}' : segment))
    .join('/');
}

function bodyShape(text: string): Pick<UsageEntry, 'fields' | 'objects'> {
  if (text.trim() === '') return { fields: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const objects: Record<string, string[]> = {};
  for (const [name, field] of Object.entries(value))
    if (field !== null && typeof field === 'object' && !Array.isArray(field))
      objects[name] = Object.keys(field);
  return {
    fields: Object.keys(value),
    ...(Object.keys(objects).length > 0 ? { objects } : {}),
  };
}

/**
 * A middleware that records every call the client makes as a {@link UsageEntry}, once per call
 * (not per retry), handing each to `write`; `acs migrate standard-to-v8 check --usage <file>` and
 * {@link checkStandardToV8} read such a log (one `JSON.stringify(entry)` a line).
 *
 * @example
 * ```ts
 * const log = createWriteStream('campaign-usage.ndjson', { flags: 'a' });
 * const client = createCampaignClient({
 *   auth,
 *   tenant: 'acme',
 *   middleware: [usageLog((entry) => log.write(`${JSON.stringify(entry)}\n`))],
 * });
 * ```
 */
export function usageLog(write: (entry: UsageEntry) => void): Middleware {
  const shapes = new Map<string, Pick<UsageEntry, 'fields' | 'objects'>>();
  const entry = (id: string, request: Request, status?: number): UsageEntry => {
    const url = new URL(request.url);
    const shape = shapes.get(id) ?? {};
    shapes.delete(id);
    return {
      v: 1,
      method: request.method,
      path: usagePath(request.url),
      query: [...new Set(url.searchParams.keys())],
      ...(status === undefined ? {} : { status }),
      ...shape,
    };
  };
  return {
    async onRequest({ request, attempt, id }) {
      if (attempt !== 0 || shapes.has(id)) return;
      if (request.method === 'GET' || request.method === 'DELETE' || request.body === null)
        shapes.set(id, {});
      else shapes.set(id, bodyShape(await request.clone().text()));
    },
    onResponse({ request, response, id }) {
      write(entry(id, request, response.status));
    },
    onError({ request, id }) {
      write(entry(id, request));
    },
  };
}

/**
 * Reads a usage log ({@link UsageEntry} per line); blank lines are skipped, and a line that is not
 * an entry is reported with its number.
 */
export function parseUsageLog(text: string): UsageEntry[] {
  const entries: UsageEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: Partial<UsageEntry> | undefined;
    try {
      value = JSON.parse(line) as Partial<UsageEntry>;
    } catch {
      value = undefined;
    }
    if (
      value?.v !== 1 ||
      typeof value.method !== 'string' ||
      typeof value.path !== 'string' ||
      !Array.isArray(value.query ?? [])
    )
      throw new SyntaxError(`line ${index + 1} of the usage log is not a usage entry (v 1, method, path)`);
    entries.push({ ...value, query: value.query ?? [] } as UsageEntry);
  }
  return entries;
}
