import { redact, redactedExcerpt, redactHeaders } from '@campaign-standard/core';
import type { OutputStream } from './io.js';

const BODY_LIMIT = 2000;

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return '[body]';
}

/**
 * Wraps `fetch` so every HTTP exchange (IMS and Campaign) is written to `stream` (stderr): method,
 * URL, headers, bodies (their first 2000 characters, through core's `redactedExcerpt`) and timing,
 * each through core's `redact`/`redactHeaders`, so secrets, tokens and private keys never appear.
 */
export function createLoggingFetch(
  fetchImpl: typeof fetch,
  stream: OutputStream,
  extraSecrets: () => Iterable<string | undefined> = () => [],
): typeof fetch {
  const line = (text: string) => stream.write(`${redact(text, extraSecrets())}\n`);
  const excerpt = (text: string) =>
    redactedExcerpt(text, BODY_LIMIT, { extra: extraSecrets(), ellipsis: '…' });
  return async (input, init) => {
    const request = new Request(input, init);
    const started = performance.now();
    line(`> ${request.method} ${redact(request.url)}`);
    for (const [name, value] of Object.entries(redactHeaders(request.headers))) line(`>   ${name}: ${value}`);
    const sent = bodyText(init?.body);
    if (sent) line(`>   ${excerpt(sent)}`);
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (error) {
      line(`< failed after ${Math.round(performance.now() - started)} ms: ${(error as Error).message}`);
      throw error;
    }
    line(`< ${response.status} ${response.statusText} (${Math.round(performance.now() - started)} ms)`);
    for (const [name, value] of Object.entries(redactHeaders(response.headers)))
      line(`<   ${name}: ${value}`);
    try {
      const text = await response.clone().text();
      if (text) line(`<   ${excerpt(text)}`);
    } catch {
      // a body that cannot be read twice is not worth failing the request for
    }
    return response;
  };
}
