import { webcrypto } from 'node:crypto';
import { PrivateKeyError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createJwtAuth, type JwtAuthOptions } from '../src/index.js';
import {
  CLIENT_SECRET,
  makeCertificate,
  makeRsaKeys,
  ORG,
  registerJwtClient,
  TECHNICAL_ACCOUNT,
} from './keys.js';

/**
 * The Web Crypto path of the JWT strategy: a CryptoKey given as the key (any runtime), and PEM keys
 * where there is no node:crypto (Cloudflare Workers without nodejs_compat, here simulated by a
 * process.getBuiltinModule that finds nothing; packages/runtime-smoke runs it in workerd itself).
 */

const keys = makeRsaKeys();
const CLIENT_ID = 'jwt-web-crypto-test-client';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ tokenLifetimeSeconds: 600 });
  registerJwtClient(emulator, CLIENT_ID, keys.publicPem);
});
afterAll(() => emulator?.stop());
afterEach(() => {
  vi.restoreAllMocks();
});

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

const importRs256 = (extractable: boolean) =>
  webcrypto.subtle.importKey('pkcs8', keys.der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, extractable, [
    'sign',
  ]);

/** As in a runtime without node:crypto. */
function withoutNodeCrypto(): void {
  vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('a Web Crypto CryptoKey as the key', () => {
  it.each([true, false])('signs the JWT IMS exchanges (extractable: %s)', async (extractable) => {
    const auth = createJwtAuth(options({ privateKey: await importRs256(extractable) }));
    const before = emulator.stats.tokenRequests({ clientId: CLIENT_ID, grant: 'jwt', outcome: 'success' });
    expect((await auth.getToken()).token.length).toBeGreaterThan(20);
    expect((await auth.getToken()).tokenType).toBe('bearer');
    expect(
      emulator.stats.tokenRequests({ clientId: CLIENT_ID, grant: 'jwt', outcome: 'success' }) - before,
    ).toBe(1);
  });

  it('is refused at once when it cannot sign RS256 for IMS', async () => {
    const pss = await webcrypto.subtle.importKey(
      'pkcs8',
      keys.der,
      { name: 'RSA-PSS', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    expect(() => createJwtAuth(options({ privateKey: pss }))).toThrow(/RSA-PSS.*RS256/);
    const sha512 = await webcrypto.subtle.importKey(
      'pkcs8',
      keys.der,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
      false,
      ['sign'],
    );
    expect(() => createJwtAuth(options({ privateKey: sha512 }))).toThrow(PrivateKeyError);
    const small = await webcrypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      false,
      ['sign', 'verify'],
    );
    expect(() => createJwtAuth(options({ privateKey: small.privateKey }))).toThrow(/1024 bits/);
    expect(() => createJwtAuth(options({ privateKey: small.publicKey }))).toThrow(/public CryptoKey/);
    expect(() =>
      createJwtAuth(options({ privateKey: small.privateKey, passphrase: keys.passphrase })),
    ).toThrow(/already decrypted/);
  });
});

describe('without node:crypto', () => {
  it('signs with an unencrypted PKCS#8 key, PEM or DER, imported on the first token request', async () => {
    withoutNodeCrypto();
    for (const privateKey of [keys.pkcs8, new Uint8Array(keys.der), new TextEncoder().encode(keys.pkcs8)]) {
      const auth = createJwtAuth(options({ privateKey }));
      expect((await auth.getToken()).token.length).toBeGreaterThan(20);
    }
  });

  it('shares a store entry between strategies of the same key, and not with another key', async () => {
    withoutNodeCrypto();
    const entries = new Map<string, unknown>();
    const store = {
      get: (key: string) => entries.get(key) as never,
      set: (key: string, value: unknown) => void entries.set(key, value),
      delete: (key: string) => void entries.delete(key),
    };
    await createJwtAuth(options({ store })).getToken();
    await createJwtAuth(options({ store, privateKey: new Uint8Array(keys.der) })).getToken();
    expect(entries.size).toBe(1);
    const other = makeRsaKeys();
    registerJwtClient(emulator, CLIENT_ID, other.publicPem);
    await createJwtAuth(options({ store, privateKey: other.pkcs8 })).getToken();
    expect(entries.size).toBe(2);
    registerJwtClient(emulator, CLIENT_ID, keys.publicPem);
  });

  it('refuses at once what only node:crypto reads, saying how to convert it; never quoting the key', () => {
    withoutNodeCrypto();
    const refusals: Array<[Partial<JwtAuthOptions>, RegExp]> = [
      [{ privateKey: keys.pkcs1 }, /PKCS#1 key .*openssl pkcs8 -topk8 -nocrypt/],
      [
        { privateKey: keys.encryptedPkcs8, passphrase: keys.passphrase },
        /encrypted private key needs node:crypto/,
      ],
      [{ privateKey: keys.encryptedPkcs8 }, /an encrypted key/],
      [{ privateKey: keys.publicPem }, /public key/],
    ];
    for (const [overrides, message] of refusals) {
      let caught: unknown;
      try {
        createJwtAuth(options(overrides));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PrivateKeyError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain(keys.pkcs8.split('\n')[1]!);
    }
  });

  it('refuses the certificate check, which needs node:crypto', () => {
    const certificate = makeCertificate(keys.pkcs8);
    withoutNodeCrypto();
    expect(() => createJwtAuth(options({ certificate }))).toThrow(/certificate needs node:crypto/);
  });

  it('fails the token request with PrivateKeyError for a key Web Crypto cannot import', async () => {
    withoutNodeCrypto();
    const damaged = keys.pkcs8.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n');
    const auth = createJwtAuth(options({ privateKey: damaged }));
    const error = await rejection(auth.getToken());
    expect(error).toBeInstanceOf(PrivateKeyError);
    expect((error as Error).message).not.toContain(keys.pkcs8.split('\n')[2]!);
  });
});
