import type { RequestContext } from '../context.js';
import { badBody } from './errors.js';
import type { Row } from './resources.js';

/** The request body as a JSON object, or the error Campaign gives for anything else. */
export function jsonBody(ctx: RequestContext): Row {
  if (ctx.body.length === 0) return {};
  try {
    const value = JSON.parse(ctx.body.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Row;
  } catch {
    // falls through
  }
  throw badBody();
}
