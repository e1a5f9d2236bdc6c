import { type FetchLike, UnexpectedResponseError } from '@campaign-standard/core';

/** Statuses whose answers cannot carry a body in a `Response`. */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 204, 205, 304]);

/** An answer read to its end: the `Response` handed on and the bytes of its body. */
export interface WholeAnswer {
  /** The answer as handed on: the one fetched (its body used), or a rebuilt one with `keepBody`. */
  response: Response;
  /** The body, or `null` when there is none. */
  body: Uint8Array | null;
  /** Set when a middleware's `onRequest` answered: the answer is the call's as it is. */
  answeredBy?: 'middleware';
}

/**
 * A `fetch` that resolves only once the whole body has arrived, and refuses bodies larger than
 * `maxBytes`. Run inside an attempt's deadline, the timeout and the caller's signal then cover
 * the body as well as the headers, so a server that sends headers and then trickles the body (a
 * slow-loris answer) cannot hold a call past its timeout, and a body cut off mid-way is a
 * network failure that an idempotent call retries.
 *
 * The body is kept as bytes (`read`), not put back into a new `Response`: building a `Response`
 * with a body and reading it again costs more than the rest of the client's own work per call.
 * With `keepBody`, the answer handed on still carries its body (for hooks that read it).
 */
export function wholeBodyFetch(
  fetchImpl: FetchLike,
  maxBytes: number,
  read: (answer: WholeAnswer) => void,
  keepBody = false,
): FetchLike {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const body = await readWhole(response, maxBytes, () => describe(input, init));
    const handed = keepBody ? rebuild(response, body) : response;
    read({ response: handed, body });
    return handed;
  };
}

/** Reads a body to its end, refusing more than `maxBytes`; `null` when there is no body. */
export async function readWhole(
  response: Response,
  maxBytes: number,
  where: () => string,
): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(response.status, where(), maxBytes);
  }
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(response.status, where(), maxBytes);
    }
    chunks.push(value);
  }
  if (size === 0 || NULL_BODY_STATUSES.has(response.status)) return null;
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : join(chunks, size);
}

/** A fresh `Response` with the same status, headers and URL, carrying `body`. */
export function rebuild(response: Response, body: Uint8Array | null): Response {
  const whole = new Response(body as Uint8Array<ArrayBuffer> | null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(whole, 'url', { value: response.url });
  return whole;
}

function tooLarge(status: number, where: string, maxBytes: number): UnexpectedResponseError {
  return new UnexpectedResponseError(
    `The answer to ${where} is larger than ${maxBytes} bytes (maxResponseBytes); it was not read`,
    { status },
  );
}

function join(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function describe(input: string | URL | Request, init: RequestInit | undefined): string {
  const request = input instanceof Request ? input : undefined;
  const method = init?.method ?? request?.method ?? 'GET';
  const url = new URL(request ? request.url : String(input));
  return `${method} ${url.origin}${url.pathname}`;
}
