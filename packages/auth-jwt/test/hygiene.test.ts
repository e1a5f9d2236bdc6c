import { inspect } from 'node:util';
import { ImsError, PrivateKeyError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtAuth, type JwtAuthOptions } from '../src/index.js';
import { CLIENT_SECRET, makeRsaKeys, ORG, registerJwtClient, TECHNICAL_ACCOUNT } from './keys.js';

const keys = makeRsaKeys();
const stranger = makeRsaKeys();
const CLIENT_ID = 'jwt-hygiene-client';
const keyBody = (pem: string): string[] =>
  pem.split('\n').filter((line) => line && !line.startsWith('-----'));
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
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
    privateKey: keys.encryptedPkcs8,
    passphrase: keys.passphrase,
    imsUrl: emulator.imsUrl,
    quietDeprecation: true,
    retry: false,
    ...overrides,
  };
}

function renderings(value: unknown): string[] {
  return [String(value), JSON.stringify(value) ?? '', inspect(value, { depth: 10, showHidden: true })];
}

function expectNoSecret(value: unknown, secrets: string[]): void {
  for (const text of renderings(value))
    for (const secret of secrets)
      expect(text.includes(secret), `leaked in: ${text.slice(0, 300)}`).toBe(false);
}

describe('secret hygiene', () => {
  it('the strategy object shows no secret, key, passphrase or token', async () => {
    const auth = createJwtAuth(options());
    const { token } = await auth.getToken();
    expectNoSecret(auth, [CLIENT_SECRET, keys.passphrase, token, ...keyBody(keys.encryptedPkcs8)]);
    expect(Object.keys(auth).sort()).toEqual(
      [
        'clientId',
        'getToken',
        'imsUrl',
        'invalidate',
        'kind',
        'metascopes',
        'orgId',
        'technicalAccountId',
      ].sort(),
    );
  });

  it('IMS errors carry no secret, key or token', async () => {
    const good = createJwtAuth(options());
    const { token } = await good.getToken();
    const error = await createJwtAuth(options({ privateKey: stranger.pkcs8, passphrase: undefined }))
      .getToken()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImsError);
    expectNoSecret(error, [CLIENT_SECRET, token, ...keyBody(stranger.pkcs8)]);
  });

  it('key and configuration errors carry no key, passphrase or secret', () => {
    const wrongPassphrase = (() => {
      try {
        createJwtAuth(options({ passphrase: 'wrong passphrase 123' }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(wrongPassphrase).toBeInstanceOf(PrivateKeyError);
    expectNoSecret(wrongPassphrase, ['wrong passphrase 123', CLIENT_SECRET, ...keyBody(keys.encryptedPkcs8)]);

    const badConfig = (() => {
      try {
        createJwtAuth(options({ orgId: 'acme', privateKey: keys.pkcs8, passphrase: keys.passphrase }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(badConfig).toBeDefined();
    expectNoSecret(badConfig, [CLIENT_SECRET, keys.passphrase, ...keyBody(keys.pkcs8)]);
  });
});
