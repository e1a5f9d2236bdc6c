import { isCampaignSdkError, NetworkError } from '@campaign-standard/core';
import { describeProxy } from './settings.js';

const STATUS_TEXT: Record<number, string> = {
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The messages and error codes along the cause chain (fetch wraps undici's error once or twice). */
function causeOf(error: unknown): { message: string; code: string | undefined } {
  const messages: string[] = [];
  let code: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    messages.push(current.message);
    const candidate = (current as { code?: unknown }).code;
    if (typeof candidate === 'string') code = candidate;
    current = current.cause;
  }
  return { message: messages.join(' | '), code };
}

/**
 * Turns a failed request through a proxy into an error that says the proxy is the problem, or
 * returns `undefined` when the failure is not the proxy's. The proxy is named without its user
 * and password, and the hint says what to change.
 */
export function proxyFailure(error: unknown, proxy: URL, target: URL): NetworkError | undefined {
  if (isCampaignSdkError(error)) return undefined;
  const { message, code } = causeOf(error);
  const where = describeProxy(proxy);
  const host = target.host;
  const status = /Proxy response \((\d{3})\)/.exec(message);
  const statusCode = Number(status?.[1]);
  if (statusCode === 407 || /Proxy Authentication Required/i.test(message)) {
    return new NetworkError(
      `The proxy ${where} answered 407 Proxy Authentication Required to the request for ${host}`,
      {
        cause: error,
        url: target.href,
        retryable: false,
        hint: proxy.username
          ? 'The proxy refused the user or password in the proxy URL: check them, and percent-encode special characters (@ as %40, : as %3A).'
          : 'The proxy wants a user and password: put them in the proxy URL (HTTPS_PROXY / HTTP_PROXY), as user:password@ before the host, percent-encoded.',
      },
    );
  }
  if (statusCode >= 400) {
    const text = STATUS_TEXT[statusCode] ? ` ${STATUS_TEXT[statusCode]}` : '';
    return new NetworkError(`The proxy ${where} refused to connect to ${host}: ${statusCode}${text}`, {
      cause: error,
      url: target.href,
      hint: `The proxy does not let this host through or cannot reach it: ask for ${target.hostname} to be allowed, or list it in NO_PROXY if it is reachable directly.`,
    });
  }
  if (
    code &&
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ECONNRESET|UND_ERR_CONNECT_TIMEOUT)$/.test(
      code,
    )
  ) {
    return new NetworkError(`Could not reach the proxy ${where} for ${host} (${code})`, {
      cause: error,
      url: target.href,
      hint: 'Check HTTPS_PROXY / HTTP_PROXY (host and port), or unset them if this network needs no proxy.',
    });
  }
  return undefined;
}
