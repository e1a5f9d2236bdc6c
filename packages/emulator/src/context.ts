import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GrantKind } from './types.js';

/** One request as the handlers see it. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** The path with runs of slashes collapsed (Campaign docs contain `campaign//profile...`). */
  path: string;
  body: Buffer;
  now: number;
  /** What the log line will say; handlers fill it in. */
  info: {
    clientId?: string;
    tenant?: string;
    grant?: GrantKind;
    tokenRequest: boolean;
    /** Answered 429 by the rate limit. */
    rateLimited?: boolean;
  };
}
