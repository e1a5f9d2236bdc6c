/**
 * A token straight from the emulator's `/ims/token/v3`, with global fetch.
 *
 * @param {{ imsUrl: string, credentials: any }} emulator
 * @returns {Promise<string>}
 */
export async function rawToken(emulator) {
  const c = emulator.credentials;
  const res = await fetch(`${emulator.imsUrl}/ims/token/v3`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
      scope: c.scopes.join(','),
    }),
  });
  if (!res.ok) throw new Error(`token request answered ${res.status}`);
  return (await res.json()).access_token;
}

/**
 * The headers our client sends on a GET, for a raw fetch doing the same work.
 *
 * @param {{ credentials: any }} emulator
 * @param {string} token
 */
export function rawHeaders(emulator, token) {
  return {
    authorization: `Bearer ${token}`,
    'x-api-key': emulator.credentials.clientId,
    'cache-control': 'no-cache',
    accept: 'application/json',
  };
}

/**
 * URL of one profile on the emulator.
 *
 * @param {{ baseUrl: string, credentials: any }} emulator
 * @param {string} pkey
 */
export function profileUrl(emulator, pkey) {
  return `${emulator.baseUrl}/${emulator.credentials.tenant}/campaign/profileAndServices/profile/${encodeURIComponent(pkey)}`;
}
