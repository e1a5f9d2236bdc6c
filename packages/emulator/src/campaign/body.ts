import type { RequestContext } from '../context.js';
import { badBody, unsupportedMediaType } from './errors.js';
import type { Row } from './resources.js';

/** Options of {@link jsonBody}. */
export interface JsonBodyOptions {
  /**
   * The content type must also name a charset (`application/json;charset=utf-8`), as Adobe's
   * transactional messages page requires for events (help/api/using/managing-transactional-messages.md:
   * "You must add a charset").
   */
  charset?: boolean;
}

/**
 * The request body as a JSON object, or the error Campaign gives for anything else. A body must
 * come with `Content-Type: application/json` (parameters such as a charset allowed): every request
 * with a body in Adobe's pages (help/api/using/*.md) sends that header. An empty body needs none.
 */
export function jsonBody(ctx: RequestContext, options: JsonBodyOptions = {}): Row {
  if (ctx.body.length === 0) return {};
  checkContentType(ctx, options.charset ?? false);
  try {
    const value = JSON.parse(ctx.body.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Row;
  } catch {
    // falls through
  }
  throw badBody();
}

function checkContentType(ctx: RequestContext, needCharset: boolean): void {
  const received = String(ctx.req.headers['content-type'] ?? '').trim();
  const [mediaType, ...params] = received.split(';').map((part) => part.trim().toLowerCase());
  const charset = params.some((p) => /^charset=("?)[^"\s]+\1$/.test(p));
  if (mediaType !== 'application/json' || (needCharset && !charset))
    throw unsupportedMediaType(received, needCharset);
}
