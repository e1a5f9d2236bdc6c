import { AbortedError, decodeImsTokenClaims, ImsError, NetworkError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthServerToServerAuth, type OAuthServerToServerOptions } from '../src/index.js';

let emulator: Emulator;
let clientCount = 0;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.faults.clear();
  emulator.stats.reset();
});

/** Registers a fresh client, so each test counts only its own token requests. */
function newClient(secrets: string[] = [`p8e-secret-${++clientCount}-aaaaaaaa`]) {
  const clientId = `oauth-test-client-${++clientCount}`;
  emulator.registerClient({
    clientId,
    clientSecrets: secrets,
    orgId: emulator.credentials.orgId,
    technicalAccountId: emulator.credentials.technicalAccountId,
    scopes: ['openid', 'AdobeID', 'campaign_sdk'],
    metascopes: [],
  });
  return { clientId, secrets };
}

function options(
  client: { clientId: string; secrets: string[] },
  extra: Partial<OAuthServerToServerOptions> = {},
): OAuthServerToServerOptions {
  return {
    clientId: client.clientId,
    clientSecrets: client.secrets,
    orgId: emulator.credentials.orgId,
    scopes: ['openid', 'AdobeID', 'campaign_sdk'],
    imsUrl: emulator.imsUrl,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('token requests against the emulated IMS', () => {
  it('gets a token whose expiry comes from its own claims, with the request IMS expects', async () => {
    const client = newClient();
    const sent: Array<{ url: string; init: RequestInit | undefined }> = [];
    const auth = createOAuthServerToServerAuth(
      options(client, {
        scopes: [' openid', 'AdobeID', 'openid ', 'campaign_sdk', 'AdobeID'],
        userAgent: 'acs-test/1.0',
        fetch: (input, init) => {
          sent.push({ url: String(input), init });
          return fetch(input, init);
        },
      }),
    );
    const token = await auth.getToken();

    expect(token.tokenType).toBe('bearer');
    const claims = decodeImsTokenClaims(token.token);
    expect(claims?.['client_id']).toBe(client.clientId);
    expect(token.expiresOnTimestamp).toBe(Number(claims?.['created_at']) + Number(claims?.['expires_in']));

    expect(sent).toHaveLength(1);
    const [{ url, init }] = sent as [(typeof sent)[0]];
    expect(url).toBe(`${emulator.imsUrl}/ims/token/v3`);
    expect(init?.method).toBe('POST');
    expect(init?.headers).toEqual({
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      'User-Agent': 'acs-test/1.0',
    });
    expect([...new URLSearchParams(String(init?.body))]).toEqual([
      ['grant_type', 'client_credentials'],
      ['client_id', client.clientId],
      ['client_secret', client.secrets[0]],
      ['scope', 'openid,AdobeID,campaign_sdk'],
    ]);
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'success' })).toBe(1);
  });

  it('makes exactly one token request for 1,000 concurrent callers on a cold strategy', async () => {
    const client = newClient();
    const auth = createOAuthServerToServerAuth(options(client));
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => auth.getToken()));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(emulator.stats.tokenRequests({ clientId: client.clientId })).toBe(1);
  });

  it('forceRefresh and invalidate get a new token; a plain call reuses the cached one', async () => {
    const client = newClient();
    const auth = createOAuthServerToServerAuth(options(client));
    const first = await auth.getToken();
    expect((await auth.getToken()).token).toBe(first.token);
    const forced = await auth.getToken({ forceRefresh: true });
    await auth.invalidate();
    const after = await auth.getToken();
    expect(emulator.stats.tokenRequests({ clientId: client.clientId })).toBe(3);
    expect(new Set([first.token, forced.token, after.token]).size).toBe(3);
  });
});

describe('secret rotation', () => {
  it('moves on to the second secret when IMS rejects the first, and starts with it afterwards', async () => {
    const client = newClient(['p8e-the-new-secret-bbbbbbbb']);
    const auth = createOAuthServerToServerAuth(
      options(client, { clientSecrets: ['p8e-the-old-secret-aaaaaaaa', 'p8e-the-new-secret-bbbbbbbb'] }),
    );
    await auth.getToken();
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'error' })).toBe(1);
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'success' })).toBe(1);

    await auth.getToken({ forceRefresh: true });
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'error' })).toBe(1);
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'success' })).toBe(2);
  });

  it('says that every secret was rejected, without revealing any', async () => {
    const client = newClient(['p8e-the-only-good-secret-cc']);
    const wrong = ['p8e-wrong-secret-number-one', 'p8e-wrong-secret-number-two'];
    const auth = createOAuthServerToServerAuth(options(client, { clientSecrets: wrong }));
    const error = (await failure(auth.getToken())) as ImsError;
    expect(error).toBeInstanceOf(ImsError);
    expect(error.message).toMatch(
      /^IMS answered 400: invalid_client: invalid client_secret parameter \(all 2 configured secrets were rejected\) \(x-debug-id [0-9a-f]+\)$/,
    );
    expect(error.hint).toBe(
      "IMS rejected each of the 2 configured client secrets: copy a current one from the OAuth Server-to-Server credential's page in the Developer Console.",
    );
    const printed = `${error.message} ${error.hint} ${JSON.stringify(error)} ${error.stack}`;
    for (const secret of wrong) expect(printed).not.toContain(secret);
    expect(emulator.stats.tokenRequests({ clientId: client.clientId })).toBe(2);
  });
});

describe('IMS errors', () => {
  it('maps a wrong secret to invalid_client with a hint, and does not retry it', async () => {
    const client = newClient();
    const auth = createOAuthServerToServerAuth(
      options(client, { clientSecrets: ['p8e-not-the-secret-dddd'] }),
    );
    const error = (await failure(auth.getToken())) as ImsError;
    expect(error).toMatchObject({
      code: 'ERR_IMS',
      status: 400,
      error: 'invalid_client',
      errorDescription: 'invalid client_secret parameter',
      endpoint: `${emulator.imsUrl}/ims/token/v3`,
    });
    expect(error.debugId).toMatch(/^[0-9a-f]{24}$/);
    expect(error.hint).toBe(
      "IMS does not accept the client secret: copy a current one from the OAuth Server-to-Server credential's page in the Developer Console (it may have been rotated or deleted).",
    );
    expect(emulator.stats.tokenRequests({ clientId: client.clientId })).toBe(1);
  });

  it('points at client_secret vs client_secrets when a secret looks like a pasted list', async () => {
    const client = newClient();
    const auth = createOAuthServerToServerAuth(
      options(client, { clientSecret: `["${client.secrets[0]}"]`, clientSecrets: undefined }),
    );
    const error = (await failure(auth.getToken())) as ImsError;
    expect(error.error).toBe('invalid_client');
    expect(error.hint).toMatch(
      /^The client secret looks like a list pasted as one value \(client_secret vs client_secrets\)/,
    );
  });

  it('maps an unknown client id', async () => {
    const auth = createOAuthServerToServerAuth(
      options({ clientId: 'no-such-client', secrets: ['p8e-whatever-secret-eeee'] }),
    );
    const error = (await failure(auth.getToken())) as ImsError;
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_client',
      errorDescription: 'invalid client_id parameter',
    });
    expect(error.hint).toBe(
      `IMS does not know this client id: check clientId (the API key on the credential page) and that the IMS URL (${emulator.imsUrl}) is the one of the credential's environment (production or stage).`,
    );
  });

  it('maps a scope that is not on the credential', async () => {
    const client = newClient();
    const auth = createOAuthServerToServerAuth(
      options(client, { scopes: ['openid', 'campaign_sdk', 'ent_user_sdk'] }),
    );
    const error = (await failure(auth.getToken())) as ImsError;
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_scope',
      errorDescription: 'invalid scope (ent_user_sdk)',
    });
    expect(error.hint).toMatch(/^A requested scope is not on the credential/);
  });

  it('waits out a 429 with Retry-After, then gets the token', async () => {
    const client = newClient();
    emulator.faults.inject({ target: 'ims', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
    const auth = createOAuthServerToServerAuth(options(client));
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'error' })).toBe(1);
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'success' })).toBe(1);
  });

  it('reports a 429 with its Retry-After once retries are used up', async () => {
    const client = newClient();
    emulator.faults.inject({ target: 'ims', kind: 'status', status: 429, retryAfterSeconds: 7, times: 1 });
    const auth = createOAuthServerToServerAuth(options(client, { retry: { maxRetries: 0 } }));
    const error = (await failure(auth.getToken())) as ImsError;
    expect(error).toMatchObject({ status: 429, error: 'too_many_requests', retryAfterMs: 7000 });
    expect(error.hint).toMatch(/^IMS is throttling token requests/);
  });

  it('retries a 5xx, then succeeds', async () => {
    const client = newClient();
    emulator.faults.inject({ target: 'ims', kind: 'status', status: 503, retryAfterSeconds: 0, times: 1 });
    emulator.faults.inject({ target: 'ims', kind: 'status', status: 500, times: 1 });
    const auth = createOAuthServerToServerAuth(options(client, { retry: { initialDelayMs: 5 } }));
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'error' })).toBe(2);
    expect(emulator.stats.tokenRequests({ clientId: client.clientId, outcome: 'success' })).toBe(1);
  });

  it('stops waiting when the caller aborts', async () => {
    const client = newClient();
    emulator.faults.inject({ target: 'ims', kind: 'latency', latencyMs: 3000, times: 1 });
    const auth = createOAuthServerToServerAuth(options(client));
    const controller = new AbortController();
    const pending = auth.getToken({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toBeInstanceOf(AbortedError);
  });

  it('reports an unreachable IMS as a NetworkError after its retries', async () => {
    const auth = createOAuthServerToServerAuth(
      options(newClient(), { imsUrl: 'http://127.0.0.1:9', retry: { maxRetries: 1, initialDelayMs: 1 } }),
    );
    const error = await failure(auth.getToken());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/^Could not reach IMS at http:\/\/127\.0\.0\.1:9\/ims\/token\/v3/);
  });
});

describe('short-lived tokens', () => {
  let shortLived: Emulator;
  beforeAll(async () => {
    shortLived = await startEmulator({ tokenLifetimeSeconds: 2 });
  });
  afterAll(async () => {
    await shortLived.stop();
  });

  it('refreshes before expiry and never returns an expired token', async () => {
    const c = shortLived.credentials;
    const auth = createOAuthServerToServerAuth({
      clientId: c.clientId,
      clientSecrets: [c.clientSecret],
      orgId: c.orgId,
      scopes: c.scopes,
      imsUrl: shortLived.imsUrl,
    });
    const seen = new Set<string>();
    const until = Date.now() + 3500;
    while (Date.now() < until) {
      const { token, expiresOnTimestamp } = await auth.getToken();
      const claims = decodeImsTokenClaims(token);
      const now = Date.now();
      expect(expiresOnTimestamp).toBeGreaterThan(now);
      expect(Number(claims?.['created_at']) + Number(claims?.['expires_in'])).toBeGreaterThan(now);
      seen.add(token);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const requests = shortLived.stats.tokenRequests({ clientId: c.clientId });
    // 2-second tokens refreshed halfway: about one request a second, never one per call
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(requests).toBeLessThanOrEqual(6);
  });
});
