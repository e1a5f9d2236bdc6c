import { describe, expect, it } from 'vitest';
import { createNoProxyMatcher } from '../src/index.js';

describe('NO_PROXY', () => {
  const goesDirect = (noProxy: string | undefined, url: string) =>
    createNoProxyMatcher(noProxy)(new URL(url));

  it('covers a host and its subdomains, whether written example.com, .example.com or *.example.com', () => {
    for (const entry of ['adobe.io', '.adobe.io', '*.adobe.io']) {
      expect(goesDirect(entry, 'https://mc.adobe.io/acme/campaign')).toBe(true);
      expect(goesDirect(entry, 'https://adobe.io/')).toBe(true);
      expect(goesDirect(entry, 'https://notadobe.io/')).toBe(false);
    }
  });

  it('reads lists separated by commas or spaces, case-insensitively, with optional ports', () => {
    const list = ' localhost, 127.0.0.1:8080  IMS-NA1.adobelogin.com ';
    expect(goesDirect(list, 'http://localhost:3000/')).toBe(true);
    expect(goesDirect(list, 'http://127.0.0.1:8080/')).toBe(true);
    expect(goesDirect(list, 'http://127.0.0.1:9090/')).toBe(false);
    expect(goesDirect(list, 'https://ims-na1.adobelogin.com/ims/token/v3')).toBe(true);
    expect(goesDirect('example.com:443', 'https://example.com/')).toBe(true);
    expect(goesDirect('example.com:443', 'http://example.com/')).toBe(false);
  });

  it('bypasses everything with *, nothing when empty', () => {
    expect(goesDirect('*', 'https://mc.adobe.io/')).toBe(true);
    expect(goesDirect('', 'https://mc.adobe.io/')).toBe(false);
    expect(goesDirect(undefined, 'https://mc.adobe.io/')).toBe(false);
  });
});
