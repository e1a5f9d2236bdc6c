import { type FetchLike, UnexpectedResponseError } from '@campaign-standard/core';

/** Statuses whose answers cannot carry a body in a `Response`. */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 204, 205, 304]);

/**
 * A `fetch` that resolves only once the whole body has arrived, and refuses bodies larger than
 * `maxBytes`. Wrapped inside ky, the attempt's timeout and the caller's signal then cover the
 * body as well as the headers, so a server that sends headers and then trickles the body (a
 * slow-loris answer) cannot hold a call past its timeout, and a body cut off mid-way is a
 * network failure that an idempotent call retries.
 */
export function wholeBodyFetch(fetchImpl: FetchLike, maxBytes: number): FetchLike {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const where = describe(input, init);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(response.status, where, maxBytes);
    }
    if (!response.body) return response;
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(response.status, where, maxBytes);
      }
      chunks.push(value);
    }
    const body = size === 0 || NULL_BODY_STATUSES.has(response.status) ? null : join(chunks, size);
    const whole = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(whole, 'url', { value: response.url });
    return whole;
  };
}

function tooLarge(status: number, where: string, maxBytes: number): UnexpectedResponseError {
  return new UnexpectedResponseError(
    `The answer to ${where} is larger than ${maxBytes} bytes (maxResponseBytes); it was not read`,
    { status },
  );
}

function join(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
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
