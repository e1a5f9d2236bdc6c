/** The SHA-256 of a text, as lower-case hex, through Web Crypto (Node, Deno, Bun, edge workers). */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available in this runtime');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A token cache key naming every input that changes the token, with no secret in clear:
 * `acs:<kind>:<clientId>:<sha256 hex>`.
 *
 * The hash covers `kind`, every part (lists are sorted, so scope order does not matter; a part
 * left `undefined` is distinct from an empty string) and the SHA-256 of each secret, so a new
 * secret gives a new key without the key revealing it.
 *
 * @param kind - the strategy, e.g. `oauth-server-to-server` or `jwt`
 * @param parts - the public inputs: IMS host, `clientId`, org, scopes or metascopes, technical account, …
 * @param secrets - the client secrets (and, for JWT, the private key); only their hashes are used
 *
 * @example
 * ```ts
 * const key = await createCacheKey('oauth-server-to-server',
 *   { imsUrl, clientId, orgId, scopes }, [clientSecret]);
 * // 'acs:oauth-server-to-server:0a1b…:9f86d08…'
 * ```
 */
export async function createCacheKey(
  kind: string,
  parts: Record<string, string | readonly string[] | undefined>,
  secrets: readonly string[],
): Promise<string> {
  const entries = Object.keys(parts)
    .sort()
    .flatMap((name): Array<[string, string | string[]]> => {
      const value = parts[name];
      if (value === undefined) return [];
      return [[name, typeof value === 'string' ? value : [...value].sort()]];
    });
  const secretHashes = (await Promise.all(secrets.map((secret) => sha256Hex(secret)))).sort();
  const digest = await sha256Hex(JSON.stringify({ kind, parts: entries, secrets: secretHashes }));
  const clientId = typeof parts['clientId'] === 'string' ? parts['clientId'] : '';
  return `acs:${kind}:${clientId}:${digest}`;
}
