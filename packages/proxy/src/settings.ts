import { type ConfigurationIssue, registerSecret } from '@campaign-standard/core';

/** Environment variables, as in `process.env`. */
export type ProxyEnvironment = Record<string, string | undefined>;

/** Which proxy serves which requests, read from options and the environment. */
export interface ProxySettings {
  /** For `http:` requests. */
  httpProxy: URL | undefined;
  /** For `https:` requests (falls back to the `http:` one, as undici and most tools do). */
  httpsProxy: URL | undefined;
  /** The `NO_PROXY` list. */
  noProxy: string;
}

function pick(env: ProxyEnvironment, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

/** A proxy URL as people write it: `host:port` means `http://host:port`. */
function parseProxyUrl(text: string, field: string, issues: ConfigurationIssue[]): URL | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    issues.push({ field, problem: 'is not a URL (expected one such as http://proxy.example:3128)' });
    return undefined;
  }
  registerSecret(decodeURIComponent(url.password));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push({
      field,
      problem: `uses ${url.protocol.slice(0, -1)}: only http and https proxies are supported`,
    });
    return undefined;
  }
  return url;
}

/**
 * The proxy settings: `proxyUrl` for every request when given, else `HTTPS_PROXY`/`https_proxy`
 * and `HTTP_PROXY`/`http_proxy`; `noProxy`, else `NO_PROXY`/`no_proxy`. Lower-case names win,
 * as with curl. Passwords in proxy URLs are registered for redaction at once.
 */
export function readProxySettings(
  options: {
    env?: ProxyEnvironment | undefined;
    proxyUrl?: string | undefined;
    noProxy?: string | undefined;
  },
  issues: ConfigurationIssue[],
): ProxySettings {
  const env = options.env ?? process.env;
  const noProxy = options.noProxy ?? pick(env, 'no_proxy') ?? '';
  if (options.proxyUrl !== undefined) {
    const url = parseProxyUrl(options.proxyUrl, 'proxyUrl', issues);
    return { httpProxy: url, httpsProxy: url, noProxy };
  }
  const http = pick(env, 'http_proxy');
  const https = pick(env, 'https_proxy');
  const httpProxy = http === undefined ? undefined : parseProxyUrl(http, 'HTTP_PROXY', issues);
  const httpsProxy = https === undefined ? httpProxy : parseProxyUrl(https, 'HTTPS_PROXY', issues);
  return { httpProxy, httpsProxy, noProxy };
}

/** True when the environment names a proxy: the cheap check to make before loading this package. */
export function hasProxyEnvironment(env: ProxyEnvironment = process.env): boolean {
  return pick(env, 'https_proxy') !== undefined || pick(env, 'http_proxy') !== undefined;
}

/** A proxy URL safe to print: no user or password. */
export function describeProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
