import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCredentialsFromEnvironment } from './credentials-env.js';
import { requireJwtCredentials, requireOAuthCredentials } from './credentials-validate.js';
import type { ConfigurationError } from './errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const ORG = '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg';
const TECHNICAL_ACCOUNT = '7E8F9A0B1C2D3E4F5A6B7C8D@techacct.adobe.com';
// A throwaway key made for this run; only its PEM shape matters here.
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

const OAUTH_ENV = {
  ACS_CLIENT_ID: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
  ACS_CLIENT_SECRET: 'p8e-FAKE0secret0for0tests0only0AAAA',
  ACS_ORG_ID: ORG,
  ACS_SCOPES: 'openid, AdobeID,campaign_sdk',
};
const JWT_ENV = {
  ACS_CLIENT_ID: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
  ACS_CLIENT_SECRET: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
  ACS_ORG_ID: ORG,
  ACS_TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
  ACS_METASCOPES: 'ent_campaign_sdk',
};

function jwtKeyFrom(privateKey: string): string {
  return requireJwtCredentials(readCredentialsFromEnvironment({ ...JWT_ENV, ACS_PRIVATE_KEY: privateKey }))
    .privateKey!;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readCredentialsFromEnvironment', () => {
  it('reads OAuth Server-to-Server variables, trimming and splitting the scope list', () => {
    expect(requireOAuthCredentials(readCredentialsFromEnvironment(OAUTH_ENV))).toEqual({
      clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
      clientSecrets: ['p8e-FAKE0secret0for0tests0only0AAAA'],
      orgId: ORG,
      scopes: ['openid', 'AdobeID', 'campaign_sdk'],
      imsUrl: 'https://ims-na1.adobelogin.com',
    });
  });

  it('reads ACS_CLIENT_SECRETS as a comma list or a JSON list', () => {
    const base = { ...OAUTH_ENV, ACS_CLIENT_SECRET: undefined };
    const comma = readCredentialsFromEnvironment({
      ...base,
      ACS_CLIENT_SECRETS: 'p8e-one-aaaaaaaa, p8e-two-bbbbbbbb',
    });
    const json = readCredentialsFromEnvironment({
      ...base,
      ACS_CLIENT_SECRETS: '["p8e-one-aaaaaaaa","p8e-two-bbbbbbbb"]',
    });
    expect(requireOAuthCredentials(comma).clientSecrets).toEqual(['p8e-one-aaaaaaaa', 'p8e-two-bbbbbbbb']);
    expect(requireOAuthCredentials(json).clientSecrets).toEqual(['p8e-one-aaaaaaaa', 'p8e-two-bbbbbbbb']);
    expect(comma.fieldNames['oauth.clientSecrets']).toBe('ACS_CLIENT_SECRETS');
  });

  it('reads the instance and origin variables', () => {
    const loaded = readCredentialsFromEnvironment({
      ...OAUTH_ENV,
      ACS_TENANT: 'acme',
      ACS_ENVIRONMENT: 'stage',
      ACS_BASE_URL: 'http://127.0.0.1:4010',
      ACS_IMS_URL: 'http://127.0.0.1:4011/',
    });
    expect(loaded).toMatchObject({
      tenant: 'acme',
      environment: 'stage',
      baseUrl: 'http://127.0.0.1:4010',
      imsUrl: 'http://127.0.0.1:4011/',
    });
    expect(requireOAuthCredentials(loaded).imsUrl).toBe('http://127.0.0.1:4011');
  });

  it('reads process.env when no map is given', () => {
    for (const [name, value] of Object.entries(OAUTH_ENV)) vi.stubEnv(name, value);
    expect(requireOAuthCredentials(readCredentialsFromEnvironment()).clientId).toBe(
      '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
    );
  });

  it('reads JWT variables with a key file', () => {
    expect(
      requireJwtCredentials(
        readCredentialsFromEnvironment({
          ...JWT_ENV,
          ACS_PRIVATE_KEY_FILE: '/keys/private.key',
          ACS_PRIVATE_KEY_PASSPHRASE: ' spaced pass ',
        }),
      ),
    ).toEqual({
      clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      clientSecret: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
      orgId: ORG,
      technicalAccountId: TECHNICAL_ACCOUNT,
      metascopes: ['ent_campaign_sdk'],
      privateKeyFile: '/keys/private.key',
      passphrase: ' spaced pass ',
      imsUrl: 'https://ims-na1.adobelogin.com',
    });
  });

  it('merges ACS_CREDENTIALS_FILE under the explicit variables', () => {
    const loaded = readCredentialsFromEnvironment({
      ACS_CREDENTIALS_FILE: fixture('credential-oauth.json'),
      ACS_SCOPES: 'openid,campaign_sdk',
      ACS_TENANT: 'acme',
    });
    expect(loaded.source).toBe(`environment and ${fixture('credential-oauth.json')}`);
    expect(requireOAuthCredentials(loaded)).toMatchObject({
      clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
      clientSecrets: ['p8e-FAKE0secret0for0tests0only0AAAA', 'p8e-FAKE0second0secret0rotation0DD'],
      scopes: ['openid', 'campaign_sdk'],
    });
    expect(loaded.fieldNames['oauth.clientId']).toBe('CLIENT_ID');
    expect(loaded.fieldNames['oauth.scopes']).toBe('ACS_SCOPES');
    expect(loaded.tenant).toBe('acme');
  });

  it('names ACS_CREDENTIALS_FILE when the file is missing', () => {
    const error = (() => {
      try {
        readCredentialsFromEnvironment({ ACS_CREDENTIALS_FILE: '/nonexistent/creds.json' });
      } catch (caught) {
        return caught as ConfigurationError;
      }
    })();
    expect(error?.message).toBe(
      'Invalid configuration (environment): ACS_CREDENTIALS_FILE names "/nonexistent/creds.json", which does not exist',
    );
  });

  it('says to pass JSON content where the runtime cannot read files', () => {
    const proc = globalThis.process as { getBuiltinModule?: unknown };
    const original = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      expect(() =>
        readCredentialsFromEnvironment({ ACS_CREDENTIALS_FILE: fixture('credential-oauth.json') }),
      ).toThrow(
        `Invalid configuration (environment): ACS_CREDENTIALS_FILE names a file ("${fixture('credential-oauth.json')}") but this runtime cannot read files: pass the JSON content instead of a path`,
      );
    } finally {
      proc.getBuiltinModule = original;
    }
  });
});

describe('PEM keys that went through a .env file', () => {
  it('keeps an intact PEM as a usable key', () => {
    const key = jwtKeyFrom(PEM);
    expect(createPrivateKey(key).asymmetricKeyType).toBe('ec');
  });

  it('repairs literal \\n escapes', () => {
    const escaped = PEM.trim().replace(/\n/g, '\\n');
    expect(escaped).not.toContain('\n');
    expect(jwtKeyFrom(escaped)).toBe(PEM);
  });

  it('repairs CRLF line ends, line breaks collapsed into spaces and surrounding quotes', () => {
    expect(jwtKeyFrom(PEM.replace(/\n/g, '\r\n'))).toBe(PEM);
    expect(jwtKeyFrom(PEM.trim().replace(/\n/g, ' '))).toBe(PEM);
    expect(jwtKeyFrom(`"${PEM.trim().replace(/\n/g, '\\n')}"`)).toBe(PEM);
  });

  it('decodes a base64-encoded PEM', () => {
    expect(jwtKeyFrom(Buffer.from(PEM).toString('base64'))).toBe(PEM);
  });

  it('says so when the PEM was cut to its first line', () => {
    expect(() =>
      requireJwtCredentials(
        readCredentialsFromEnvironment({ ...JWT_ENV, ACS_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' }),
      ),
    ).toThrow(
      'Invalid configuration (environment): ACS_PRIVATE_KEY holds only the first line of a PEM key: the rest was lost, typically by an unquoted multi-line value in a .env file. Quote the value, write the line breaks as \\n, or use a key file instead',
    );
  });
});
