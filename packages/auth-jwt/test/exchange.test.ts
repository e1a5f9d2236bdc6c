import { type FetchLike, ImsError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtAuth, fromEnvironment, type JwtAuthOptions } from '../src/index.js';
import {
  CLIENT_SECRET,
  makeRsaKeys,
  ORG,
  registerJwtClient,
  TECHNICAL_ACCOUNT,
  writeKeyFile,
} from './keys.js';

const keys = makeRsaKeys();
const unregistered = makeRsaKeys();
const CLIENT_ID = 'jwt-exchange-test-client';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ tokenLifetimeSeconds: 600 });
  registerJwtClient(emulator, CLIENT_ID, keys.publicPem);
});
afterAll(() => emulator?.stop());

function options(overrides: Partial<JwtAuthOptions> = {}): JwtAuthOptions {
  return {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    orgId: ORG,
    technicalAccountId: TECHNICAL_ACCOUNT,
    metascopes: ['ent_campaign_sdk'],
    privateKey: keys.pkcs8,
    imsUrl: emulator.imsUrl,
    quietDeprecation: true,
    retry: false,
    ...overrides,
  };
}

async function imsFailure(promise: Promise<unknown>): Promise<ImsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImsError);
  return error as ImsError;
}

describe('JWT exchange against the emulator', () => {
  it.each([
    ['PKCS#8 PEM', () => options()],
    ['PKCS#1 PEM', () => options({ privateKey: keys.pkcs1 })],
    [
      'encrypted PEM + passphrase',
      () => options({ privateKey: keys.encryptedPkcs8, passphrase: keys.passphrase }),
    ],
    ['a Buffer', () => options({ privateKey: Buffer.from(keys.pkcs1) })],
    ['a DER Buffer', () => options({ privateKey: keys.der })],
    ['a KeyObject', () => options({ privateKey: keys.keyObject })],
  ])('gets a token with %s', async (_name, build) => {
    const before = emulator.stats.tokenRequests({ clientId: CLIENT_ID, grant: 'jwt', outcome: 'success' });
    const auth = createJwtAuth(build());
    const token = await auth.getToken();
    expect(token.tokenType).toBe('bearer');
    expect(token.token.split('.')).toHaveLength(3);
    expect(emulator.stats.tokenRequests({ clientId: CLIENT_ID, grant: 'jwt', outcome: 'success' })).toBe(
      before + 1,
    );
  });

  it('gets a token from the environment, with a key file or a \\n-escaped key', async () => {
    const file = writeKeyFile(keys.encryptedPkcs1);
    const env = {
      ACS_CLIENT_ID: CLIENT_ID,
      ACS_CLIENT_SECRET: CLIENT_SECRET,
      ACS_ORG_ID: ORG,
      ACS_TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
      ACS_METASCOPES: 'ent_campaign_sdk',
      ACS_IMS_URL: emulator.imsUrl,
      ACS_SUPPRESS_JWT_WARNING: '1',
    };
    try {
      const fromFile = fromEnvironment({
        ...env,
        ACS_PRIVATE_KEY_FILE: file.path,
        ACS_PRIVATE_KEY_PASSPHRASE: keys.passphrase,
      });
      await expect(fromFile.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    } finally {
      file.cleanup();
    }
    const escaped = fromEnvironment({ ...env, ACS_PRIVATE_KEY: keys.pkcs8.trim().replace(/\n/g, '\\n') });
    await expect(escaped.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('caches the token and fetches it once for concurrent callers', async () => {
    const auth = createJwtAuth(options());
    const before = emulator.stats.tokenRequests({ clientId: CLIENT_ID, grant: 'jwt' });
    const [a, b, c] = await Promise.all([auth.getToken(), auth.getToken(), auth.getToken()]);
    expect(b.token).toBe(a.token);
    expect(c.token).toBe(a.token);
    expect((await auth.getToken()).token).toBe(a.token);
    expect(emulator.stats.tokenRequests({ clientId: CLIENT_ID, grant: 'jwt' })).toBe(before + 1);
    await auth.invalidate();
    await auth.getToken();
    expect(emulator.stats.tokenRequests({ clientId: CLIENT_ID, grant: 'jwt' })).toBe(before + 2);
  });

  it('fails as IMS does for a key that matches no certificate of the client', async () => {
    const error = await imsFailure(createJwtAuth(options({ privateKey: unregistered.pkcs8 })).getToken());
    expect(error.status).toBe(400);
    expect(error.error).toBe('invalid_token');
    expect(error.errorDescription).toBe('Could not match JWT signature to any of the bindings');
    expect(error.hint).toContain('the private key does not belong to an uploaded certificate');
  });

  it('fails for a metascope outside the binding', async () => {
    const error = await imsFailure(
      createJwtAuth(
        options({ metascopes: ['ent_campaign_sdk', 'ent_analytics_bulk_ingest_sdk'] }),
      ).getToken(),
    );
    expect(error.error).toBe('invalid_scope');
    expect(error.errorDescription).toBe(
      'The metascopes in the JWT are not a subset of the metascopes in the binding.',
    );
    expect(error.hint).toContain('for Campaign, ent_campaign_sdk');
  });

  it('fails for an expired JWT', async () => {
    const error = await imsFailure(createJwtAuth(options({ jwtLifetimeSeconds: -60 })).getToken());
    expect(error.error).toBe('invalid_token');
    expect(error.errorDescription).toBe('JWT token has expired');
    expect(error.hint).toBe(
      'IMS says the JWT expired: check the clock of this machine and jwtLifetimeSeconds.',
    );
  });

  it('fails for a JWT whose aud names another IMS', async () => {
    // The production IMS host goes into `aud`; the request itself is routed to the emulator.
    const toEmulator: FetchLike = (input, init) =>
      fetch(String(input).replace('https://ims-na1.adobelogin.com', emulator.imsUrl), init);
    const error = await imsFailure(
      createJwtAuth(options({ imsUrl: 'https://ims-na1.adobelogin.com', fetch: toEmulator })).getToken(),
    );
    expect(error.error).toBe('invalid_client');
    expect(error.errorDescription).toBe('invalid client_id in the JWT audience');
  });

  it('fails for a wrong client secret', async () => {
    const error = await imsFailure(
      createJwtAuth(options({ clientSecret: 'p8e-not-the-right-secret-000' })).getToken(),
    );
    expect(error.status).toBe(401);
    expect(error.error).toBe('invalid_client');
    expect(error.message).not.toContain('p8e-not-the-right-secret-000');
  });
});

describe('expiry of exchanged tokens (expires_in is in milliseconds)', () => {
  it('takes the expiry from the token claims', async () => {
    const before = Date.now();
    const token = await createJwtAuth(options()).getToken();
    const after = Date.now();
    // 600 s of lifetime: read as seconds it would be ~6.9 days away, read as ms ~10 minutes.
    expect(token.expiresOnTimestamp).toBeGreaterThanOrEqual(before + 600_000 - 1_000);
    expect(token.expiresOnTimestamp).toBeLessThanOrEqual(after + 600_000);
  });

  it('reads expires_in as milliseconds when the token is opaque', async () => {
    // The emulator always mints JWT-shaped tokens; an opaque one cannot be produced otherwise.
    const opaque: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      const body = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, access_token: 'opaque-access-token-0123456789' }), {
        status: response.status,
        headers: { 'content-type': 'application/json' },
      });
    };
    const before = Date.now();
    const token = await createJwtAuth(options({ fetch: opaque })).getToken();
    const after = Date.now();
    // The emulator answers expires_in = 599_999 (ms). As seconds that would be ~6.9 days.
    expect(token.expiresOnTimestamp).toBeGreaterThanOrEqual(before + 599_999);
    expect(token.expiresOnTimestamp).toBeLessThanOrEqual(after + 599_999);
  });
});
