import type { IncomingMessage, ServerResponse } from 'node:http';

/** The most the emulator reads from a request body (Campaign caps signal payloads at 64 KB). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Reads a request body fully. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * Form parameters of a request, from the query string, then an urlencoded or multipart body
 * (body values win), then HTTP Basic client authentication for `client_id`/`client_secret`.
 */
export async function readFormParams(
  url: URL,
  headers: IncomingMessage['headers'],
  body: Buffer,
): Promise<Map<string, string>> {
  const params = new Map<string, string>();
  for (const [k, v] of url.searchParams) params.set(k, v);
  const type = String(headers['content-type'] ?? '').toLowerCase();
  if (body.length > 0) {
    if (type.startsWith('multipart/form-data')) {
      try {
        const form = await new Response(new Uint8Array(body), {
          headers: { 'content-type': String(headers['content-type']) },
        }).formData();
        form.forEach((value, key) => {
          if (typeof value === 'string') params.set(key, value);
        });
      } catch {
        // An unreadable multipart body leaves only the query parameters, as a missing field would.
      }
    } else if (type.startsWith('application/json')) {
      try {
        const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        for (const [k, v] of Object.entries(json)) if (typeof v === 'string') params.set(k, v);
      } catch {
        // ignored, as above
      }
    } else {
      // IMS documents urlencoded bodies; a body without a content type is read the same way.
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
    }
  }
  const auth = String(headers.authorization ?? '');
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      if (!params.has('client_id')) params.set('client_id', decodeURIComponent(decoded.slice(0, colon)));
      if (!params.has('client_secret'))
        params.set('client_secret', decodeURIComponent(decoded.slice(colon + 1)));
    }
  }
  return params;
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Writes a plain-text answer. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Writes an empty answer (204 and the like). */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}
