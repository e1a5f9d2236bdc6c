export { createNoProxyMatcher } from './no-proxy.js';
export { createProxyFetch, type ProxyFetch, type ProxyFetchOptions } from './proxy-fetch.js';
export { hasProxyEnvironment, type ProxyEnvironment } from './settings.js';
