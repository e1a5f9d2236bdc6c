import {
  ConfigurationError,
  type ConfigurationIssue,
  type FetchLike,
  ownProperties,
} from '@campaign-standard/core';
import type { Dispatcher } from 'undici';
import { proxyFailure } from './failures.js';
import { createNoProxyMatcher } from './no-proxy.js';
import { type ProxyEnvironment, readProxySettings } from './settings.js';

/** Options of {@link createProxyFetch}. */
export interface ProxyFetchOptions {
  /** Where `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (or their lower-case forms) are read. @defaultValue `process.env` */
  env?: ProxyEnvironment | undefined;
  /** One proxy for every request, instead of the environment's: `http://[user:password@]host:port`. */
  proxyUrl?: string | undefined;
  /** Hosts that go direct, in `NO_PROXY` syntax, instead of the environment's. */
  noProxy?: string | undefined;
  /** The `fetch` that sends the requests (it must accept undici's `dispatcher`). @defaultValue `globalThis.fetch` */
  fetch?: FetchLike | undefined;
}

/** A `fetch` that goes through the configured proxy; {@link ProxyFetch.close} frees its connections. */
export interface ProxyFetch extends FetchLike {
  /** Whether any request goes through a proxy (false when no proxy is configured). */
  readonly proxied: boolean;
  /** Closes the proxy connections kept alive. */
  close(): Promise<void>;
}

function targetOf(input: string | URL | Request): URL | undefined {
  try {
    return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  } catch {
    return undefined;
  }
}

/**
 * A `fetch` for Node.js that honours `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (or the given
 * `proxyUrl`/`noProxy`), including proxies that want basic authentication (from the proxy URL's
 * `user:password@`, sent as `Proxy-Authorization`, never printed). Give it to the strategies and
 * the client as their `fetch` option.
 *
 * Requests are tunnelled with `CONNECT` through undici's `ProxyAgent`, handed to Node's own
 * `fetch` as its `dispatcher`, so requests and responses stay the platform's classes. A proxy that
 * answers 407, refuses the host or cannot be reached gives a
 * {@link @campaign-standard/core!NetworkError | NetworkError} that names the proxy (without
 * credentials) and says what to change. With no proxy configured, it is plain `fetch`.
 *
 * @example
 * ```ts
 * import { fromEnvironment } from '@campaign-standard/auth-oauth';
 * import { createCampaignClient } from '@campaign-standard/client';
 * import { createProxyFetch } from '@campaign-standard/proxy';
 *
 * const fetch = createProxyFetch(); // HTTPS_PROXY=http://user:password@proxy.corp:3128
 * const auth = fromEnvironment(process.env, { fetch });
 * const campaign = createCampaignClient({ auth, tenant: 'acme', fetch });
 * ```
 *
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} when a proxy URL
 * is not an http(s) URL (its password is not shown).
 */
export function createProxyFetch(input: ProxyFetchOptions = {}): ProxyFetch {
  const options = ownProperties(input);
  const issues: ConfigurationIssue[] = [];
  const settings = readProxySettings(options, issues);
  if (issues.length > 0)
    throw new ConfigurationError(issues, options.proxyUrl === undefined ? 'environment' : 'options');
  const base: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const direct = createNoProxyMatcher(settings.noProxy);

  // undici loads on the first proxied request: programs without a proxy never pay for it
  const agents = new Map<string, Promise<Dispatcher>>();
  const agentFor = (proxy: URL): Promise<Dispatcher> => {
    let agent = agents.get(proxy.href);
    if (!agent) {
      agent = import('undici').then(({ ProxyAgent }) => new ProxyAgent({ uri: proxy.href }));
      agents.set(proxy.href, agent);
    }
    return agent;
  };

  const proxyFor = (target: URL | undefined): URL | undefined => {
    if (!target || direct(target)) return undefined;
    if (target.protocol === 'https:') return settings.httpsProxy;
    if (target.protocol === 'http:') return settings.httpProxy;
    return undefined;
  };

  const proxyFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const target = targetOf(input);
    const proxy = proxyFor(target);
    if (!proxy || !target) return base(input, init);
    try {
      return await base(input, { ...init, dispatcher: await agentFor(proxy) } as RequestInit);
    } catch (error) {
      throw proxyFailure(error, proxy, target) ?? error;
    }
  };

  return Object.assign(proxyFetch, {
    proxied: settings.httpProxy !== undefined || settings.httpsProxy !== undefined,
    async close() {
      const open = [...agents.values()];
      agents.clear();
      await Promise.all(open.map(async (agent) => (await agent).close()));
    },
  });
}
