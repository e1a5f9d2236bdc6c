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
