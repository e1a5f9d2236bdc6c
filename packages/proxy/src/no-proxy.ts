interface NoProxyEntry {
  host: string;
  port: number | undefined;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function parseEntry(text: string): NoProxyEntry | undefined {
  let host = text.trim().toLowerCase();
  if (host === '') return undefined;
  let port: number | undefined;
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(host);
  if (withPort?.[1] && withPort[2]) {
    host = withPort[1];
    port = Number.parseInt(withPort[2], 10);
  }
  // "*.corp.example", ".corp.example" and "corp.example" all cover corp.example and its subdomains
  host = host.replace(/^\*?\./, '');
  return host === '' ? undefined : { host, port };
}

/**
 * Reads a `NO_PROXY` value (as curl and undici do): hosts separated by commas or spaces, each
 * covering itself and its subdomains (`example.com`, `.example.com` and `*.example.com` alike),
 * optionally with `:port`; IP addresses match exactly; `*` bypasses the proxy for every host.
 *
 * @returns whether a request to `url` goes direct.
 */
export function createNoProxyMatcher(value: string | undefined): (url: URL) => boolean {
  const raw = (value ?? '').trim();
  if (raw === '*') return () => true;
  const entries = raw
    .split(/[\s,]+/)
    .map(parseEntry)
    .filter((entry): entry is NoProxyEntry => entry !== undefined);
  if (entries.length === 0) return () => false;
  return (url) => {
    const hostname = url.hostname.toLowerCase();
    const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number.parseInt(url.port, 10);
    return entries.some(
      (entry) =>
        (entry.port === undefined || entry.port === port) &&
        (hostname === entry.host || hostname.endsWith(`.${entry.host}`)),
    );
  };
}
